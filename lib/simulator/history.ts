// Brings a database's simulated history up to `now`: the one place the seed, the demo and the
// backfill CLI decide which span to write and at what interval.
import type { Db } from "@/db/client";
import { backfill, type BackfillProgress } from "./backfill";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "./clock";
import { rootScope } from "./install";
import { simulationOf, writeFleetRecord, type FleetRecord } from "./record";

export interface HistoryOptions {
  /** Days back from `now` the history may start (default: the record's days). */
  days?: number;
  /** Interval of the older history, minutes. Below the offline threshold (30) so no one looks silent. */
  intervalMin?: number;
  /** The last hours are written at the live interval, so the current windows are exact. */
  recentHours?: number;
  recentIntervalMin?: number;
  onProgress?: (p: BackfillProgress) => void;
}

export const HISTORY_DEFAULTS = { intervalMin: 20, recentHours: 6, recentIntervalMin: 5 } as const;

/**
 * Writes history from where the record's history ends (at most `days` back) to `now`, and
 * moves the record's end forward. Never writes before the existing end, so the state and the
 * rollups already written are never overwritten with older ones.
 */
export function extendHistory(db: Db, record: FleetRecord, now: number, o: HistoryOptions = {}): { record: FleetRecord; progress: BackfillProgress | null } {
  const from = Math.max(record.historyUntil ?? -Infinity, now - (o.days ?? record.days) * DAY_MS);
  if (now - from < MINUTE_MS) return { record, progress: null };
  const sim = simulationOf(record);
  const intervalMin = o.intervalMin ?? HISTORY_DEFAULTS.intervalMin;
  const progress = backfill(db, sim, rootScope(db, sim.fleet), {
    from,
    to: now,
    intervalMs: intervalMin * MINUTE_MS,
    recentIntervalMs: (o.recentIntervalMin ?? HISTORY_DEFAULTS.recentIntervalMin) * MINUTE_MS,
    recentMs: (o.recentHours ?? HISTORY_DEFAULTS.recentHours) * HOUR_MS,
    onProgress: o.onProgress,
  });
  const next = { ...record, historyUntil: now };
  writeFleetRecord(db, next, now);
  return { record: next, progress };
}
