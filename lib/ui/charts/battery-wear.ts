// The shape of a terminal's battery wear chart: the daily discharge rate, the fitted trend drawn
// on to the predicted day, and the rate at which a trading day is no longer lasted.
import type { BatteryWearRow } from "@/lib/domain/battery";
import { DAY_MS, HOUR_MS } from "@/lib/domain/time";

export interface WearChartPoint {
  t: number; // day start, epoch ms
  /** % per hour off the charger that day; null on days with too little time off the charger. */
  rate: number | null;
  /** The fitted trend at that day; null outside the fit. */
  fit: number | null;
}

export interface WearChart {
  points: WearChartPoint[];
  thresholdRate: number | null;
  predictedAt: number | null;
  earliestAt: number | null;
  latestAt: number | null;
}

/** Days with less time off the charger than this are drawn as gaps (as the estimate skips them). */
const MIN_OFF_HOURS = 2;
/** How far past the last day the trend is drawn when no day is predicted. */
const TREND_AHEAD_DAYS = 7;

const round2 = (n: number) => Math.round(n * 100) / 100;

export function toWearChart(days: readonly { dayStart: number; offMs: number; dropPts: number }[], wear: BatteryWearRow | null): WearChart {
  const byDay = new Map<number, WearChartPoint>();
  for (const d of days) {
    byDay.set(d.dayStart, { t: d.dayStart, rate: d.offMs >= MIN_OFF_HOURS * HOUR_MS ? round2(d.dropPts / (d.offMs / HOUR_MS)) : null, fit: null });
  }
  const fitted = wear && wear.status !== "unknown" && wear.originDay !== null && wear.interceptRate !== null && wear.slopePerDay !== null;
  if (fitted && days.length > 0) {
    const origin = wear.originDay!;
    const last = Math.max(...days.map((d) => d.dayStart));
    const end = wear.predictedAt !== null ? Math.max(last, wear.predictedAt) : last + TREND_AHEAD_DAYS * DAY_MS;
    for (let t = origin; t <= end; t += DAY_MS) {
      const p = byDay.get(t) ?? { t, rate: null, fit: null };
      p.fit = round2(Math.max(0, wear.interceptRate! + wear.slopePerDay! * ((t - origin) / DAY_MS)));
      byDay.set(t, p);
    }
  }
  return {
    points: [...byDay.values()].sort((a, b) => a.t - b.t),
    thresholdRate: wear?.thresholdRate ?? null,
    predictedAt: wear?.predictedAt ?? null,
    earliestAt: wear?.earliestAt ?? null,
    latestAt: wear?.latestAt ?? null,
  };
}
