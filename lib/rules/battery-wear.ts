// Battery wear: from a terminal's daily battery rollup, the discharge rate per hour off the
// charger, its trend over weeks, and the day the battery will no longer last a trading day.
// Pure: the days and `now` are passed in; no clock, store or environment.
import { DAY_MS, HOUR_MS, MINUTE_MS, shanghaiDayStart } from "@/lib/domain/time";

/** One Shanghai day of a terminal's battery (db/battery.ts keeps these). */
export interface BatteryDayStat {
  /** 00:00 Asia/Shanghai of the day, epoch ms. */
  dayStart: number;
  /** Time off the charger covered by discharge samples, ms. */
  offMs: number;
  /** Percentage points lost over those samples. */
  dropPts: number;
  /** Discharge samples (steps between two beats off the charger). */
  samples: number;
  /** Minute of the day of the first and the last beat that reported a sale (null: no sale). */
  firstTradeMin: number | null;
  lastTradeMin: number | null;
}

export interface WearOptions {
  /** The level a trading day must not fall to, percent (the policy's low-battery level). */
  floorPct: number;
  /** Days of rollup the fit looks back over. */
  lookbackDays?: number;
  /** A day counts only with at least this long off the charger, hours. */
  minOffHours?: number;
  /** Days that must count before anything is said. */
  minDays?: number;
}

export const WEAR_DEFAULTS = { lookbackDays: 42, minOffHours: 2, minDays: 5, minSamples: 4, minTrendDays: 8 } as const;
/** Beyond this the prediction is not worth a date. */
const MAX_AHEAD_DAYS = 365;
/** z for the two-sided 90 % band of the Theil–Sen slope. */
const Z90 = 1.645;
/** When the terminal's own trading hours cannot be read, the off-charger day stands in, at least this long. */
const MIN_TRADING_HOURS = 1;

export interface WearPoint {
  dayStart: number;
  /** Percent per hour off the charger that day. */
  rate: number;
}

export type WearEstimate =
  | { status: "unknown"; reason: "always-charging" | "too-little-data"; days: number; points: WearPoint[] }
  | {
      status: "steady" | "wearing";
      days: number;
      points: WearPoint[];
      /** Day x = 0 of the fitted line (the first day used). */
      originDay: number;
      /** Fitted rate at originDay, % per hour, and its change per day. */
      interceptRate: number;
      slopePerDay: number;
      /** Fitted rate today, % per hour. */
      ratePerHour: number;
      /** Change of the rate over a week, % per hour. */
      trendPerWeek: number;
      /** The terminal's trading day, hours (from when it trades, else from its time off the charger). */
      tradingHours: number;
      /** The rate at which a full battery falls to the floor within one trading day. */
      thresholdRate: number;
      /** Start of the day the battery is predicted to stop lasting a trading day; null: not within a year. */
      predictedAt: number | null;
      /** The 90 % band around predictedAt; latestAt null means no later bound within a year. */
      earliestAt: number | null;
      latestAt: number | null;
    };

/** The rate of each day that has enough time off the charger to be read, oldest first. */
export function usableDays(days: readonly BatteryDayStat[], now: number, o: WearOptions): WearPoint[] {
  const today = shanghaiDayStart(now);
  const from = today - (o.lookbackDays ?? WEAR_DEFAULTS.lookbackDays) * DAY_MS;
  const minOffMs = (o.minOffHours ?? WEAR_DEFAULTS.minOffHours) * HOUR_MS;
  return days
    .filter((d) => d.dayStart >= from && d.dayStart < today && d.offMs >= minOffMs && d.samples >= WEAR_DEFAULTS.minSamples)
    .map((d) => ({ dayStart: d.dayStart, rate: d.dropPts / (d.offMs / HOUR_MS) }))
    .sort((a, b) => a.dayStart - b.dayStart);
}

/**
 * Estimates the wear of one battery at `now` from its daily rollup. Only days before today count
 * (today is still running), and only days with at least `minOffHours` off the charger: a day
 * spent on the charger says nothing about the battery, and missing days are simply absent. The
 * rate's trend is a Theil–Sen line (the median of the slopes between every pair of days), which a
 * few odd days cannot pull; its 90 % band gives the band of the predicted day. A trend whose band
 * includes zero predicts nothing unless the battery already fails to last the day.
 */
