// The merchant transaction fold on PostgreSQL when ids commit out of order: a transaction takes a
// heartbeat id, another takes the next id and commits first. An id cursor moved past the later id
// would never count the earlier one; the fold must wait for it or leave both for the next sweep.
import { afterAll, expect, it } from "vitest";
import { rollupMerchantTxn } from "@/db/alerts-rollup";
import type { Db } from "@/db/client";
import { ingestHeartbeats } from "@/lib/ingest/ingest";
import { defaultPolicy } from "@/lib/rules/policy";
import { beat, freshDb, makeAgent, makeTerminal, T0 } from "../helpers/db";

const opened: Db[] = [];
afterAll(async () => {
  for (const db of opened) await db.close();
});

async function world() {
  const db = await freshDb();
  expect(db.dialect).toBe("pg");
  opened.push(db);
  // Two agents under one root, so the two terminals share no counter row (a terminal's first beat
  // adds it to its agent's fleet counters, whose row lock would make the second writer wait).
  const root = await makeAgent(db);
  const [a, b] = [await makeAgent(db, root.id), await makeAgent(db, root.id)];
  const early = await makeTerminal(db, a.id);
  const late = await makeTerminal(db, b.id);
  const scope = { agentId: root.id, agentPath: root.path };
  const now = T0 + 3_600_000;
  return { db, early, late, now, ingest: (sn: string, seq: number, txn: number) => ingestHeartbeats(db, scope, [beat(sn, seq, { txn_count: txn })], now, defaultPolicy) };
}

/** Opens a transaction on its own connection that ingests one beat and stays open until `commit()`. */
function heldOpen(db: Db, ingest: () => Promise<unknown>) {
  let commit!: () => void;
  const gate = new Promise<void>((resolve) => (commit = resolve));
  let inserted!: () => void;
  const didInsert = new Promise<void>((resolve) => (inserted = resolve));
  const done = db.transaction(async () => {
    await ingest();
    inserted();
    await gate;
  });
  return { didInsert, commit: async () => { commit(); await done; } };
}

const totals = async (db: Db) =>
  Object.fromEntries((await db.all<{ merchant_id: number; n: number }>(
    `SELECT merchant_id, sum(txn_count) AS n FROM merchant_txn_daily GROUP BY merchant_id ORDER BY merchant_id`,
  )).map((r) => [r.merchant_id, Number(r.n)]));
const recount = async (db: Db) =>
  Object.fromEntries((await db.all<{ merchant_id: number; n: number }>(
    `SELECT t.merchant_id, sum(h.txn_count) AS n FROM heartbeats h JOIN terminals t ON t.id = h.terminal_id GROUP BY t.merchant_id ORDER BY t.merchant_id`,
  )).map((r) => [r.merchant_id, Number(r.n)]));
const ids = async (db: Db) => (await db.all<{ id: number; terminal_id: number }>(`SELECT id, terminal_id FROM heartbeats ORDER BY id`)).map((r) => [Number(r.id), r.terminal_id]);

it("an earlier id committing after a later one is folded, not skipped", async () => {
  const w = await world();
  const a = heldOpen(w.db, () => w.ingest(w.early.sn, 1, 7));
  await a.didInsert;
  await w.ingest(w.late.sn, 1, 5); // takes the next id and commits while the first is still open

  // A sweep now: the later beat is visible, the earlier one is not yet.
  const during = await rollupMerchantTxn(w.db, w.now, 5_000, 200);
  expect(during).toEqual({ folded: 0, chunks: 0, waited: true });

  await a.commit();
  const after = await rollupMerchantTxn(w.db, w.now);
  expect(after.waited).toBe(false);
  const [first, second] = await ids(w.db);
  expect(first![1]).toBe(w.early.id); // the earlier id is the one that committed last
  expect(second![1]).toBe(w.late.id);
  expect(await totals(w.db)).toEqual({ [w.early.merchantId]: 7, [w.late.merchantId]: 5 });
  expect(await totals(w.db)).toEqual(await recount(w.db));

  // Nothing new: a further sweep changes nothing.
  expect((await rollupMerchantTxn(w.db, w.now)).folded).toBe(0);
  expect(await totals(w.db)).toEqual(await recount(w.db));
});

it("a fold that starts while an earlier id is open waits for its commit and counts both", async () => {
  const w = await world();
  await w.ingest(w.late.sn, 1, 2);
  expect((await rollupMerchantTxn(w.db, w.now)).folded).toBe(1);

  const a = heldOpen(w.db, () => w.ingest(w.early.sn, 1, 11));
  await a.didInsert;
  await w.ingest(w.late.sn, 2, 4);
  const folding = rollupMerchantTxn(w.db, w.now, 5_000, 30_000);
  await new Promise((resolve) => setTimeout(resolve, 100));
  await a.commit();
  const r = await folding;
  expect(r.waited).toBe(false);
  expect(r.folded).toBeGreaterThanOrEqual(2);
  expect(await totals(w.db)).toEqual({ [w.early.merchantId]: 11, [w.late.merchantId]: 6 });
  expect(await totals(w.db)).toEqual(await recount(w.db));
});

it("a writer that rolls back leaves a gap the fold passes once it has ended", async () => {
  const w = await world();
  const failed = w.db.transaction(async () => {
    await w.ingest(w.early.sn, 1, 9);
    throw new Error("rolled back on purpose");
  });
  await expect(failed).rejects.toThrow("rolled back on purpose");
  await w.ingest(w.late.sn, 1, 3);
  const r = await rollupMerchantTxn(w.db, w.now);
  expect(r.waited).toBe(false);
  expect(await totals(w.db)).toEqual({ [w.late.merchantId]: 3 });
  expect(await totals(w.db)).toEqual(await recount(w.db));
});
