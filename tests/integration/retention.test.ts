// Retention: raw heartbeats older than the configured days go, with their error rows; newer
// history and every terminal's state stay. SQLite deletes in bounded batches of rows; PostgreSQL
// drops whole day partitions (and expired rows of the default partition).
import { expect, it } from "vitest";
import { ingestHeartbeats } from "@/lib/ingest/ingest";
import { ensureHeartbeatPartitions, listHeartbeatPartitions, utcDayStart } from "@/db/partitions";
import { HEARTBEAT_ID_BOUNDS } from "@/db/retention";
import { pruneHistory } from "@/lib/jobs/retention";
import { defaultPolicy } from "@/lib/rules/policy";
import { beat, count, freshDb, makeAgent, makeTerminal, T0 } from "../helpers/db";

const DAY = 86_400_000;

it("prunes expired heartbeats in small batches and keeps the rest", async () => {
  const db = await freshDb();
  if (db.dialect === "pg") return pgRetention(db);
  const agent = await makeAgent(db, null);
  const terminals: Awaited<ReturnType<typeof makeTerminal>>[] = [];
  for (let i = 0; i < 5; i++) terminals.push(await makeTerminal(db, agent.id));
  const scope = { agentId: agent.id, agentPath: agent.path };
  // 20 days of one beat per terminal per hour, every 7th with an error code.
  let seq = 0;
  for (let h = 0; h < 20 * 24; h++) {
    seq++;
    const at = T0 + h * 3_600_000;
    await ingestHeartbeats(db, scope, terminals.map((t) => beat(t.sn, seq, { ts: at, errors: seq % 7 ? {} : { "96": 1 } })), at, defaultPolicy);
  }
  const now = T0 + 20 * DAY;
  const expired = await count(db, `SELECT count(*) n FROM heartbeats WHERE received_at < ?`, now - 14 * DAY);
  expect(expired).toBe(6 * 24 * 5);
  const policy = { heartbeatDays: 14, rollupDays: 396, batchRows: 100, maxBatches: 3 };

  const first = await pruneHistory(db, now, policy);
  expect(first).toMatchObject({ heartbeats: 300, done: false }); // bounded: 3 batches of 100
  let total = first.heartbeats;
  for (let i = 0; i < 10 && total < expired; i++) total += (await pruneHistory(db, now, policy)).heartbeats;
  expect(total).toBe(expired);
  expect(await pruneHistory(db, now, policy)).toMatchObject({ heartbeats: 0, done: true });

  expect(await count(db, `SELECT count(*) n FROM heartbeats WHERE received_at < ?`, now - 14 * DAY)).toBe(0);
  expect(await count(db, `SELECT count(*) n FROM heartbeats`)).toBe(14 * 24 * 5);
  expect(await count(db, `SELECT count(*) n FROM heartbeat_errors e LEFT JOIN heartbeats h ON h.id = e.heartbeat_id WHERE h.id IS NULL`)).toBe(0);
  expect(await count(db, `SELECT count(*) n FROM heartbeat_errors`)).toBeGreaterThan(0);
  expect(await count(db, `SELECT count(*) n FROM terminal_state`)).toBe(5);
  await db.close();
});

