import type { Db } from "@/db/client";
import { env } from "@/lib/config";
import { dropExpiredHeartbeatPartitions, pruneDefaultHeartbeats } from "@/db/partitions";
import { pruneBatteryDays } from "@/db/battery";
import { deleteHeartbeatBatch, deleteRollupsBefore, lastHeartbeatIdBefore } from "@/db/retention";
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
  const maxId = await lastHeartbeatIdBefore(db, cutoff);
  let heartbeats = 0;
  let batches = 0;
  let done = maxId === 0;
  while (!done && batches < policy.maxBatches) {
    batches++;
    const n = await deleteHeartbeatBatch(db, maxId, policy.batchRows);
    heartbeats += n;
    done = n < policy.batchRows;
  }
  return { heartbeats, partitions: [], rollups: await pruneRollups(db, now, policy), done };
}

async function pruneRollups(db: Db, now: number, policy: RetentionPolicy): Promise<number> {
  const rollupCutoff = now - policy.rollupDays * DAY_MS;
  const rollups = await db.transaction(async (tx) =>
    (await deleteRollupsBefore(tx, rollupCutoff)) + (await pruneBatteryDays(tx, now - BATTERY_DAYS_KEPT * DAY_MS, policy.batchRows)),
  );
  return rollups + (await pruneSalesHistory(db, now, policy.batchRows, policy.maxBatches));
}
