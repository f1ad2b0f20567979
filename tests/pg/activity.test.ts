// Sales rollups on PostgreSQL with two instances ingesting the same terminals at once: every
// stored sale is counted exactly once and a beat sent to both never twice.
import { afterAll, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db/client";
import { salesSummaries } from "@/db/activity";
import { ingestJobs } from "@/lib/ingest/ingest";
import { defaultPolicy } from "@/lib/rules/policy";
import { beat, freshDb, makeAgent, makeTerminal, T0 } from "../helpers/db";

const opened: Db[] = [];
afterAll(async () => {
  for (const db of opened) await db.close();
});

it("two instances ingesting the same terminals count each stored sale once", async () => {
  const a = await freshDb();
  opened.push(a);
  expect(a.dialect).toBe("pg");
  const b = await openDatabase(a.file);
  opened.push(b);
  const agent = await makeAgent(a, null, { code: "PGACT" });
  const scope = { agentId: agent.id, agentPath: agent.path };
  const terminals: { id: number; sn: string }[] = [];
  for (let i = 0; i < 5; i++) terminals.push(await makeTerminal(a, agent.id));
  // 40 batches, each with every terminal once; the two instances send overlapping halves, so
  // half of the beats arrive twice (once on each instance).
  const batch = (k: number) => ({ scope, items: terminals.map((t) => beat(t.sn, k, { ts: T0 + k * 1000, txn_count: k })) });
  const work: Promise<unknown>[] = [];
  for (let k = 1; k <= 40; k++) {
    work.push(ingestJobs(a, [batch(k)], T0 + k * 1000, defaultPolicy));
    if (k % 2 === 0) work.push(ingestJobs(b, [batch(k)], T0 + k * 1000, defaultPolicy));
  }
  await Promise.all(work);
  const expected = (40 * 41) / 2;
  const got = await salesSummaries(a, { agentId: agent.id, agentPath: agent.path, role: "admin", userId: null }, terminals.map((t) => t.id), T0 + 41_000);
  for (const t of terminals) expect(got.get(t.id)).toMatchObject({ txns7: expected, firstTxnAt: T0 + 1000, lastTxnAt: T0 + 40_000 });
  const beats = await a.get<{ n: string }>(`SELECT sum(sale_beats) AS n FROM terminal_txn_daily`);
  expect(Number(beats!.n)).toBe(40 * terminals.length);
});
