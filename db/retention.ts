// The deletes of history retention (lib/jobs/retention.ts decides what expires and how much goes
// per sweep). On SQLite heartbeats go in id ranges; on PostgreSQL by day partition (db/partitions.ts).
import type { Db } from "./client";

/**
 * Two scalar subqueries, each one step to an end of the rowid tree: SQLite answers min() and
 * max() in one SELECT by scanning the table (65 ms at 1.2 million heartbeats, once a minute in the
 * sweep), but each alone from the index.
 */
export const HEARTBEAT_ID_BOUNDS = `SELECT (SELECT min(id) FROM heartbeats) AS lo, (SELECT max(id) FROM heartbeats) AS hi`;
const RECEIVED_AT = `SELECT received_at AS t FROM heartbeats WHERE id >= ? ORDER BY id LIMIT 1`;
const DELETE_BEATS = `DELETE FROM heartbeats WHERE id IN (SELECT id FROM heartbeats WHERE id <= ? ORDER BY id LIMIT ?) RETURNING id`;
const DELETE_ERRORS = `DELETE FROM heartbeat_errors WHERE heartbeat_id BETWEEN ? AND ?`;
const DELETE_CATEGORY = `DELETE FROM rollup_category_hourly WHERE hour_start < ?`;
const DELETE_ERROR_COUNTS = `DELETE FROM rollup_error_hourly WHERE hour_start < ?`;
const DELETE_FIRMWARE = `DELETE FROM rollup_firmware_daily WHERE day_start < ?`;

/**
 * The highest heartbeat id received before `cutoff` (0: none). Ids grow with receive time (one
 * writer), so a binary search over rowid lookups finds it without an index on received_at.
 */
export async function lastHeartbeatIdBefore(db: Db, cutoff: number): Promise<number> {
  const bounds = (await db.get<{ lo: number | null; hi: number | null }>(HEARTBEAT_ID_BOUNDS))!;
  if (bounds.lo === null || bounds.hi === null) return 0;
  let lo = bounds.lo - 1; // known: received before cutoff (or nothing)
  let hi = bounds.hi + 1; // known: not before cutoff
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const row = await db.get<{ t: number }>(RECEIVED_AT, [mid]);
    if (row && row.t < cutoff) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Deletes up to `rows` of the oldest heartbeats with id <= maxId, with their error rows, in one transaction; returns how many. */
export function deleteHeartbeatBatch(db: Db, maxId: number, rows: number): Promise<number> {
  return db.transaction(async (tx) => {
    const ids = await tx.all<{ id: number }>(DELETE_BEATS, [maxId, rows]);
    if (ids.length) {
      let min = ids[0]!.id, max = min;
      for (const { id } of ids) {
        if (id < min) min = id;
        if (id > max) max = id;
      }
      await tx.run(DELETE_ERRORS, [min, max]);
    }
    return ids.length;
  });
}

/** Deletes the hourly and daily dashboard rollups older than `cutoff`; returns the rows deleted. */
export async function deleteRollupsBefore(db: Db, cutoff: number): Promise<number> {
  return (
    (await db.run(DELETE_CATEGORY, [cutoff])).changes +
    (await db.run(DELETE_ERROR_COUNTS, [cutoff])).changes +
    (await db.run(DELETE_FIRMWARE, [cutoff])).changes
  );
}
