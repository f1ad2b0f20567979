// The first page of every sort the terminals table offers, alone and with each filter it offers,
// walks an index on SQLite: EXPLAIN QUERY PLAN of the statement listTerminals runs must show
// neither a sort of the rows (USE TEMP B-TREE FOR ORDER BY) nor a scan of terminal_state without
// an index. The statement is the real one (firstPageStatement), on the real migrations.
import { beforeAll, describe, expect, it } from "vitest";
import { firstPageStatement, listTerminals } from "@/db/queries/terminals";
import { SORT_KEYS, terminalListSchema, type SortKey } from "@/db/queries/terminal-filters";
import { seeded, type Seeded } from "./seeded";

let ctx: Seeded;
beforeAll(async () => {
  ctx = await seeded();
});

/** Sorts whose first page an index on terminal_state (or the unique serial) serves. */
export const INDEXED_SORTS: SortKey[] = ["sn", "status", "category", "severity", "battery", "signal", "firmware", "lastSeen", "problems"];

/**
 * Filters without an index of their own: SQLite walks the sort's index and checks them per row,
 * stopping at the page size.
 */
const RESIDUAL_FILTERS: Record<string, Record<string, unknown>> = {
  problem: { problem: "1" },
  compliance: { compliance: "blocked" },
  signal: { signal: "weak" },
  code: { code: "13" },
  q: { q: "PFH0001" },
};

/** Filters on the leading column of a sort's index: a range scan of that index, in order. */
const SAME_INDEX: [SortKey, Record<string, unknown>][] = [
  ["status", { status: "offline" }],
  ["category", { category: "network" }],
  ["firmware", { firmware: "2.5.0" }],
  ["battery", { battery: "0-10" }],
  ["lastSeen", { status: "offline" }],
];

async function plan(sort: SortKey, filter: Record<string, unknown>, dir: "asc" | "desc" = "asc"): Promise<string[]> {
  const p = terminalListSchema.parse({ sort, dir, size: 50, ...filter });
  const st = await firstPageStatement(ctx.db, ctx.scopeOf("ROOT"), p);
  const rows = await ctx.db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${st.sql}`, st.params);
  return rows.map((r) => r.detail);
}

function sortsTheFleet(lines: string[]): string[] {
  return lines.filter((l) => /USE TEMP B-TREE FOR (RIGHT PART OF |LAST TERM OF )?ORDER BY/.test(l) || /^SCAN (terminal_state|s)\b(?!.*USING)/.test(l));
}

describe("terminals first page plan (SQLite)", () => {
  it("the check itself catches a sort: an unindexed order shows a temp b-tree", async () => {
    const rows = await ctx.db.all<{ detail: string }>(
      `EXPLAIN QUERY PLAN SELECT s.terminal_id FROM terminal_state s ORDER BY s.lat, s.terminal_id LIMIT 51`,
    );
    expect(sortsTheFleet(rows.map((r) => r.detail)).length).toBeGreaterThan(0);
  });

  for (const sort of INDEXED_SORTS) {
    for (const dir of ["asc", "desc"] as const) {
      it(`sort ${sort} ${dir} walks an index`, async () => {
        const lines = await plan(sort, {}, dir);
        expect(sortsTheFleet(lines), lines.join("\n")).toEqual([]);
      });
    }
    for (const [name, filter] of Object.entries(RESIDUAL_FILTERS)) {
      it(`sort ${sort} with the ${name} filter walks the sort's index`, async () => {
        const lines = await plan(sort, filter);
        expect(sortsTheFleet(lines), lines.join("\n")).toEqual([]);
      });
    }
  }

  for (const [sort, filter] of SAME_INDEX) {
    it(`sort ${sort} with the ${Object.keys(filter)[0]} filter is a range scan of one index`, async () => {
      const lines = await plan(sort, filter);
      expect(sortsTheFleet(lines), lines.join("\n")).toEqual([]);
      expect(lines.some((l) => /^SEARCH s USING (COVERING )?INDEX/.test(l)), lines.join("\n")).toBe(true);
    });
  }

  it("the indexed problems key orders critical, then warning, then healthy, longest in category first", async () => {
    const page = await listTerminals(ctx.db, ctx.scopeOf("ROOT"), terminalListSchema.parse({ sort: "problems", size: 200 }));
    const oracle = await ctx.db.all<{ sn: string }>(
      `SELECT t.sn FROM terminal_state s JOIN terminals t ON t.id = s.terminal_id
       ORDER BY CASE s.severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, s.category_since, t.id`,
    );
    expect(page.rows.map((r) => r.sn)).toEqual(oracle.map((r) => r.sn));
    expect(new Set(page.rows.map((r) => r.severity)).size).toBeGreaterThan(1);
  });

  it("pages through problems first with cursors, each row once", async () => {
    const all: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await listTerminals(ctx.db, ctx.scopeOf("ROOT"), terminalListSchema.parse({ sort: "problems", size: 7, after }));
      all.push(...page.rows.map((r) => r.sn));
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    const whole = await listTerminals(ctx.db, ctx.scopeOf("ROOT"), terminalListSchema.parse({ sort: "problems", size: 200 }));
    expect(all).toEqual(whole.rows.map((r) => r.sn));
  });

  it("lists which sorts are indexed: every sort key but the merchant, city and agent names", () => {
    expect([...SORT_KEYS].filter((k) => !INDEXED_SORTS.includes(k)).sort()).toEqual(["agent", "city", "merchant"]);
  });
});
