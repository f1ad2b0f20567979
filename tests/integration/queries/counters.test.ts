// Fleet counters on the store under test (SQLite here; PostgreSQL when run by `npm run test:pg`).
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { freshDb } from "../../helpers/db";
import { apply, drift, makeWorld, opArb, reconcileAllCounters, scannedTotals, subtreeCounters, summaryTotals } from "./counters-cases";

const opened: Db[] = [];
afterAll(async () => {
  for (const db of opened) await db.close();
});

async function world() {
  const db = await freshDb();
  opened.push(db);
  return makeWorld(db);
}

describe("fleet counters", () => {
  it("equal a recount from terminal_state after any sequence of writes", async () => {
    const seen = { states: 0, offline: 0, problems: 0, transfers: 0, codes: 0, charging: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 30 }), async (ops) => {
        const w = await world();
        for (const op of ops) await apply(w, op);
        expect(await drift(w.db)).toEqual([]);
        const t = await scannedTotals(w.db, w.agents[0]!.path);
        seen.states += t.total;
        seen.offline += t.total - t.online;
        seen.problems += t.problems;
        seen.transfers += Number((await w.db.get<{ n: number }>(`SELECT count(*) AS n FROM terminal_transfers`))?.n ?? 0);
        const root = w.agents[0]!.path;
        seen.codes += (await subtreeCounters(w.db, root, ["code"])).reduce((n, r) => n + r.n, 0);
        seen.charging += (await subtreeCounters(w.db, root, ["battery"])).filter((r) => r.k1 === "charging").reduce((n, r) => n + r.n, 0);
        for (const a of w.agents) expect(await summaryTotals(w.db, a.path, a.id)).toEqual(await scannedTotals(w.db, a.path));
        await w.db.close();
        opened.pop();
      }),
      { numRuns: 25 },
    );
    // The sequences reached the states the counters must follow, not only empty fleets.
    expect(seen.states).toBeGreaterThan(0);
    expect(seen.offline).toBeGreaterThan(0);
    expect(seen.problems).toBeGreaterThan(0);
    expect(seen.transfers).toBeGreaterThan(0);
    expect(seen.codes).toBeGreaterThan(0);
    expect(seen.charging).toBeGreaterThan(0);
  });

  it("count a terminal once per code it cites, and move it with its agent", async () => {
    const w = await world();
    // T_PED_TAMPERED is severe: one sighting is a finding that cites it.
    await apply(w, { kind: "beat", t: 0, battery: 90, signal: -70, firmware: "2.4.1", charging: false, errors: false, minutes: 1 });
    const sn = w.serials[0]!;
    const { ingestHeartbeats } = await import("@/lib/ingest/ingest");
    const { getPolicy } = await import("@/db/policy");
    const { systemScope } = await import("@/lib/auth/scope");
    const sys = await systemScope(w.db);
    const policy = await getPolicy(w.db);
    // Every beat cites both codes again (T_CONNECT_TIMEOUT becomes a finding at its third): still one terminal each.
    for (const seq of [2, 3, 4]) {
      const at = w.now + seq * 1000;
      await ingestHeartbeats(w.db, sys, [{ sn, seq, ts: at, battery_pct: 80, charging: false, firmware: "2.4.1", signal_dbm: -70, network: "4G", txn_count: 1, errors: { T_PED_TAMPERED: 1, T_CONNECT_TIMEOUT: 1 } }], at + 500, policy);
    }
    const codes = async (path: string) => Object.fromEntries((await subtreeCounters(w.db, path, ["code"])).map((r) => [r.k1, r.n]));
    const [root, east] = [w.agents[0]!, w.agents[1]!];
    // The terminal belongs to ROOT itself, outside EAST's subtree.
    expect(await codes(root.path)).toMatchObject({ T_PED_TAMPERED: 1, T_CONNECT_TIMEOUT: 1 });
    expect((await codes(east.path)).T_PED_TAMPERED).toBeUndefined();
    expect(await drift(w.db)).toEqual([]);
    const tid = (await w.db.get<{ id: number }>(`SELECT id FROM terminals WHERE sn = ?`, [sn]))!.id;
    expect(await w.db.all(`SELECT code FROM terminal_codes WHERE terminal_id = ? ORDER BY code`, [tid])).toEqual([{ code: "T_CONNECT_TIMEOUT" }, { code: "T_PED_TAMPERED" }]);
    await apply(w, { kind: "transfer", t: 0, to: 2 }); // to HZ, under EAST
    expect((await codes(east.path)).T_PED_TAMPERED).toBe(1);
    expect((await codes(root.path)).T_PED_TAMPERED).toBe(1);
    expect(await drift(w.db)).toEqual([]);
  });

  it("a state write the counters missed shows as drift", async () => {
    const w = await world();
    await apply(w, { kind: "beat", t: 0, battery: 90, signal: -70, firmware: "2.4.1", charging: false, errors: false, minutes: 1 });
    expect(await drift(w.db)).toEqual([]);
    await w.db.run(`UPDATE fleet_counters SET n = n - 1 WHERE dim = 'battery' AND k1 = '81-100'`);
    expect(await drift(w.db)).toEqual([expect.objectContaining({ dim: "battery", k1: "81-100", n: 1 })]);
  });

  it("cannot keep drift through one reconciliation pass", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb, { minLength: 5, maxLength: 20 }),
        fc.array(fc.record({ row: fc.nat(200), dn: fc.integer({ min: -5, max: 5 }), dp: fc.integer({ min: -3, max: 3 }) }), { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        async (ops, damage, strayRow) => {
          const w = await world();
          for (const op of ops) await apply(w, op);
          const rows = await w.db.all<{ agent_id: number; dim: string; k1: string; k2: string; k3: string }>(`SELECT agent_id, dim, k1, k2, k3 FROM fleet_counters ORDER BY agent_id, dim, k1, k2, k3`);
          for (const d of damage) {
            const r = rows[d.row % Math.max(rows.length, 1)];
            if (r) await w.db.run(`UPDATE fleet_counters SET n = n + ?, problems = problems + ? WHERE agent_id = ? AND dim = ? AND k1 = ? AND k2 = ? AND k3 = ?`, [d.dn, d.dp, r.agent_id, r.dim, r.k1, r.k2, r.k3]);
          }
          if (strayRow) await w.db.run(`INSERT INTO fleet_counters (agent_id, dim, k1, k2, k3, n, problems, offline) VALUES (?, 'city', '不存在', '', '', 3, 1, 1)`, [w.agents[2]!.id]);
          // terminal_codes too: a stale row for a code no finding cites, and a cited one lost.
          if (strayRow) await w.db.run(`INSERT INTO terminal_codes (code, terminal_id) SELECT 'T_STALE', min(id) FROM terminals`);
          const cited = await w.db.get<{ code: string; terminal_id: number }>(`SELECT code, terminal_id FROM terminal_codes WHERE code <> 'T_STALE' ORDER BY terminal_id, code`);
          if (cited && damage.length % 2 === 0) await w.db.run(`DELETE FROM terminal_codes WHERE code = ? AND terminal_id = ?`, [cited.code, cited.terminal_id]);
          const before = await drift(w.db);
          const fixed = await reconcileAllCounters(w.db, w.now);
          expect(fixed).toEqual(before.filter((r) => r.dim !== "terminal_codes"));
          expect(await drift(w.db)).toEqual([]);
          await w.db.close();
          opened.pop();
        },
      ),
      { numRuns: 15 },
    );
  });

  it("the sweep's bounded steps complete a pass and fix what they find", async () => {
    const w = await world();
    for (let i = 0; i < 6; i++) await apply(w, { kind: "beat", t: i, battery: 5 + i * 15, signal: -95, firmware: "2.4.1", charging: false, errors: false, minutes: 1 });
    await w.db.run(`UPDATE fleet_counters SET n = n + 7 WHERE dim = 'state'`);
    expect((await drift(w.db)).length).toBeGreaterThan(0);
    // Each sweep recounts one slice; a fleet this small is one slice, so one sweep is one pass.
    await apply(w, { kind: "sweep", minutes: 1 });
    expect(await drift(w.db)).toEqual([]);
  });
});

