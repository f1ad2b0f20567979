// The simulator's activity and place scenarios against the real product: a planned fleet with
// dormant and never-activated terminals (their earlier sales and activations written by the
// seed step), relocated terminals, and terminals told to stop selling while the history runs,
// written through the real ingest and sweep on a simulated clock. Each terminal's activity state
// as the activity page reads it, and whether it carries the relocation finding, are compared with
// the simulator's ground truth; at least 98 % must agree.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IDLE_STATES, listIdle, salesSummaries } from "@/db/activity";
import type { Db } from "@/db/client";
import { getPolicy } from "@/db/policy";
import type { Scope } from "@/lib/domain/scope";
import { installActivityHistory } from "@/lib/simulator/activity";
import { backfill } from "@/lib/simulator/backfill";
import { HOUR_MS, MINUTE_MS } from "@/lib/simulator/clock";
import { buildFleet } from "@/lib/simulator/fleet";
import { activationOf, installFleet, rootScope } from "@/lib/simulator/install";
import { injectScenario, parseScenarioLine } from "@/lib/simulator/scenarios";
import { Simulation } from "@/lib/simulator/simulation";
import { activityTruth, relocatedAt } from "@/lib/simulator/truth";
import { freshDb } from "../helpers/db";

const CHECK = Date.UTC(2026, 2, 11, 7, 0); // Wednesday 15:00 Asia/Shanghai
const FROM = CHECK - 24 * HOUR_MS;
const CREATED = FROM;
const SPAN = { from: FROM, to: CHECK, intervalMs: 25 * MINUTE_MS, recentIntervalMs: 5 * MINUTE_MS, recentMs: 4 * HOUR_MS, createdAt: CREATED };
const fleet = buildFleet(11, 300);
const sim = new Simulation(fleet, { epoch: FROM, plan: { days: 1, faultShare: 0.1 }, activity: { dormant: 0.05, neverActivated: 0.04 } });

let db: Db;
beforeAll(async () => {
  db = await freshDb();
  await installFleet(db, fleet, CREATED);
  await installActivityHistory(db, fleet, sim.activityProfiles, FROM);
  // While the history runs: a few more carried off to another city, a few that stop selling.
  injectScenario(sim, parseScenarioLine("relocated count=6"), CHECK - 3 * HOUR_MS);
  injectScenario(sim, parseScenarioLine("dormant count=4"), FROM + 2 * HOUR_MS);
  const scope = await rootScope(db, fleet);
  await backfill(db, sim, scope, SPAN);
}, 180_000);
afterAll(async () => {
  await db?.close();
});

describe("simulated activity and relocation against the ground truth", () => {
  it("agrees on each terminal's activity state and relocation finding (≥ 98 %)", { timeout: 120_000 }, async () => {
    const policy = await getPolicy(db);
    const top = fleet.agents.find((a) => a.parent === null)!;
    const root = await db.get<{ id: number; path: string }>(`SELECT id, path FROM agents WHERE code = ?`, [top.code]);
    const scope: Scope = { agentId: root!.id, agentPath: root!.path, role: "admin", userId: null };

    // The product's reading: idle states from the activity list, active/new from the sales rollup.
    const ids = await db.all<{ id: number; sn: string }>(`SELECT id, sn FROM terminals`);
    const idOf = new Map(ids.map((r) => [r.sn, Number(r.id)]));
    const state = new Map<string, string>();
    for (const s of IDLE_STATES) {
      const got = await listIdle(db, scope, { state: s }, policy, CHECK, { limit: 10_000, offset: 0 });
      for (const r of got.rows) state.set(r.sn, s);
    }
    const sales = await salesSummaries(db, scope, [...idOf.values()], CHECK);
    for (const [sn, id] of idOf) if (!state.has(sn)) state.set(sn, sales.get(id)?.lastTxnAt != null ? "active" : "new");
    const findings = await db.all<{ sn: string; findings: string }>(`SELECT t.sn, f.findings FROM terminal_findings f JOIN terminals t ON t.id = f.terminal_id`);
    const relocatedInDb = new Set(findings.filter((f) => f.findings.includes("place.relocated")).map((f) => f.sn));

    const truth = activityTruth(sim, CHECK, policy, SPAN, (i) => activationOf(fleet, i, CREATED));
    const matrix = new Map<string, number>();
    let agree = 0;
    const misses: string[] = [];
    let relocatedTruth = 0;
    for (const t of truth) {
      const got = state.get(t.sn) ?? "missing";
      const wantReloc = relocatedAt(sim, t.terminal, CHECK);
      const gotReloc = relocatedInDb.has(t.sn);
      if (wantReloc) relocatedTruth++;
      const key = `${t.state}${wantReloc ? "+relocated" : ""} → ${got}${gotReloc ? "+relocated" : ""}`;
      matrix.set(key, (matrix.get(key) ?? 0) + 1);
      if (got === t.state && wantReloc === gotReloc) agree++;
      else misses.push(`${t.sn} (${t.profile ?? "ordinary"}): ${key}`);
    }
    const share = agree / truth.length;
    console.log(`activity/relocation ground truth: ${agree}/${truth.length} agree (${(share * 100).toFixed(1)} %)`);
    for (const [k, n] of [...matrix].sort()) console.log(`  ${k.padEnd(40)} ${n}`);
    if (misses.length) console.log(`  disagreements: ${misses.slice(0, 10).join("; ")}`);

    // The scenarios are really there, so the comparison means something.
    const byState = (s: string) => truth.filter((t) => t.state === s).length;
    expect(byState("dormant")).toBeGreaterThanOrEqual(10);
    expect(byState("never_traded")).toBeGreaterThanOrEqual(5);
    expect(byState("new")).toBeGreaterThanOrEqual(2);
    expect(relocatedTruth).toBeGreaterThanOrEqual(4);
    expect(truth.filter((t) => t.profile === "dormant" && t.lastSaleAt !== null && t.lastSaleAt >= FROM).length).toBeGreaterThanOrEqual(3);
    expect(share).toBeGreaterThanOrEqual(0.98);
  });

  it("a dormant terminal stays online and healthy: dormancy is beside the health category", async () => {
    const dormant = [...sim.activityProfiles].filter(([, p]) => p.kind === "dormant").map(([i]) => fleet.terminals[i]!.sn);
    const rows = await db.all<{ sn: string; status: string; category: string }>(
      `SELECT t.sn, s.status, s.category FROM terminal_state s JOIN terminals t ON t.id = s.terminal_id`,
    );
    const of = new Map(rows.map((r) => [r.sn, r]));
    const online = dormant.filter((sn) => of.get(sn)?.status === "online" && of.get(sn)?.category === "healthy");
    expect(online.length / dormant.length).toBeGreaterThanOrEqual(0.9);
  });
});

