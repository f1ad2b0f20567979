// Retention: raw heartbeats older than the configured days go, in bounded batches, with their
// error rows; newer history and every terminal's state stay.
import { expect, it } from "vitest";
import { ingestHeartbeats } from "@/lib/ingest/ingest";
import { pruneHistory } from "@/lib/jobs/retention";
import { defaultPolicy } from "@/lib/rules/policy";
import { beat, count, freshDb, makeAgent, makeTerminal, T0 } from "../helpers/db";

const DAY = 86_400_000;

it("prunes expired heartbeats in small batches and keeps the rest", async () => {
  const db = await freshDb();
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
