import { beforeAll, describe, expect, it } from "vitest";
import { breakdownByAgent, breakdownByCity, fleetSummary } from "@/db/queries/overview";
import { topCodes } from "@/lib/fleet/top-codes";
import { HOUR_MS, hourStart } from "@/lib/domain/time";
import { describeCode } from "@/lib/rules/catalog";
import { inScopeRows, NOW, seeded, type OracleRow, type Seeded } from "./seeded";

let ctx: Seeded;
beforeAll(async () => {
  ctx = await seeded();
});

function tally<K extends string>(rows: OracleRow[], key: (r: OracleRow) => K): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) out[key(r)] = (out[key(r)] ?? 0) + 1;
  return out;
}

describe("fleetSummary", () => {
  it.each(["ROOT", "EAST", "HZ", "SOUTH"] as const)("counts the terminals of scope %s as the seed says", async (code) => {
    const scope = ctx.scopeOf(code);
    const rows = inScopeRows(ctx.oracle, scope);
    const s = await fleetSummary(ctx.db, scope);
    expect(s.total).toBe(rows.length);
    expect(s.online).toBe(rows.filter((r) => r.status === "online").length);
    expect(s.offline).toBe(rows.filter((r) => r.status === "offline").length);
    expect(s.neverReported).toBe(0);
    const byCat = Object.fromEntries(s.byCategory.map((c) => [`${c.category}/${c.severity}`, c.terminals]));
    expect(byCat).toEqual(tally(rows, (r) => `${r.category}/${r.severity}`));
    expect(s.battery.reduce((n, b) => n + b.terminals, 0)).toBe(rows.length);
    expect(s.battery.find((b) => b.bucket === "0-10")!.terminals).toBe(rows.filter((r) => r.battery <= 10).length);
    expect(s.signal.find((b) => b.bucket === "weak")!.terminals).toBe(rows.filter((r) => r.signal !== null && r.signal >= -109 && r.signal <= -100).length);
    expect(s.compliance.blocked).toBe(rows.filter((r) => r.firmware === "2.3.5").length);
    expect(s.compliance.below_min).toBe(rows.filter((r) => r.firmware === "2.2.0").length);
    expect(s.compliance.ok + s.compliance.blocked + s.compliance.below_min).toBe(rows.length);
  });

  it("counts a registered terminal that never reported apart", async () => {
    const { makeTerminal } = await import("@/tests/helpers/db");
    await makeTerminal(ctx.db, ctx.fleet.agents.SOUTH.id, { sn: "NEVER0001" });
    expect((await fleetSummary(ctx.db, ctx.scopeOf("SOUTH"))).neverReported).toBe(1);
    expect((await fleetSummary(ctx.db, ctx.scopeOf("EAST"))).neverReported).toBe(0);
  });
});

describe("topCodes", () => {
  async function expectedCodes(scopePath: string, since: number): Promise<Record<string, number>> {
    const rows = await ctx.db.all<{ code: string; n: number }>(
      `SELECT e.code, sum(e.count) AS n FROM heartbeat_errors e JOIN heartbeats h ON h.id = e.heartbeat_id
         JOIN terminals t ON t.id = h.terminal_id JOIN agents a ON a.id = t.agent_id
        WHERE a.path LIKE ? AND h.received_at >= ? GROUP BY e.code`,
      [`${scopePath}%`, since],
    );
    return Object.fromEntries(rows.map((r) => [r.code, r.n]));
  }

  it.each(["ROOT", "EAST", "SOUTH"] as const)("sums the last 24 h of raw codes for scope %s, problem codes apart", async (code) => {
    const scope = ctx.scopeOf(code);
    const since = hourStart(NOW) - 23 * HOUR_MS;
    const res = await topCodes(ctx.db, scope, { now: NOW });
    const all = [...res.problem, ...res.other];
    expect(Object.fromEntries(all.map((c) => [c.code, c.occurrences]))).toEqual(await expectedCodes(scope.agentPath, since));
    for (const c of res.problem) expect(["hardware", "network", "operation", "policy_firmware"]).toContain(c.category);
    for (const c of res.other) expect(["cardholder", "none", "unknown"]).toContain(c.category);
    const sorted = res.problem.map((c) => c.occurrences);
    expect(sorted).toEqual([...sorted].sort((a, b) => b - a));
  });

  it("gives each code its meaning and the terminals whose diagnosis cites it", async () => {
    const res = await topCodes(ctx.db, ctx.scopeOf("ROOT"), { now: NOW });
    const op = res.problem.find((c) => c.code === "13")!;
    expect(op.meaning).toEqual(describeCode("13")!.meaning);
    expect(op.terminalsNow).toBe(ctx.oracle.filter((r) => r.findings.includes('"13"')).length);
    expect(res.other.find((c) => c.code === "51")?.category).toBe("cardholder");
  });
});

describe("breakdowns", () => {
  it("splits the root scope by direct sub-agent, each with its subtree, plus the root's own terminals", async () => {
    const rows = await breakdownByAgent(ctx.db, ctx.scopeOf("ROOT"));
    const { EAST, SOUTH, ROOT } = ctx.fleet.agents;
    const east = rows.find((r) => r.agentId === EAST.id)!;
    const eastRows = ctx.oracle.filter((r) => r.agentPath.startsWith(EAST.path));
    expect(east).toMatchObject({ terminals: eastRows.length, problems: eastRows.filter((r) => r.category !== "healthy").length, direct: false });
    expect(rows.find((r) => r.agentId === SOUTH.id)!.terminals).toBe(ctx.oracle.filter((r) => r.agentPath.startsWith(SOUTH.path)).length);
    expect(rows.find((r) => r.direct)).toMatchObject({ agentId: ROOT.id, terminals: ctx.oracle.filter((r) => r.agentId === ROOT.id).length });
    expect(rows.reduce((n, r) => n + r.terminals, 0)).toBe(60);
  });

  it("never shows another subtree's agents or cities", async () => {
    const rows = await breakdownByAgent(ctx.db, ctx.scopeOf("EAST"));
    expect(rows.map((r) => r.label).sort()).toEqual(["华东代理", "杭州子代理"]);
    const cities = (await breakdownByCity(ctx.db, ctx.scopeOf("EAST"))).map((r) => r.label).sort();
    expect(cities).toEqual([...new Set(inScopeRows(ctx.oracle, ctx.scopeOf("EAST")).map((r) => r.city))].sort());
    expect(cities).not.toContain("深圳");
  });

  it("counts problems per city", async () => {
    const hz = (await breakdownByCity(ctx.db, ctx.scopeOf("ROOT"))).find((r) => r.label === "杭州")!;
    const rows = ctx.oracle.filter((r) => r.city === "杭州");
    expect(hz).toMatchObject({ terminals: rows.length, problems: rows.filter((r) => r.category !== "healthy").length, offline: rows.filter((r) => r.status === "offline").length });
  });
});
