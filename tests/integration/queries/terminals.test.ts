import { beforeAll, describe, expect, it } from "vitest";
import { iterateTerminals, listTerminals, terminalFilterOptions } from "@/db/queries/terminals";
import { terminalListSchema, type TerminalListParams } from "@/db/queries/terminal-filters";
import { AppError } from "@/lib/errors";
import { compareVersions } from "@/lib/rules/version";
import { inScopeRows, seeded, sns, type OracleRow, type Seeded } from "./seeded";

let ctx: Seeded;
beforeAll(async () => {
  ctx = await seeded();
});

const NAME_SORT: ReadonlySet<string> = new Set(["agent", "city", "merchant"]);
const params = (over: Record<string, unknown> = {}): TerminalListParams => terminalListSchema.parse({ size: 200, ...over });

async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

function listAll(scopeCode: "ROOT" | "EAST" | "HZ" | "SOUTH", over: Record<string, unknown> = {}) {
  return listTerminals(ctx.db, ctx.scopeOf(scopeCode), params(over));
}

describe("listTerminals", () => {
  it("returns the whole fleet to the root scope and only the subtree to a sub-agent", async () => {
    const root = await listAll("ROOT");
    expect(root.total).toBe(60);
    expect(sns(root.rows)).toEqual(sns(ctx.oracle));
    const east = await listAll("EAST");
    const expected = inScopeRows(ctx.oracle, ctx.scopeOf("EAST"));
    expect(east.total).toBe(expected.length);
    expect(sns(east.rows)).toEqual(sns(expected));
    // EAST holds HZ's terminals but never SOUTH's or the root's own.
    const south = new Set(inScopeRows(ctx.oracle, ctx.scopeOf("SOUTH")).map((r) => r.sn));
    expect(east.rows.some((r) => south.has(r.sn))).toBe(false);
    expect(east.rows.some((r) => r.agentName === "杭州子代理")).toBe(true);
  });

  it("never lets a filter reach outside the scope (agent filter naming another subtree)", async () => {
    const res = await listAll("EAST", { agent: ctx.fleet.agents.SOUTH.id });
    expect(res.total).toBe(0);
    expect(res.rows).toEqual([]);
  });

  const cases: [string, Record<string, unknown>, (r: OracleRow) => boolean][] = [
    ["status", { status: "offline" }, (r) => r.status === "offline"],
    ["category", { category: "network" }, (r) => r.category === "network"],
    ["severity", { severity: "critical" }, (r) => r.severity === "critical"],
    ["city", { city: "深圳" }, (r) => r.city === "深圳"],
    ["model", { model: "MP70" }, (r) => r.model === "MP70"],
    ["firmware", { firmware: "2.5.0" }, (r) => r.firmware === "2.5.0"],
    ["compliance blocked", { compliance: "blocked" }, (r) => r.firmware === "2.3.5"],
    ["compliance below_min", { compliance: "below_min" }, (r) => r.firmware !== "2.3.5" && compareVersions(r.firmware, "2.3.0") === -1],
    ["battery bucket", { battery: "0-10" }, (r) => r.battery <= 10],
    ["signal bucket", { signal: "weak" }, (r) => r.signal !== null && r.signal >= -109 && r.signal <= -100],
    ["serial prefix", { q: "pfh0001" }, (r) => r.sn.startsWith("PFH0001")],
    ["merchant name containing three characters", { q: "茶饮店" }, (r) => r.merchant.includes("茶饮店")],
    // Under three characters a trigram index cannot look inside names: the start of the name.
    ["merchant name starting with two characters", { q: "深圳" }, (r) => r.merchant.startsWith("深圳")],
    ["code cited by the diagnosis", { code: "13" }, (r) => r.findings.includes('"13"')],
    ["agent with its subtree", { agent: 0 }, () => true], // replaced below
  ];

  it.each(cases.slice(0, -1))("filters by %s exactly as the seed says", async (_name, filter, keep) => {
    const res = await listAll("ROOT", filter);
    const expected = ctx.oracle.filter(keep);
    expect(expected.length).toBeGreaterThan(0);
    expect(res.total).toBe(expected.length);
    expect(sns(res.rows)).toEqual(sns(expected));
  });

  it("filters by agent including its sub-agents, or only the agent itself with subtree=0", async () => {
    const east = ctx.fleet.agents.EAST;
    const withSub = await listAll("ROOT", { agent: east.id });
    expect(sns(withSub.rows)).toEqual(sns(ctx.oracle.filter((r) => r.agentPath.startsWith(east.path))));
    const own = await listAll("ROOT", { agent: east.id, subtree: "0" });
    expect(sns(own.rows)).toEqual(sns(ctx.oracle.filter((r) => r.agentId === east.id)));
    expect(own.total).toBeLessThan(withSub.total);
  });

  it("filters by compliance alike whether it reads the firmware index or walks the sort's index", async () => {
    for (const [compliance, keep] of [["blocked", cases[6]![2]], ["below_min", cases[7]![2]], ["ok", (r: OracleRow) => !cases[6]![2](r) && !cases[7]![2](r)]] as const) {
      const expected = sns(ctx.oracle.filter(keep));
      for (const fewCompliantBelow of [0, 1_000_000]) {
        for (const sort of ["sn", "merchant"]) {
          const res = await listTerminals(ctx.db, ctx.scopeOf("ROOT"), params({ compliance, sort }), { fewCompliantBelow });
          expect(sns(res.rows), `${compliance} ${sort} ${fewCompliantBelow}`).toEqual(expected);
          expect(res.total).toBe(expected.length);
        }
      }
    }
  });

  it("filters by code alike whether terminal_codes drives the read or the sort's index is walked", async () => {
    const expected = sns(ctx.oracle.filter(cases[13]![2]));
    expect(expected.length).toBeGreaterThan(0);
    for (const fewCodedBelow of [0, 1_000_000]) {
      for (const sort of ["sn", "agent", "battery"]) {
        const res = await listTerminals(ctx.db, ctx.scopeOf("ROOT"), params({ code: "13", sort }), { fewCodedBelow });
        expect(sns(res.rows), `${sort} ${fewCodedBelow}`).toEqual(expected);
        expect(res.total).toBe(expected.length);
      }
    }
  });

  it("counts a mix of filters from different counters row by row, up to the cap, and says when it stopped", async () => {
    const mixed = { status: "online", city: "杭州" };
    const expected = ctx.oracle.filter((r) => r.status === "online" && r.city === "杭州").length;
    expect(expected).toBeGreaterThan(2);
    const exact = await listTerminals(ctx.db, ctx.scopeOf("ROOT"), params(mixed));
    expect([exact.total, exact.totalExact]).toEqual([expected, true]);
    const capped = await listTerminals(ctx.db, ctx.scopeOf("ROOT"), params(mixed), { countCap: 2 });
    expect([capped.total, capped.totalExact]).toEqual([2, false]);
    expect(capped.rows.length).toBe(expected); // the page itself is whole
    // Filters of one counter (with an agent) come from the counters, exact whatever the cap.
    const one = { status: "online", category: "healthy", agent: ctx.fleet.agents.EAST.id };
    const fromCounters = await listTerminals(ctx.db, ctx.scopeOf("ROOT"), params(one), { countCap: 2 });
    const want = ctx.oracle.filter((r) => r.status === "online" && r.category === "healthy" && r.agentPath.startsWith(ctx.fleet.agents.EAST.path)).length;
    expect(want).toBeGreaterThan(2);
    expect([fromCounters.total, fromCounters.totalExact]).toEqual([want, true]);
  });

  it("combines filters with AND", async () => {
    const res = await listAll("ROOT", { status: "online", city: "杭州", category: "healthy" });
    expect(sns(res.rows)).toEqual(sns(ctx.oracle.filter((r) => r.status === "online" && r.city === "杭州" && r.category === "healthy")));
  });

  it("sorts by battery descending with the id as tie-breaker", async () => {
    const res = await listAll("ROOT", { sort: "battery", dir: "desc" });
    const expected = [...ctx.oracle].sort((a, b) => b.battery - a.battery || b.id - a.id).map((r) => r.sn);
    expect(res.rows.map((r) => r.sn)).toEqual(expected);
  });

  it.each(["agent", "city", "merchant"] as const)("sorts by %s name in order and pages through it once per row, both ways", async (sort) => {
    const scope = ctx.scopeOf("ROOT");
    const key = (r: { agentName: string; city: string; merchant: string }) => (sort === "agent" ? r.agentName : sort === "city" ? r.city : r.merchant);
    for (const dir of ["asc", "desc"] as const) {
      const pages: string[] = [];
      const keys: string[] = [];
      let page = await listTerminals(ctx.db, scope, params({ sort, dir, size: 7 }));
      for (;;) {
        pages.push(...page.rows.map((r) => r.sn));
        keys.push(...page.rows.map(key));
        if (!page.nextCursor) break;
        page = await listTerminals(ctx.db, scope, params({ sort, dir, size: 7, after: page.nextCursor }));
      }
      expect(new Set(pages).size).toBe(ctx.oracle.length);
      expect(pages).toHaveLength(ctx.oracle.length);
      const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      expect(keys, dir).toEqual(dir === "asc" ? sorted : sorted.reverse());
      const whole = await listTerminals(ctx.db, scope, params({ sort, dir, size: 200 }));
      expect(pages).toEqual(whole.rows.map((r) => r.sn));
    }
  });

  // A name sort with a filter walks a bounded stretch of names, and sorts the filter's matches when
  // that stretch holds less than a page (walkScan 1 forces it on every page); with sortMatchesMax -1
  // it walks unbounded, as it does when the counters count too many matches to sort.
  // An indexed sort whose filter does not read its own index does the same: a bounded walk of the
  // sort's index, the matches read through the filter's index and sorted, or the unbounded walk.
  it.each(["agent", "city", "merchant", "severity", "problems", "sn", "battery", "lastSeen", "status"] as const)("with a filter, sorts by %s alike whether the walk finds the page, the matches are sorted, or the walk is unbounded", async (sort) => {
    const scope = ctx.scopeOf("ROOT");
    const pagesOf = async (filter: Record<string, unknown>, dir: "asc" | "desc", mode: { walkScan?: number; sortMatchesMax?: number }) => {
      // The code and compliance filters as when many terminals match, so they do not read their own index first.
      const opts = { ...mode, fewCodedBelow: 0, fewCompliantBelow: 0 };
      const seen: string[][] = [];
      let page = await listTerminals(ctx.db, scope, params({ ...filter, sort, dir, size: 2 }), opts);
      seen.push(sns(page.rows));
      while (page.nextCursor) {
        page = await listTerminals(ctx.db, scope, params({ ...filter, sort, dir, size: 2, after: page.nextCursor }), opts);
        seen.push(sns(page.rows));
      }
      const back: string[][] = [sns(page.rows)];
      while (page.prevCursor) {
        page = await listTerminals(ctx.db, scope, params({ ...filter, sort, dir, size: 2, before: page.prevCursor }), opts);
        back.unshift(sns(page.rows));
      }
      expect(back, "the same pages backwards").toEqual(seen);
      return seen;
    };
    const named = (n: string) => cases.find((c) => c[0] === n)!;
    const filters = ["status", "category", "city", "battery bucket", ...(NAME_SORT.has(sort) ? [] : ["compliance blocked", "code cited by the diagnosis"])];
    for (const [name, filter, keep] of filters.map(named)) {
      const expected = new Set(sns(ctx.oracle.filter(keep)));
      expect(expected.size, name).toBeGreaterThan(2);
      for (const dir of ["asc", "desc"] as const) {
        const unbounded = await pagesOf(filter, dir, { sortMatchesMax: -1 });
        expect(new Set(unbounded.flat()), `${name} ${dir}`).toEqual(expected);
        expect(unbounded.flat(), `${name} ${dir}`).toHaveLength(expected.size);
        expect(await pagesOf(filter, dir, { walkScan: 1 }), `${name} ${dir}, matches sorted`).toEqual(unbounded);
        expect(await pagesOf(filter, dir, { walkScan: 5 }), `${name} ${dir}, some pages walked, some sorted`).toEqual(unbounded);
        expect(await pagesOf(filter, dir, {}), `${name} ${dir}, bounded walk`).toEqual(unbounded);
      }
    }
  });

  it("walks every row exactly once page by page, forwards and back", async () => {
    const scope = ctx.scopeOf("ROOT");
    const base = { sort: "signal", dir: "asc", size: 7 };
    const seen: string[][] = [];
    let page = await listTerminals(ctx.db, scope, params(base));
    expect(page.prevCursor).toBeNull();
    seen.push(page.rows.map((r) => r.sn));
    while (page.nextCursor) {
      page = await listTerminals(ctx.db, scope, params({ ...base, after: page.nextCursor }));
      seen.push(page.rows.map((r) => r.sn));
    }
    const flat = seen.flat();
    expect(flat).toHaveLength(60);
    expect(new Set(flat).size).toBe(60);
    const expected = [...ctx.oracle].sort((a, b) => (a.signal ?? -999) - (b.signal ?? -999) || a.id - b.id).map((r) => r.sn);
    expect(flat).toEqual(expected);
    // Back from the last page to the first, page by page.
    const back: string[][] = [page.rows.map((r) => r.sn)];
    while (page.prevCursor) {
      page = await listTerminals(ctx.db, scope, params({ ...base, before: page.prevCursor }));
      back.unshift(page.rows.map((r) => r.sn));
    }
    expect(back).toEqual(seen);
  });

  it("refuses a cursor it did not make, naming the parameter", async () => {
    try {
      await listAll("ROOT", { after: "not-a-cursor" });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe("bad_request");
      expect((err as AppError).details).toEqual({ parameter: "after" });
    }
  });

  it("rejects bad parameter values in the schema", () => {
    expect(terminalListSchema.safeParse({ status: "sleeping" }).success).toBe(false);
    expect(terminalListSchema.safeParse({ size: "1000" }).success).toBe(false);
    expect(terminalListSchema.safeParse({ status: "", city: "" }).success).toBe(true);
  });
});

