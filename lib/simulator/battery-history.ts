// The fleet's battery record from before its simulated history: the daily battery rollup the
// product would have kept over the weeks before, computed from the closed-form battery model
// (battery.ts) and the merchant's opening hours, so a freshly seeded demo already has weeks of
// discharge rates and the wear prediction has something to read from the first day.
import type { Db } from "@/db/client";
import { addBatteryDays } from "@/db/battery";
import { terminalIdsBySn } from "@/db/fleet";
import type { BatteryDayDelta } from "@/lib/domain/battery";
import { batteryDeltas } from "@/lib/ingest/battery-daily";
import type { CachedBeat } from "@/lib/ingest/window-cache";
import { batteryAt, fadeStart } from "./battery";
import { DAY_MS, isOpen, MINUTE_MS } from "./clock";
import type { Simulation } from "./simulation";

/** Days of battery record written before the history starts. */
export const BATTERY_HISTORY_DAYS = 28;
/** The beat interval the record assumes (the history's own older interval). */
const STEP_MS = 25 * MINUTE_MS;

function merge(into: BatteryDayDelta, d: BatteryDayDelta): void {
  into.offMs += d.offMs;
  into.dropPts += d.dropPts;
  into.samples += d.samples;
  into.chargingBeats += d.chargingBeats;
  into.beats += d.beats;
  if (d.minPct !== null && (into.minPct === null || d.minPct < into.minPct)) into.minPct = d.minPct;
  if (d.firstTradeMin !== null && (into.firstTradeMin === null || d.firstTradeMin < into.firstTradeMin)) into.firstTradeMin = d.firstTradeMin;
  if (d.lastTradeMin !== null && (into.lastTradeMin === null || d.lastTradeMin > into.lastTradeMin)) into.lastTradeMin = d.lastTradeMin;
}

/**
 * One terminal's rollup days over [from − days, from), keyed by `terminalId`: a reading every
 * STEP_MS, a dead battery posting nothing, a sale in every beat while the merchant is open.
 */
export function batteryHistoryOf(sim: Simulation, index: number, terminalId: number, from: number, days = BATTERY_HISTORY_DAYS): BatteryDayDelta[] {
  const t = sim.fleet.terminals[index]!;
  const m = sim.fleet.merchants[t.merchant]!;
  const aging = sim.faultsOf(index).filter((f) => f.kind === "battery-aging");
  const out = new Map<number, BatteryDayDelta>();
  let prev: CachedBeat | null = null;
  for (let at = from - days * DAY_MS; at < from; at += STEP_MS) {
    const fault = aging.find((f) => fadeStart(f) <= at && (f.until === null || at < f.until));
    const r = batteryAt(sim.seed, t, m, at, fault);
    if (r.dead) continue;
    const beat: CachedBeat = {
      seq: at / 1000, at, deviceTs: at, battery: r.pct, charging: r.charging, firmware: t.firmware, signalDbm: null,
      network: "4G", errors: {}, txnCount: isOpen(m, at) ? 1 : 0,
    };
    for (const d of batteryDeltas(terminalId, prev ? [prev, beat] : [beat], [beat])) {
      const day = out.get(d.dayStart);
      if (day) merge(day, d);
      else out.set(d.dayStart, d);
    }
    prev = beat;
  }
  return [...out.values()];
}

/** Writes the record of every terminal of the installed fleet; returns the rows written. */
export async function installBatteryHistory(db: Db, sim: Simulation, from: number, days = BATTERY_HISTORY_DAYS): Promise<number> {
  const ids = await terminalIdsBySn(db);
  let rows = 0;
  const batch: BatteryDayDelta[] = [];
  const flush = async () => {
    await db.transaction((tx) => addBatteryDays(tx, batch));
    rows += batch.length;
    batch.length = 0;
  };
  for (const t of sim.fleet.terminals) {
    const id = ids.get(t.sn);
    if (id === undefined) continue;
    batch.push(...batteryHistoryOf(sim, t.index, id, from, days));
    if (batch.length >= 2000) await flush();
  }
  if (batch.length > 0) await flush();
  return rows;
}
