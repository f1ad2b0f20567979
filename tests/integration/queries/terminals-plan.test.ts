// The first page of every indexed sort the terminals table offers walks an index. On SQLite,
// EXPLAIN QUERY PLAN of the statement listTerminals runs must show neither a sort of the rows
// (USE TEMP B-TREE FOR ORDER BY) nor a scan of terminal_state without an index. Under the
// PostgreSQL config the same cases run EXPLAIN (FORMAT JSON) on a few thousand ANALYZEd rows and
// fail on a Sort node above a Seq Scan of terminal_state. The statement is the real one
// (firstPageStatement), on the real migrations.
import { beforeAll, describe, expect, it } from "vitest";
import { firstPageStatement, listTerminals, type ListOptions } from "@/db/queries/terminals";
import { SORT_KEYS, terminalListSchema, type SortKey } from "@/db/queries/terminal-filters";
import { seeded, type Seeded } from "./seeded";

let ctx: Seeded;
beforeAll(async () => {
  ctx = await seeded();
  if (ctx.db.dialect === "pg") await grow(ctx, 5000);
});

/** PostgreSQL picks plans from statistics: enough rows, spread over the sort columns, then ANALYZE. */
async function grow(c: Seeded, n: number): Promise<void> {
  const agent = c.fleet.agents.HZ.id;
  await c.db.run(
    `INSERT INTO terminals (sn, model, merchant_id, agent_id, created_at)
     SELECT 'PLAN' || lpad(CAST(i AS text), 6, '0'), 'MP70', (SELECT min(id) FROM merchants), ?, 0 FROM generate_series(1, ?) i`,
    [agent, n],
  );
  await c.db.run(
    `INSERT INTO terminal_state (terminal_id, last_seq, last_seen_at, last_device_ts, battery_pct, charging, firmware, signal_dbm, network,
       status, category, severity, diagnosed_at, category_since)
     SELECT t.id, 1, 1000000 + t.id * 7919 % 100000, 0, t.id % 101, 0, '2.' || (t.id % 7) || '.0', -50 - t.id % 70, 'wifi',
       CASE WHEN t.id % 9 = 0 THEN 'offline' ELSE 'online' END,
       CASE t.id % 5 WHEN 0 THEN 'network' WHEN 1 THEN 'battery' ELSE 'healthy' END,
       CASE t.id % 5 WHEN 0 THEN 'critical' WHEN 1 THEN 'warning' ELSE 'ok' END, 0, t.id * 104729 % 1000000
     FROM terminals t WHERE t.sn LIKE 'PLAN%'`,
  );
  await c.db.run("ANALYZE");
}

interface PgNode {
  "Node Type": string;
  "Relation Name"?: string;
  Plans?: PgNode[];
}

/** Sort nodes that have a Seq Scan of terminal_state below them, as "Sort > ... > Seq Scan" lines. */
function sortOverSeqScan(node: PgNode, underSort = false): string[] {
  const sorting = underSort || node["Node Type"] === "Sort" || node["Node Type"] === "Incremental Sort";
  const here = sorting && node["Node Type"] === "Seq Scan" && node["Relation Name"] === "terminal_state" ? ["Sort over Seq Scan on terminal_state"] : [];
  return [...here, ...(node.Plans ?? []).flatMap((p) => sortOverSeqScan(p, sorting))];
}

/** Sorts whose first page an index on terminal_state (or the unique serial) serves. */
export const INDEXED_SORTS: SortKey[] = ["sn", "status", "category", "severity", "battery", "signal", "firmware", "lastSeen", "problems", "merchant", "city", "agent"];

/**
 * Filters without an index of their own: SQLite walks the sort's index and checks them per row,
 * stopping at the page size.
 */
const RESIDUAL_FILTERS: Record<string, Record<string, unknown>> = {
  problem: { problem: "1" },
  signal: { signal: "weak" },
  code: { code: "13" },
};
// Search (q) is not walked: its matches are read through their own indexes first
// (tests/integration/queries/terminals-search-plan.test.ts).

/**
 * Compliance becomes the list of firmware versions it means (from the counters). When many
 * terminals match, SQLite walks the sort's index and checks each row's version against the list
 * (forced here by fewCompliantBelow 0 on the seed's mostly compliant fleet).
 */
const SQLITE_RESIDUAL_FILTERS: Record<string, Record<string, unknown>> = { compliance: { compliance: "ok" } };
// sortMatchesMax -1: a name sort walks on unbounded, as when the counters count too many matches to sort.
const MANY: ListOptions = { fewCompliantBelow: 0, fewCodedBelow: 0, sortMatchesMax: -1 };

