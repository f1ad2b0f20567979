import type { Db } from "@/db/client";
import { env } from "@/lib/config";
import { dropExpiredHeartbeatPartitions, pruneDefaultHeartbeats } from "@/db/partitions";
import { pruneBatteryDays } from "@/db/battery";
import { pruneSalesHistory } from "@/lib/activity/retention";
import { DAY_MS } from "@/lib/domain/time";


export interface RetentionPolicy {
  /** Raw heartbeats older than this are deleted, days. */
  heartbeatDays: number;
  /** Rollups older than this are deleted, days (13 months). */
  rollupDays: number;
  /** Rows deleted per transaction, so ingest never waits long behind a prune. */
  batchRows: number;
  /** Transactions one sweep may spend; the rest waits for the next minute. */
  maxBatches: number;
}

/** Days of the battery rollup kept: the wear estimate looks back six weeks; the chart shows up to three months. */
export const BATTERY_DAYS_KEPT = 90;

export const defaultRetention: RetentionPolicy = { heartbeatDays: 14, rollupDays: 396, batchRows: 5_000, maxBatches: 20 };

export function retentionFromEnv(source: NodeJS.ProcessEnv = process.env): RetentionPolicy {
  return { ...defaultRetention, heartbeatDays: env("RETENTION_HEARTBEAT_DAYS", source) };
}

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
 * The highest heartbeat id received before `cutoff`. Ids grow with receive time (one writer), so a
 * binary search over rowid lookups finds it without an index on received_at.
 */
async function lastIdBefore(db: Db, cutoff: number): Promise<number> {
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

export interface PruneResult {
  /** Heartbeats deleted row by row (SQLite; on PostgreSQL those of the default partition). */
  heartbeats: number;
  /** Day partitions of heartbeats dropped whole (PostgreSQL). */
  partitions: string[];
  rollups: number;
  done: boolean;
}

/**
 * Deletes expired history in small transactions; `done` is false when more is left for the next
 * sweep. On PostgreSQL heartbeats go by day partition instead (db/partitions.ts): each day
 * partition whose whole day is older than the cutoff is detached and dropped with its error rows,
 * and expired rows of the default partition are deleted. A day is kept until all of it expired.
 */
export async function pruneHistory(db: Db, now: number, policy: RetentionPolicy = defaultRetention): Promise<PruneResult> {
  const cutoff = now - policy.heartbeatDays * DAY_MS;
  if (db.dialect === "pg") {
    const partitions = await dropExpiredHeartbeatPartitions(db, cutoff);
    const heartbeats = await pruneDefaultHeartbeats(db, cutoff);
    return { heartbeats, partitions, rollups: await pruneRollups(db, now, policy), done: true };
  }
  const maxId = await lastIdBefore(db, cutoff);
  let heartbeats = 0;
  let batches = 0;
  let done = maxId === 0;
  while (!done && batches < policy.maxBatches) {
    batches++;
    const n = await db.transaction(async (tx) => {
      const ids = await tx.all<{ id: number }>(DELETE_BEATS, [maxId, policy.batchRows]);
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
    heartbeats += n;
    done = n < policy.batchRows;
  }
  return { heartbeats, partitions: [], rollups: await pruneRollups(db, now, policy), done };
}

async function pruneRollups(db: Db, now: number, policy: RetentionPolicy): Promise<number> {
  const rollupCutoff = now - policy.rollupDays * DAY_MS;
  const rollups = await db.transaction(async (tx) =>
    (await tx.run(DELETE_CATEGORY, [rollupCutoff])).changes +
    (await tx.run(DELETE_ERROR_COUNTS, [rollupCutoff])).changes +
    (await tx.run(DELETE_FIRMWARE, [rollupCutoff])).changes +
    (await pruneBatteryDays(tx, now - BATTERY_DAYS_KEPT * DAY_MS, policy.batchRows)),
  );
  return rollups + (await pruneSalesHistory(db, now, policy.batchRows, policy.maxBatches));
}
