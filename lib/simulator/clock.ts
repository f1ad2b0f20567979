// Local time of the fleet (Asia/Shanghai, UTC+8, no daylight saving) and the shape of a trading day.
import { DAY_MS, HOUR_MS, MINUTE_MS, SHANGHAI_OFFSET_MS, shanghaiDayStart } from "@/lib/domain/time";
import type { SimMerchant } from "./fleet";

export { DAY_MS, HOUR_MS, MINUTE_MS, shanghaiDayStart };

/** Hour of the day in Shanghai, fractional (13.5 = 13:30). */
export function localHour(at: number): number {
  return (at - shanghaiDayStart(at)) / HOUR_MS;
}

/** Days since the Unix epoch, counted in Shanghai days. */
export function localDay(at: number): number {
  return Math.round((shanghaiDayStart(at) + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** Relative card volume by hour: quiet at night, a lunch peak and a larger evening peak. */
export const HOURLY_SHAPE: readonly number[] = [
  0.05, 0.03, 0.02, 0.02, 0.02, 0.03, 0.1, 0.35, 0.55, 0.6, 0.7, 0.95,
  1.0, 0.8, 0.55, 0.5, 0.55, 0.75, 0.95, 1.0, 0.8, 0.55, 0.3, 0.12,
];

const KIND_BOOST: Record<SimMerchant["kind"], (h: number) => number> = {
  food: (h) => (h >= 11 && h < 13.5) || (h >= 17.5 && h < 20.5) ? 1.6 : h >= 14 && h < 17 ? 0.5 : 1,
  retail: () => 1,
  fresh: (h) => (h >= 7 && h < 9.5) || (h >= 17 && h < 19.5) ? 1.5 : 1,
  drinks: (h) => (h >= 14 && h < 17) ? 1.4 : 1,
  service: (h) => (h >= 10 && h < 18) ? 1.2 : 0.8,
};

export function isOpen(m: Pick<SimMerchant, "openHour" | "closeHour">, at: number): boolean {
  const h = localHour(at);
  return h >= m.openHour && h < m.closeHour;
}

/** Expected card sales per minute at `at` for one of the merchant's `terminals` terminals. */
export function salesPerMinute(m: SimMerchant, terminals: number, at: number): number {
  if (!isOpen(m, at)) return 0;
  const h = localHour(at);
  const weight = HOURLY_SHAPE[Math.floor(h)]! * KIND_BOOST[m.kind](h);
  // Normalised so a day of the plain shape sums to the merchant's daily volume.
  return (m.dailyTxns / terminals) * (weight / SHAPE_SUM) / 60;
}

const SHAPE_SUM = HOURLY_SHAPE.reduce((s, w) => s + w, 0);
