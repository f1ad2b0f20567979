// What one ingest transaction adds to the battery rollup (db/battery.ts): for each freshly stored
// beat, the step from the beat before it. Pure; ingest writes the result in the same transaction.
import type { BatteryDayDelta } from "@/lib/domain/battery";
import { HOUR_MS, MINUTE_MS, shanghaiDayStart } from "@/lib/domain/time";
import type { CachedBeat } from "./window-cache";

/** Two beats further apart than this say nothing about the rate (the terminal may have charged between). */
export const MAX_STEP_MS = 40 * MINUTE_MS;
/** A step losing charge faster than this is a sensor glitch, not a discharge, % per hour. */
const MAX_RATE = 30;

/**
 * The rollup deltas of one terminal's fresh beats, one per Shanghai day (by device time).
 * A fresh beat adds a discharge sample when it and the beat before it (in device time) are both
 * off the charger, at most MAX_STEP_MS apart, and the level did not rise. A beat that arrives
 * after a later one was already stored is counted as a beat but adds no step: the step over it
 * was counted when the later beat came.
 */
export function batteryDeltas(terminalId: number, window: readonly CachedBeat[], fresh: readonly CachedBeat[]): BatteryDayDelta[] {
  if (fresh.length === 0) return [];
  const freshSeqs = new Set(fresh.map((b) => b.seq));
  const sorted = [...window].sort((a, b) => a.deviceTs - b.deviceTs || a.seq - b.seq);
  let lastStoredTs = -Infinity;
  for (const b of sorted) if (!freshSeqs.has(b.seq) && b.deviceTs > lastStoredTs) lastStoredTs = b.deviceTs;
  const days = new Map<number, BatteryDayDelta>();
  for (let i = 0; i < sorted.length; i++) {
    const cur = sorted[i]!;
    if (!freshSeqs.has(cur.seq)) continue;
    const dayStart = shanghaiDayStart(cur.deviceTs);
    let d = days.get(dayStart);
    if (!d) {
      d = { terminalId, dayStart, offMs: 0, dropPts: 0, samples: 0, chargingBeats: 0, beats: 0, minPct: null, firstTradeMin: null, lastTradeMin: null };
      days.set(dayStart, d);
    }
    d.beats++;
    if (cur.charging) d.chargingBeats++;
    else if (d.minPct === null || cur.battery < d.minPct) d.minPct = cur.battery;
    if ((cur.txnCount ?? 0) > 0) {
      const minute = Math.floor((cur.deviceTs - dayStart) / MINUTE_MS);
      if (d.firstTradeMin === null || minute < d.firstTradeMin) d.firstTradeMin = minute;
      if (d.lastTradeMin === null || minute > d.lastTradeMin) d.lastTradeMin = minute;
    }
    const prev = sorted[i - 1];
    if (!prev || cur.deviceTs < lastStoredTs) continue;
    const step = cur.deviceTs - prev.deviceTs;
    const drop = prev.battery - cur.battery;
    if (prev.charging || cur.charging || step <= 0 || step > MAX_STEP_MS || drop < 0) continue;
    if (drop / (step / HOUR_MS) > MAX_RATE) continue;
    d.offMs += step;
    d.dropPts += drop;
    d.samples++;
  }
  return [...days.values()];
}
