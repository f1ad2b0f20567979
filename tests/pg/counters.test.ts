// Fleet counters on PostgreSQL: the triggers (plpgsql twins of the SQLite ones) against a recount.
import fc from "fast-check";
import { afterAll, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { freshDb } from "../helpers/db";
import { apply, drift, makeWorld, opArb, reconcileAllCounters, scannedTotals, summaryTotals } from "../integration/queries/counters-cases";

const opened: Db[] = [];
afterAll(async () => {
  for (const db of opened) await db.close();
});

async function world() {
  const db = await freshDb();
  expect(db.dialect).toBe("pg");
  opened.push(db);
  return makeWorld(db);
}

it("counters equal a recount after random beats, sweeps, policy saves, transfers, imports and deletions", async () => {
  let states = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
      const w = await world();
      for (const op of ops) await apply(w, op);
      expect(await drift(w.db)).toEqual([]);
      states += (await scannedTotals(w.db, w.agents[0]!.path)).total;
      for (const a of w.agents) expect(await summaryTotals(w.db, a.path, a.id)).toEqual(await scannedTotals(w.db, a.path));
    }),
    { numRuns: 8 },
  );
  expect(states).toBeGreaterThan(0);
});

it("one reconciliation pass removes any drift", async () => {
  const w = await world();
  for (const op of fc.sample(opArb, { numRuns: 25, seed: 7 })) await apply(w, op);
  await apply(w, { kind: "beat", t: 1, battery: 50, signal: -95, firmware: "2.4.1", charging: false, errors: false, minutes: 1 });
  await w.db.run(`UPDATE fleet_counters SET n = n + 3, offline = offline - 1 WHERE dim IN ('state', 'city')`);
  await w.db.run(`INSERT INTO fleet_counters (agent_id, dim, k1, k2, k3, n, problems, offline) VALUES (?, 'battery', '0-10', '', '', 9, 0, 0) ON CONFLICT DO NOTHING`, [w.agents[3]!.id]);
  const before = await drift(w.db);
  expect(before.length).toBeGreaterThan(0);
  expect(await reconcileAllCounters(w.db, w.now)).toEqual(before);
  expect(await drift(w.db)).toEqual([]);
});