export function estimateBatteryWear(days: readonly BatteryDayStat[], now: number, o: WearOptions): WearEstimate {
  const points = usableDays(days, now, o);
  const minDays = o.minDays ?? WEAR_DEFAULTS.minDays;
  if (points.length < minDays) {
    const recent = days.filter((d) => d.dayStart >= shanghaiDayStart(now) - (o.lookbackDays ?? WEAR_DEFAULTS.lookbackDays) * DAY_MS);
    const offMs = recent.reduce((s, d) => s + d.offMs, 0);
    const reason = recent.length >= minDays && offMs < (o.minOffHours ?? WEAR_DEFAULTS.minOffHours) * HOUR_MS * minDays ? "always-charging" : "too-little-data";
    return { status: "unknown", reason, days: points.length, points };
  }
  const today = shanghaiDayStart(now);
  const originDay = points[0]!.dayStart;
  const xs = points.map((p) => (p.dayStart - originDay) / DAY_MS);
  const ys = points.map((p) => p.rate);
  const fit = theilSen(xs, ys);
  const xToday = (today - originDay) / DAY_MS;
  const ratePerHour = Math.max(0, fit.intercept + fit.slope * xToday);
  const tradingHours = tradingDayHours(days.filter((d) => points.some((p) => p.dayStart === d.dayStart)));
  const thresholdRate = (100 - o.floorPct) / tradingHours;

  // Pivot of the band: the median point, through which the steeper and flatter lines are drawn.
  const xm = median(xs), ym = median(ys);
  const crossing = (slope: number, intercept: number): number | null => {
    if (intercept + slope * xToday >= thresholdRate) return today;
    if (slope <= 0) return null;
    const x = (thresholdRate - intercept) / slope;
    const at = originDay + Math.ceil(x) * DAY_MS;
    return at - today > MAX_AHEAD_DAYS * DAY_MS ? null : Math.max(today, at);
  };
  // A rising trend needs more days than a rate: over a few days, chance alone often looks like one.
  const significant = fit.slopeLow > 0 && points.length >= WEAR_DEFAULTS.minTrendDays;
  const alreadyShort = ratePerHour >= thresholdRate;
  let predictedAt: number | null = null, earliestAt: number | null = null, latestAt: number | null = null;
  if (significant || alreadyShort) {
    predictedAt = crossing(fit.slope, fit.intercept);
    earliestAt = crossing(fit.slopeHigh, ym - fit.slopeHigh * xm);
    latestAt = crossing(fit.slopeLow, ym - fit.slopeLow * xm);
    if (predictedAt !== null) {
      if (earliestAt === null || earliestAt > predictedAt) earliestAt = predictedAt;
      if (latestAt !== null && latestAt < predictedAt) latestAt = predictedAt;
    }
  }
  return {
    status: predictedAt !== null ? "wearing" : "steady",
    days: points.length, points, originDay,
    interceptRate: fit.intercept, slopePerDay: fit.slope, ratePerHour,
    trendPerWeek: fit.slope * 7, tradingHours, thresholdRate,
    predictedAt, earliestAt: predictedAt === null ? null : earliestAt, latestAt: predictedAt === null ? null : latestAt,
  };
}

/**
 * The terminal's trading day in hours: the longer of the median span between its first and last
 * sale of a day (over days with sales; the first and last sale fall inside opening hours, so the
 * span alone is short) and the median time it spends off the charger a day, which is when the
 * merchant is using it.
 */
export function tradingDayHours(days: readonly BatteryDayStat[]): number {
  const spans = days
    .filter((d) => d.firstTradeMin !== null && d.lastTradeMin !== null && d.lastTradeMin > d.firstTradeMin)
    .map((d) => ((d.lastTradeMin! - d.firstTradeMin!) * MINUTE_MS) / HOUR_MS);
  const off = median(days.map((d) => d.offMs / HOUR_MS));
  const hours = spans.length >= 3 ? Math.max(median(spans), off) : off;
  return Math.min(24, Math.max(MIN_TRADING_HOURS, hours));
}

/** Theil–Sen line with the 90 % band of its slope (Sen 1968, normal approximation of Kendall's S). */
export function theilSen(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number; slopeLow: number; slopeHigh: number } {
  const slopes: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    for (let j = i + 1; j < xs.length; j++) {
      if (xs[j] !== xs[i]) slopes.push((ys[j]! - ys[i]!) / (xs[j]! - xs[i]!));
    }
  }
  if (slopes.length === 0) return { slope: 0, intercept: median(ys), slopeLow: 0, slopeHigh: 0 };
  slopes.sort((a, b) => a - b);
  const slope = median(slopes);
  const intercept = median(xs.map((x, i) => ys[i]! - slope * x));
  const n = xs.length;
  const c = Z90 * Math.sqrt((n * (n - 1) * (2 * n + 5)) / 18);
  const lo = Math.max(0, Math.floor((slopes.length - c) / 2));
  const hi = Math.min(slopes.length - 1, Math.ceil((slopes.length + c) / 2));
  return { slope, intercept, slopeLow: slopes[lo]!, slopeHigh: slopes[hi]! };
}

function median(v: readonly number[]): number {
  if (v.length === 0) return 0;
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