describe("overview numbers", () => {
  it("equal the terminals table's totals behind every filter link", async () => {
    const { countTerminals } = await import("@/db/queries/terminals");
    const { breakdownByAgent, breakdownByCity, codeCounts, fleetSummary } = await import("@/db/queries/overview");
    const { firmwareByModel } = await import("@/db/queries/firmware");
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 10, maxLength: 40 }), async (ops) => {
        const w = await world();
        for (const op of ops) await apply(w, op);
        for (const a of w.agents) {
          const scope = { agentId: a.id, agentPath: a.path, role: "admin" as const, userId: null };
          const count = (f: Parameters<typeof countTerminals>[2]) => countTerminals(w.db, scope, f);
          const s = await fleetSummary(w.db, scope);
          expect(s.total).toBe(await count({}));
          expect(s.online).toBe(await count({ status: "online" }));
          expect(s.offline).toBe(await count({ status: "offline" }));
          expect(s.byCategory.filter((c) => c.category !== "healthy").reduce((n, c) => n + c.terminals, 0)).toBe(await count({ problem: "1" }));
          for (const c of s.byCategory) expect(c.terminals).toBe(await count({ category: c.category, severity: c.severity }));
          for (const [c, n] of Object.entries(s.compliance)) expect(n).toBe(await count({ compliance: c as keyof typeof s.compliance }));
          for (const b of s.battery) expect(b.terminals).toBe(await count({ battery: b.bucket }));
          expect(s.charging).toBe(await count({ battery: "charging" }));
          expect(s.battery.reduce((n, b) => n + b.terminals, 0) + s.charging).toBe(s.total);
          for (const c of await codeCounts(w.db, scope, { now: w.now })) expect(c.terminalsNow).toBe(await count({ code: c.code }));
          for (const r of await subtreeCounters(w.db, a.path, ["code"])) expect(r.n).toBe(await count({ code: r.k1 }));
          for (const b of s.signal) expect(b.terminals).toBe(await count({ signal: b.bucket }));
          for (const r of await breakdownByAgent(w.db, scope)) {
            const f = { agent: r.agentId!, subtree: r.direct ? ("0" as const) : undefined };
            expect([r.terminals, r.problems, r.offline]).toEqual([await count(f), await count({ ...f, problem: "1" }), await count({ ...f, status: "offline" })]);
          }
          for (const r of await breakdownByCity(w.db, scope, 100)) {
            expect([r.terminals, r.problems, r.offline]).toEqual([await count({ city: r.label }), await count({ city: r.label, problem: "1" }), await count({ city: r.label, status: "offline" })]);
          }
          const perFirmware = new Map<string, number>();
          for (const r of await firmwareByModel(w.db, scope)) perFirmware.set(r.firmware, (perFirmware.get(r.firmware) ?? 0) + r.terminals);
          for (const [fw, n] of perFirmware) expect(n).toBe(await count({ firmware: fw }));
        }
        await w.db.close();
        opened.pop();
      }),
      { numRuns: 10 },
    );
  });
});