describe("iterateTerminals", () => {
  it("yields every filtered row in the list order, not just a page", async () => {
    const rows = await collect(iterateTerminals(ctx.db, ctx.scopeOf("ROOT"), { ...params({ status: "online" }) }));
    expect(rows.map((r) => r.sn)).toEqual(ctx.oracle.filter((r) => r.status === "online").map((r) => r.sn).sort());
  });

  it.each([
    ["signal", "asc"],
    ["battery", "desc"],
    ["merchant", "asc"],
    ["lastSeen", "desc"],
  ] as const)("reads the rows a page of ids at a time (sort %s %s) and yields each row once, in the list order", async (sort, dir) => {
    const scope = ctx.scopeOf("ROOT");
    const all = await collect(iterateTerminals(ctx.db, scope, params({ sort, dir }), 7));
    const list = await listTerminals(ctx.db, scope, params({ sort, dir }));
    expect(all).toHaveLength(60);
    expect(all.map((r) => r.sn)).toEqual(list.rows.map((r) => r.sn));
    expect(all).toEqual(list.rows);
  });

  it("obeys the scope", async () => {
    const rows = await collect(iterateTerminals(ctx.db, ctx.scopeOf("SOUTH"), params()));
    expect(sns(rows)).toEqual(sns(inScopeRows(ctx.oracle, ctx.scopeOf("SOUTH"))));
  });
});

describe("terminalFilterOptions", () => {
  it("offers only agents, cities and models of the scope", async () => {
    const opts = await terminalFilterOptions(ctx.db, ctx.scopeOf("SOUTH"));
    expect(opts.agents.map((a) => a.name)).toEqual(["华南代理"]);
    expect(opts.cities).toEqual([...new Set(inScopeRows(ctx.oracle, ctx.scopeOf("SOUTH")).map((r) => r.city))].sort());
    const root = await terminalFilterOptions(ctx.db, ctx.scopeOf("ROOT"));
    expect(root.agents).toHaveLength(4);
    expect(root.firmware).toEqual([...new Set(ctx.oracle.map((r) => r.firmware))].sort());
    expect(root.models).toEqual([...new Set(ctx.oracle.map((r) => r.model))].sort());
  });
});
