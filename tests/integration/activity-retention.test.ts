// The sweep's retention step prunes the per-day sales rollup past the switch-off horizon (12
// months by policy, never fewer than 90 days), in batches, and never the last sale the clocks
// start from.
import { afterAll, beforeAll, expect, it } from "vitest";
import { activityCounts, recordSales } from "@/db/activity";
import type { Db } from "@/db/client";
import { getPolicy } from "@/db/policy";
import { salesKeptFrom } from "@/lib/activity/retention";
import { DAY_MS, HOUR_MS, shanghaiDayStart } from "@/lib/domain/time";
import { pruneHistory, defaultRetention } from "@/lib/jobs/retention";
import { count, freshDb, makeAgent, makeTerminal } from "../helpers/db";

const NOW = Date.UTC(2026, 11, 2, 2, 0); // 2 December 2026, 10:00 Asia/Shanghai
let db: Db;
let root: { id: number; path: string };
let terminal: { id: number };

beforeAll(async () => {
  db = await freshDb();
  root = await makeAgent(db, null, { code: "RTROOT" });
  terminal = await makeTerminal(db, root.id);
});
afterAll(async () => db.close());

it("keeps whole Shanghai days back to the same calendar day 12 months ago, and at least 90 days", () => {
  expect(salesKeptFrom(NOW, 12)).toBe(Date.UTC(2025, 11, 1, 16, 0)); // 2 December 2025, 00:00 Shanghai
  expect(salesKeptFrom(NOW, 1)).toBe(shanghaiDayStart(NOW) - 89 * DAY_MS);
});

it("deletes the day rows before the horizon in batches and keeps the rest and the last sale", async () => {
  const kept = salesKeptFrom(NOW, (await getPolicy(db)).switchOffMonths);
  // One sale a day for 400 days, the last one 200 days ago: dormant, with 200 days to switch-off.
  const beats = Array.from({ length: 400 }, (_, d) => ({ terminalId: terminal.id, receivedAt: NOW - (200 + d) * DAY_MS - 3 * HOUR_MS, txnCount: 2 }));
  await recordSales(db, beats);
  const expired = beats.filter((b) => shanghaiDayStart(b.receivedAt) < kept).length;
  expect(expired).toBeGreaterThan(200);
  const before = await count(db, `SELECT count(*) AS n FROM terminal_txn_daily`);
  const countsBefore = await activityCounts(db, { agentId: root.id, agentPath: root.path, role: "admin", userId: null }, await getPolicy(db), NOW);
  await pruneHistory(db, NOW, { ...defaultRetention, batchRows: 50 });
  expect(await count(db, `SELECT count(*) AS n FROM terminal_txn_daily`)).toBe(before - expired);
  expect(await count(db, `SELECT count(*) AS n FROM terminal_txn_daily WHERE day_start < ?`, kept)).toBe(0);
  expect(await count(db, `SELECT count(*) AS n FROM terminal_txn_daily WHERE day_start = ?`, kept)).toBe(1);
  // The clocks read terminal_activity, which retention never touches.
  expect(await count(db, `SELECT count(*) AS n FROM terminal_activity WHERE last_txn_at = ?`, beats[0]!.receivedAt)).toBe(1);
  expect(await activityCounts(db, { agentId: root.id, agentPath: root.path, role: "admin", userId: null }, await getPolicy(db), NOW)).toEqual(countsBefore);
  expect(countsBefore.dormant).toBe(1);
  // A second sweep finds nothing more to delete.
  await pruneHistory(db, NOW, defaultRetention);
  expect(await count(db, `SELECT count(*) AS n FROM terminal_txn_daily`)).toBe(before - expired);
});
