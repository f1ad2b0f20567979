// Brings a database's simulated history up to `now`: the one place the seed, the demo and the
// backfill CLI decide which span to write and at what interval.
import type { Db } from "@/db/client";
import { getPolicy } from "@/db/policy";
import type { Scope } from "@/lib/domain/scope";
import { backfill, type BackfillProgress } from "./backfill";
import { addBlips, workCallDesk } from "./call-desk";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "./clock";
import { rootScope } from "./install";
import { latestReceivedAt, simulationOf, writeFleetRecord, type FleetRecord } from "./record";

export interface HistoryOptions {
  /** Days back from `now` the history may start (default: the record's days). */
  days?: number;
  /** Interval of the older history, minutes; kept below the policy's offline threshold. */
  intervalMin?: number;
  /** The last hours are written at the live interval, so the current windows are exact. */
  recentHours?: number;
  recentIntervalMin?: number;
  onProgress?: (p: BackfillProgress) => void;
  /** The person whose calls the history records (lib/simulator/call-desk.ts); no calls without one. */
  calls?: Scope;
}

// 2,000 terminals × 7 days is ~890,000 beats this way (vs 4 million at 5 minutes), written in
// under 2 minutes of CPU; see the README's "Simulator and demo".
export const HISTORY_DEFAULTS = { intervalMin: 25, recentHours: 4, recentIntervalMin: 5 } as const;

/**
 * Writes history from where the record's history ends (at most `days` back) to `now`, and
 * moves the record's end forward. Never writes before the existing end, so the state and the
 * rollups already written are never overwritten with older ones.
 */
export async function extendHistory(
  db: Db, record: FleetRecord, now: number, o: HistoryOptions = {},
): Promise<{ record: FleetRecord; progress: BackfillProgress | null }> {
  // Live beats may have been posted past the recorded end (the demo's simulator); start after them.
  const from = Math.max(record.historyUntil ?? -Infinity, (await latestReceivedAt(db)) ?? -Infinity, now - (o.days ?? record.days) * DAY_MS);
  if (now - from < MINUTE_MS) return { record, progress: null };
  const sim = simulationOf(record);
  const caller = o.calls;
  if (caller && now - from > 12 * HOUR_MS) addBlips(sim, from, now);
  // Beats further apart than the offline threshold would make every terminal flap offline.
  const intervalMin = Math.min(o.intervalMin ?? HISTORY_DEFAULTS.intervalMin, (await getPolicy(db)).offlineAfterMin * 0.85);
  const progress = await backfill(db, sim, await rootScope(db, sim.fleet), {
    from,
    to: now,
    intervalMs: intervalMin * MINUTE_MS,
    recentIntervalMs: (o.recentIntervalMin ?? HISTORY_DEFAULTS.recentIntervalMin) * MINUTE_MS,
    recentMs: (o.recentHours ?? HISTORY_DEFAULTS.recentHours) * HOUR_MS,
    onProgress: o.onProgress,
    afterSweep: caller ? (at) => workCallDesk(db, sim, caller, at) : undefined,
  });
  const next = { ...record, historyUntil: now };
  await writeFleetRecord(db, next, now);
  return { record: next, progress };
}
