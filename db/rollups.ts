// Writers of the dashboard rollups (db/schema-rollups.ts). The sweep calls snapshotRollups every
// minute with its `now`; ingest calls recordErrorCounts inside its transaction. The snapshots copy
// the fleet counters (db/counters.ts), so they cost a few hundred rows, not a scan of terminal_state.
import { hourStart, shanghaiDayStart } from "@/lib/domain/time";
import type { Db } from "./client";

const CLEAR_HOUR = `DELETE FROM rollup_category_hourly WHERE hour_start = ?`;
const FILL_HOUR = `INSERT INTO rollup_category_hourly (hour_start, agent_id, category, terminals, offline, updated_at)
       SELECT @hour, c.agent_id, c.k2, sum(c.n), sum(c.offline), @now
         FROM fleet_counters c WHERE c.dim = 'state'
        GROUP BY c.agent_id, c.k2 HAVING sum(c.n) > 0`;
const CLEAR_DAY = `DELETE FROM rollup_firmware_daily WHERE day_start = ?`;
const FILL_DAY = `INSERT INTO rollup_firmware_daily (day_start, agent_id, firmware, model, terminals, updated_at)
       SELECT @day, c.agent_id, c.k1, c.k2, c.n, @now
         FROM fleet_counters c WHERE c.dim = 'firmware' AND c.n > 0`;
const UPSERT_ERROR_COUNT = `INSERT INTO rollup_error_hourly (hour_start, agent_id, code, occurrences) VALUES (?, ?, ?, ?)
       ON CONFLICT (hour_start, agent_id, code) DO UPDATE SET occurrences = rollup_error_hourly.occurrences + excluded.occurrences`;

export interface SnapshotResult {
  hourStart: number;
  dayStart: number;
  categoryRows: number;
  firmwareRows: number;
}

/**
 * Rewrites the category snapshot of the hour `now` is in and the firmware snapshot of its
 * Shanghai day from `terminal_state`. Idempotent: calling it every minute keeps the current hour
 * and day at the latest state; once the hour (day) is over its last snapshot stays.
 */
export async function snapshotRollups(db: Db, now: number): Promise<SnapshotResult> {
  const hour = hourStart(now);
  const day = shanghaiDayStart(now);
  return db.transaction(async (tx) => {
    await tx.run(CLEAR_HOUR, [hour]);
    const categoryRows = (await tx.run(FILL_HOUR, { hour, now })).changes;
    await tx.run(CLEAR_DAY, [day]);
    const firmwareRows = (await tx.run(FILL_DAY, { day, now })).changes;
    return { hourStart: hour, dayStart: day, categoryRows, firmwareRows };
  });
}

/**
 * Adds the codes one heartbeat (or a batch of one agent's heartbeats) reported to the hourly code
 * counts. Call inside the ingest transaction with the hour the beats were received in, so a
 * duplicate beat (not stored) is not counted either.
 */
export async function recordErrorCounts(db: Db, agentId: number, hourStartMs: number, codes: Record<string, number>): Promise<void> {
  const hour = hourStart(hourStartMs);
  for (const code in codes) {
    const n = codes[code]!;
    if (n > 0) await db.run(UPSERT_ERROR_COUNT, [hour, agentId, code, n]);
  }
}
