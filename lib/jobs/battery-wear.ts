// The sweep's battery wear step: once a Shanghai day, each terminal with recent rollup days gets a
// fresh estimate (lib/rules/battery-wear.ts) stored in battery_wear, a bounded number per sweep.
// A terminal whose "replace within ~N days" finding turns on or off is re-diagnosed at once.
import type { Db } from "@/db/client";
import { batteryDaysOf, putWear, wearEstimatesDue, wearOf } from "@/db/battery";
import type { BatteryWearRow } from "@/lib/domain/battery";
import { DAY_MS, shanghaiDayStart } from "@/lib/domain/time";
import { refreshState } from "@/lib/ingest/ingest";
import { estimateBatteryWear, WEAR_DEFAULTS } from "@/lib/rules/battery-wear";
import { wearFlagged } from "@/lib/rules/findings/battery-wear";
import type { Policy } from "@/lib/rules/policy";

/** Terminals estimated per sweep: the rest wait for the next minute. */
export const WEAR_BATCH = 500;
/** A terminal with no rollup day this recent is not re-estimated (its last estimate stays). */
const ACTIVE_DAYS = 3;

export interface WearStepResult {
  estimated: number;
  /** Terminals whose finding turned on or off and were re-diagnosed. */
  changed: number;
}

/** The estimate row of one terminal at `now` from its rollup days. */
export function wearRow(terminalId: number, days: Parameters<typeof estimateBatteryWear>[0], now: number, policy: Pick<Policy, "lowBatteryPct">): BatteryWearRow {
  const e = estimateBatteryWear(days, now, { floorPct: policy.lowBatteryPct });
  if (e.status === "unknown") {
    return {
      terminalId, computedAt: now, status: "unknown", reason: e.reason, days: e.days, originDay: null, ratePerHour: null, slopePerDay: null,
      interceptRate: null, thresholdRate: null, tradingHours: null, predictedAt: null, earliestAt: null, latestAt: null,
    };
  }
  return {
    terminalId, computedAt: now, status: e.status, reason: null, days: e.days, originDay: e.originDay, ratePerHour: e.ratePerHour,
    slopePerDay: e.slopePerDay, interceptRate: e.interceptRate, thresholdRate: e.thresholdRate, tradingHours: e.tradingHours,
    predictedAt: e.predictedAt, earliestAt: e.earliestAt, latestAt: e.latestAt,
  };
}

export async function estimateWearStep(db: Db, now: number, policy: Policy, limit = WEAR_BATCH): Promise<WearStepResult> {
  const today = shanghaiDayStart(now);
  const ids = await wearEstimatesDue(db, today, today - ACTIVE_DAYS * DAY_MS, limit);
  if (ids.length === 0) return { estimated: 0, changed: 0 };
  const days = await batteryDaysOf(db, ids, today - WEAR_DEFAULTS.lookbackDays * DAY_MS);
  const before = await wearOf(db, ids);
  const rows = ids.map((id) => wearRow(id, days.get(id) ?? [], now, policy));
  const changed = rows.filter((r) => wearFlagged(r, policy, now) !== wearFlagged(before.get(r.terminalId), policy, now)).map((r) => r.terminalId);
  await db.transaction(async (tx) => {
    for (const r of rows) await putWear(tx, r);
    // In id order, as the sweep's other re-diagnoses (PostgreSQL locks each terminal).
    for (const id of changed) await refreshState(tx, id, now, policy);
  });
  return { estimated: rows.length, changed: changed.length };
}
