import type { Db } from "@/db/client";

export const DAY_MS = 86_400_000;

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

export const defaultRetention: RetentionPolicy = { heartbeatDays: 14, rollupDays: 396, batchRows: 5_000, maxBatches: 20 };

export function retentionFromEnv(env: NodeJS.ProcessEnv = process.env): RetentionPolicy {
  const days = Number(env.RETENTION_HEARTBEAT_DAYS);
  return { ...defaultRetention, ...(days > 0 ? { heartbeatDays: days } : {}) };
}

/**
 * The highest heartbeat id received before `cutoff`. Ids grow with receive time (one writer), so a
 * binary search over rowid lookups finds it without an index on received_at.
 */
function lastIdBefore(db: Db, cutoff: number): number {
  const sqlite = db.$client;
  const bounds = sqlite.prepare(`SELECT min(id) AS lo, max(id) AS hi FROM heartbeats`).get() as { lo: number | null; hi: number | null };
  if (bounds.lo === null || bounds.hi === null) return 0;
  const at = sqlite.prepare(`SELECT received_at AS t FROM heartbeats WHERE id >= ? ORDER BY id LIMIT 1`);
  let lo = bounds.lo - 1; // known: received before cutoff (or nothing)
  let hi = bounds.hi + 1; // known: not before cutoff
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const row = at.get(mid) as { t: number } | undefined;
    if (row && row.t < cutoff) lo = mid;
    else hi = mid;
  }
  return lo;
}

export interface PruneResult {
  heartbeats: number;
  rollups: number;
  done: boolean;
}

/** Deletes expired history in small transactions; `done` is false when more is left for the next sweep. */
export function pruneHistory(db: Db, now: number, policy: RetentionPolicy = defaultRetention): PruneResult {
  const sqlite = db.$client;
  const maxId = lastIdBefore(db, now - policy.heartbeatDays * DAY_MS);
  const delBeats = sqlite.prepare(`DELETE FROM heartbeats WHERE id IN (SELECT id FROM heartbeats WHERE id <= ? ORDER BY id LIMIT ?) RETURNING id`);
  const delErrors = sqlite.prepare(`DELETE FROM heartbeat_errors WHERE heartbeat_id BETWEEN ? AND ?`);
  let heartbeats = 0;
  let batches = 0;
  let done = maxId === 0;
  while (!done && batches < policy.maxBatches) {
    batches++;
    const n = sqlite.transaction(() => {
      const ids = delBeats.all(maxId, policy.batchRows) as { id: number }[];
      if (ids.length) {
        const idList = ids.map((r) => r.id);
        delErrors.run(Math.min(...idList), Math.max(...idList));
      }
      return ids.length;
    })();
    heartbeats += n;
    done = n < policy.batchRows;
  }
  const rollupCutoff = now - policy.rollupDays * DAY_MS;
  const rollups = sqlite.transaction(() =>
    sqlite.prepare(`DELETE FROM rollup_category_hourly WHERE hour_start < ?`).run(rollupCutoff).changes +
    sqlite.prepare(`DELETE FROM rollup_error_hourly WHERE hour_start < ?`).run(rollupCutoff).changes +
    sqlite.prepare(`DELETE FROM rollup_firmware_daily WHERE day_start < ?`).run(rollupCutoff).changes,
  )();
  return { heartbeats, rollups, done };
}