/** PostgreSQL: day partitions whose whole day expired are dropped; the default partition is pruned by row. */
async function pgRetention(db: Awaited<ReturnType<typeof freshDb>>) {
  const agent = await makeAgent(db, null);
  const terminals: Awaited<ReturnType<typeof makeTerminal>>[] = [];
  for (let i = 0; i < 3; i++) terminals.push(await makeTerminal(db, agent.id));
  const scope = { agentId: agent.id, agentPath: agent.path };
  // Partitions for days 0..20 (each call covers the day before to three days after).
  for (let d = 0; d <= 20; d += 4) await ensureHeartbeatPartitions(db, T0 + d * DAY);
  // 20 days of one beat per terminal every 2 hours, every 5th with a code; plus a few beats whose
  // device clock is years off (they land in the default partition).
  let seq = 0;
  for (let h = 0; h < 20 * 24; h += 2) {
    seq++;
    const at = T0 + h * 3_600_000;
    await ingestHeartbeats(db, scope, terminals.map((t) => beat(t.sn, seq, { ts: at, errors: seq % 5 ? {} : { "96": 1 } })), at, defaultPolicy);
  }
  await ingestHeartbeats(db, scope, [beat(terminals[0]!.sn, 10_000, { ts: T0 - 3 * 365 * DAY })], T0, defaultPolicy);
  expect(await count(db, `SELECT count(*) n FROM heartbeats_default`)).toBe(1);
  const total = await count(db, `SELECT count(*) n FROM heartbeats`);
  const now = T0 + 20 * DAY;
  const cutoff = now - 14 * DAY;
  const before = (await listHeartbeatPartitions(db)).filter((p) => !p.isDefault);
  const expiredDays = before.filter((p) => p.to! <= cutoff).map((p) => p.name);
  expect(expiredDays.length).toBeGreaterThanOrEqual(6);
  const goneRows = await count(db, `SELECT count(*) n FROM heartbeats WHERE device_ts < ?`, utcDayStart(cutoff));

  const r = await pruneHistory(db, now, { heartbeatDays: 14, rollupDays: 396, batchRows: 100, maxBatches: 3 });
  expect(r.partitions.sort()).toEqual(expiredDays.sort());
  expect(r.heartbeats).toBe(1); // the default partition's expired row
  expect(await count(db, `SELECT count(*) n FROM heartbeats WHERE device_ts < ?`, utcDayStart(cutoff))).toBe(0);
  expect(await count(db, `SELECT count(*) n FROM heartbeats`)).toBe(total - goneRows);
  // The day the cutoff falls in is kept whole: its first hours are older than the cutoff.
  expect(await count(db, `SELECT count(*) n FROM heartbeats WHERE received_at < ?`, cutoff)).toBeGreaterThan(0);
  expect(await count(db, `SELECT count(*) n FROM heartbeat_errors e LEFT JOIN heartbeats h ON h.id = e.heartbeat_id WHERE h.id IS NULL`)).toBe(0);
  expect(await count(db, `SELECT count(*) n FROM heartbeat_errors`)).toBeGreaterThan(0);
  expect(await count(db, `SELECT count(*) n FROM pg_class WHERE relname = ANY(?)`, expiredDays)).toBe(0);
  expect(await pruneHistory(db, now, { heartbeatDays: 14, rollupDays: 396, batchRows: 100, maxBatches: 3 })).toMatchObject({ heartbeats: 0, partitions: [], done: true });
  expect(await count(db, `SELECT count(*) n FROM terminal_state`)).toBe(3);
  await db.close();
}

it("finds the oldest and newest heartbeat id without reading the table", async () => {
  const db = await freshDb();
  expect(await db.get(HEARTBEAT_ID_BOUNDS)).toEqual({ lo: null, hi: null });
  const agent = await makeAgent(db, null);
  const t = await makeTerminal(db, agent.id);
  for (let seq = 1; seq <= 30; seq++) await ingestHeartbeats(db, { agentId: agent.id, agentPath: agent.path }, [beat(t.sn, seq, { ts: T0 + seq * 60_000 })], T0 + seq * 60_000, defaultPolicy);
  const b = await db.get<{ lo: number; hi: number }>(HEARTBEAT_ID_BOUNDS);
  const plain = await db.get<{ lo: number; hi: number }>(`SELECT min(id) AS lo, max(id) AS hi FROM heartbeats`);
  expect({ lo: Number(b!.lo), hi: Number(b!.hi) }).toEqual({ lo: Number(plain!.lo), hi: Number(plain!.hi) });
  if (db.dialect === "sqlite") {
    // One SELECT of min() and max() is a scan of the table; each end alone is one search.
    const plan = (sql: string) => db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`).then((rows) => rows.map((r) => r.detail));
    expect(await plan(`SELECT min(id) AS lo, max(id) AS hi FROM heartbeats`)).toContainEqual(expect.stringMatching(/^SCAN heartbeats/));
    const lines = await plan(HEARTBEAT_ID_BOUNDS);
    expect(lines.filter((l) => /^SCAN heartbeats/.test(l))).toEqual([]);
    expect(lines.filter((l) => /^SEARCH heartbeats/.test(l))).toHaveLength(2);
  }
  await db.close();
});