/** Filters on the leading column of a sort's index: a range scan of that index, in order. */
const SAME_INDEX: [SortKey, Record<string, unknown>][] = [
  ["status", { status: "offline" }],
  ["category", { category: "network" }],
  ["firmware", { firmware: "2.5.0" }],
  ["battery", { battery: "0-10" }],
  ["lastSeen", { status: "offline" }],
  // The counters' severities of the matches bound the problems key (severityRanks).
  ["severity", { severity: "critical" }],
  ["problems", { problem: "1" }],
];

/** The plan as lines: SQLite's EXPLAIN QUERY PLAN details, or PostgreSQL's JSON plan flattened. */
async function plan(sort: SortKey, filter: Record<string, unknown>, dir: "asc" | "desc" = "asc", opts: ListOptions = {}): Promise<string[]> {
  const p = terminalListSchema.parse({ sort, dir, size: 50, ...filter });
  const st = await firstPageStatement(ctx.db, ctx.scopeOf("ROOT"), p, opts);
  if (ctx.db.dialect === "pg") {
    const rows = await ctx.db.all<{ "QUERY PLAN": unknown }>(`EXPLAIN (FORMAT JSON) ${st.sql}`, st.params);
    const raw = rows[0]!["QUERY PLAN"];
    const root = (typeof raw === "string" ? JSON.parse(raw) : raw) as { Plan: PgNode }[];
    const lines: string[] = [];
    const walk = (n: PgNode, depth: number) => {
      lines.push(`${"  ".repeat(depth)}${n["Node Type"]}${n["Relation Name"] ? ` on ${n["Relation Name"]}` : ""}`);
      for (const c of n.Plans ?? []) walk(c, depth + 1);
    };
    walk(root[0]!.Plan, 0);
    return [...sortOverSeqScan(root[0]!.Plan), "--", ...lines];
  }
  const rows = await ctx.db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${st.sql}`, st.params);
  return rows.map((r) => r.detail);
}

function sortsTheFleet(lines: string[]): string[] {
  if (ctx.db.dialect === "pg") return lines.slice(0, lines.indexOf("--"));
  return lines.filter((l) => /USE TEMP B-TREE FOR (RIGHT PART OF |LAST TERM OF )?ORDER BY/.test(l) || /^SCAN (terminal_state|s)\b(?!.*USING)/.test(l));
}

describe("terminals first page plan (SQLite)", () => {
  it("the check itself catches a sort: an unindexed order is a sort of the table", async () => {
    const q = `SELECT s.terminal_id FROM terminal_state s ORDER BY s.lat, s.terminal_id LIMIT 51`;
    if (ctx.db.dialect === "pg") {
      const rows = await ctx.db.all<{ "QUERY PLAN": unknown }>(`EXPLAIN (FORMAT JSON) ${q}`);
      const raw = rows[0]!["QUERY PLAN"];
      const root = (typeof raw === "string" ? JSON.parse(raw) : raw) as { Plan: PgNode }[];
      expect(sortOverSeqScan(root[0]!.Plan).length).toBeGreaterThan(0);
      return;
    }
    const rows = await ctx.db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${q}`);
    expect(sortsTheFleet(rows.map((r) => r.detail)).length).toBeGreaterThan(0);
  });

  // On PostgreSQL the agent sort's plan follows the statistics: on this file's 5,000 rows under one
  // agent it hashes that agent's terminals (an incremental sort of one agent's rows); SQLite's walk
  // is fixed by its FROM (walkFrom in db/queries/where.ts).
  const planned = process.env.PFH_TEST_PG_URL ? INDEXED_SORTS.filter((s) => s !== "agent") : INDEXED_SORTS;
  for (const sort of planned) {
    for (const dir of ["asc", "desc"] as const) {
      it(`sort ${sort} ${dir} walks an index`, async () => {
        const lines = await plan(sort, {}, dir);
        expect(sortsTheFleet(lines), lines.join("\n")).toEqual([]);
      });
    }
    // Which store freshDb opens is known before the cases are collected.
    const residual = { ...RESIDUAL_FILTERS, ...(process.env.PFH_TEST_PG_URL ? {} : SQLITE_RESIDUAL_FILTERS) };
    for (const [name, filter] of Object.entries(residual)) {
      it(`sort ${sort} with the ${name} filter walks the sort's index`, async () => {
        const lines = await plan(sort, filter, "asc", MANY);
        expect(sortsTheFleet(lines), lines.join("\n")).toEqual([]);
      });
    }
  }

  for (const [sort, filter] of SAME_INDEX) {
    it(`sort ${sort} with the ${Object.keys(filter)[0]} filter is a range scan of one index`, async () => {
      const lines = await plan(sort, filter);
      expect(sortsTheFleet(lines), lines.join("\n")).toEqual([]);
      const indexed = ctx.db.dialect === "pg" ? /Index (Only )?Scan.* on terminal_state|Bitmap Index Scan/ : /^SEARCH s USING (COVERING )?INDEX/;
      expect(lines.some((l) => indexed.test(l)), lines.join("\n")).toBe(true);
    });
  }

  // SQLite only: PostgreSQL gets one statement for both cases and weighs them with its statistics.
  const sqliteOnly = process.env.PFH_TEST_PG_URL ? it.skip : it;
  sqliteOnly("a name sort that falls back to sorting a filter's matches reads them through the filter's index", async () => {
    for (const sort of ["merchant", "city", "agent"] as const) {
      const lines = await plan(sort, { battery: "0-10" });
      expect(lines.some((l) => /^SEARCH s USING (COVERING )?INDEX terminal_state_battery_idx/.test(l)), lines.join("\n")).toBe(true);
      expect(lines.filter((l) => /^SCAN (terminal_state|s|merchants|m|agents|a)\b/.test(l)), lines.join("\n")).toEqual([]);
    }
  });

  sqliteOnly("a compliance few terminals have is read through the firmware index, not by walking a sort's index over the fleet", async () => {
    for (const sort of ["sn", "battery", "merchant"] as const) {
      const lines = await plan(sort, { compliance: "ok" }, "asc", { fewCompliantBelow: 1_000_000 });
      expect(lines.some((l) => /^SEARCH s USING (COVERING )?INDEX terminal_state_firmware_idx/.test(l)), lines.join("\n")).toBe(true);
      expect(lines.filter((l) => /^SCAN (terminal_state|s)\b/.test(l)), lines.join("\n")).toEqual([]);
    }
  });

  sqliteOnly("a code few terminals cite is read through terminal_codes; many are looked up in its key row by row", async () => {
    for (const sort of ["sn", "battery", "agent"] as const) {
      const few = await plan(sort, { code: "13" }, "asc", { fewCodedBelow: 1_000_000 });
      expect(few.some((l) => /^SEARCH terminal_codes USING (COVERING |PRIMARY )?(INDEX|KEY)/.test(l)), few.join("\n")).toBe(true);
      expect(few.filter((l) => /^SCAN (terminal_state|s)\b/.test(l)), few.join("\n")).toEqual([]);
    }
    const many = await plan("battery", { code: "13" }, "asc", { fewCodedBelow: 0 });
    expect(many.some((l) => /^SEARCH tc (EXISTS )?USING (COVERING INDEX \w+|PRIMARY KEY) \((code|terminal_id)=\? AND (code|terminal_id)=\?\)/.test(l)), many.join("\n")).toBe(true);
    expect(many.some((l) => /json_each/.test(l)), many.join("\n")).toBe(false);
  });

  it("the indexed problems key orders critical, then warning, then healthy, longest in category first", async () => {
    // The seed's own terminals only (the PostgreSQL run adds thousands under another agent).
    const scope = ctx.scopeOf("SOUTH");
    const page = await listTerminals(ctx.db, scope, terminalListSchema.parse({ sort: "problems", size: 200 }));
    const oracle = await ctx.db.all<{ sn: string }>(
      `SELECT t.sn FROM terminal_state s JOIN terminals t ON t.id = s.terminal_id JOIN agents a ON a.id = t.agent_id
       WHERE a.path LIKE ? ORDER BY CASE s.severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, s.category_since, t.id`,
      [`${scope.agentPath}%`],
    );
    expect(oracle.length).toBeGreaterThan(5);
    expect(page.rows.map((r) => r.sn)).toEqual(oracle.map((r) => r.sn));
    expect(new Set(page.rows.map((r) => r.severity)).size).toBeGreaterThan(1);
  });

  it("pages through problems first with cursors, each row once", async () => {
    const all: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await listTerminals(ctx.db, ctx.scopeOf("SOUTH"), terminalListSchema.parse({ sort: "problems", size: 3, after }));
      all.push(...page.rows.map((r) => r.sn));
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    const whole = await listTerminals(ctx.db, ctx.scopeOf("SOUTH"), terminalListSchema.parse({ sort: "problems", size: 200 }));
    expect(whole.rows.length).toBeGreaterThan(3);
    expect(all).toEqual(whole.rows.map((r) => r.sn));
  });

  it("lists every sort key as indexed", () => {
    expect([...SORT_KEYS].filter((k) => !INDEXED_SORTS.includes(k))).toEqual([]);
  });
});
