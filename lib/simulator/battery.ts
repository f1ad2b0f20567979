// Battery level as a closed-form function of time, so any heartbeat can be computed on its own.
import { DAY_MS, HOUR_MS, localDay, MINUTE_MS, shanghaiDayStart } from "./clock";
import type { SimMerchant, SimTerminal } from "./fleet";
import { mix, Rng } from "./random";

export interface BatteryReading {
  pct: number;
  charging: boolean;
  /** Flat and not on a charger: the terminal is off and posts nothing. */
  dead: boolean;
}

/**
 * A terminal with an aging battery. For FADE_DAYS before `since`'s day the battery fades slowly:
 * each day it drains a little faster, until a full charge only just lasts the trading day. From
 * `since`'s day on it drains faster each day, then dies for good.
 */
export interface BatteryAging {
  since: number;
}

/** Days of slow fade before the battery starts failing. */
export const FADE_DAYS = 28;
/** Share of a full battery a trading day uses on the last day of the fade. */
const FADE_END_USE = 0.95;

/** Start of the slow fade of an aging battery (00:00 Shanghai, FADE_DAYS before `since`'s day). */
export function fadeStart(aging: BatteryAging): number {
  return shanghaiDayStart(aging.since) - FADE_DAYS * DAY_MS;
}

export const AGING_GROWTH = 1.8;
/** Days of ever faster draining before the battery stops holding any charge. */
export const AGING_DAYS_TO_DEATH = 3;
const COUNTER_CYCLE_MS = 3 * HOUR_MS;
const CHARGE_PER_HOUR = 30;
const HEALTHY_FLOOR = 25;

export function batteryAt(seed: number, t: SimTerminal, m: SimMerchant, at: number, aging?: BatteryAging): BatteryReading {
  if (t.usage === "counter") return counterBattery(seed, t, at);
  const today = shanghaiDayStart(at);
  if (aging && localDay(today) - localDay(aging.since) > AGING_DAYS_TO_DEATH) return { pct: 0, charging: false, dead: true };
  const day = mobileDay(seed, t, m, today, aging);
  if (at >= day.unplug && at < day.plugIn) {
    const pct = 100 - day.rate * ((at - day.unplug) / HOUR_MS);
    if (!aging) return { pct: Math.round(Math.max(HEALTHY_FLOOR, pct)), charging: false, dead: false };
    if (pct <= 0) return { pct: 0, charging: false, dead: true };
    return { pct: Math.ceil(pct), charging: false, dead: false };
  }
  // On the charger overnight: from this evening's level, or last evening's before opening time.
  const evening = at >= day.plugIn ? day : mobileDay(seed, t, m, today - DAY_MS, aging);
  if (evening.diesForGood) return { pct: 0, charging: false, dead: true };
  const pct = Math.min(100, evening.levelAtPlugIn + CHARGE_PER_HOUR * ((at - evening.plugIn) / HOUR_MS));
  return { pct: Math.round(pct), charging: true, dead: false };
}

interface MobileDay {
  unplug: number;
  plugIn: number;
  rate: number; // percent per hour
  levelAtPlugIn: number;
  /** The battery reached empty on a day past the aging limit: it will not charge again. */
  diesForGood: boolean;
}

function mobileDay(seed: number, t: SimTerminal, m: SimMerchant, dayStart: number, aging?: BatteryAging): MobileDay {
  const rng = new Rng(mix(seed, t.index, dayStart / MINUTE_MS, 0xba77));
  const unplug = dayStart + m.openHour * HOUR_MS + rng.int(0, 20) * MINUTE_MS;
  const plugIn = dayStart + m.closeHour * HOUR_MS + rng.int(0, 45) * MINUTE_MS;
  let rate = t.drainPerHour * rng.range(0.85, 1.15);
  const agedDays = aging ? localDay(dayStart) - localDay(aging.since) : -Infinity;
  // The fade, linear in the drain rate: day -FADE_DAYS drains as a sound battery, day -1 uses
  // FADE_END_USE of a full charge over the merchant's usual trading day.
  const fading = agedDays < 0 && agedDays >= -FADE_DAYS;
  if (fading) rate *= 1 + (fadeEndFactor(t, m) - 1) * ((FADE_DAYS + agedDays + 1) / FADE_DAYS);
  if (aging && agedDays >= 0) rate *= fadeEndFactor(t, m) * AGING_GROWTH ** (agedDays + 1);
  const raw = 100 - rate * ((plugIn - unplug) / HOUR_MS);
  const levelAtPlugIn = fading || (aging && agedDays >= 0) ? Math.max(0, raw) : Math.max(HEALTHY_FLOOR, raw);
  // By the last day the drain is so fast that the battery is empty long before closing time.
  const diesForGood = agedDays >= AGING_DAYS_TO_DEATH;
  return { unplug, plugIn, rate, levelAtPlugIn, diesForGood };
}

/** How much faster than when sound a battery drains at the end of its fade (at least 1). */
function fadeEndFactor(t: SimTerminal, m: SimMerchant): number {
  return Math.max(1, (FADE_END_USE * 100) / (t.drainPerHour * (m.closeHour - m.openHour)));
}

/**
 * A terminal left on its charger at the counter: the charger tops it up to 100 %, stops, and the
 * level sags to ~95 % before it starts again. The level only falls while `charging` is false.
 */
function counterBattery(seed: number, t: SimTerminal, at: number): BatteryReading {
  const offset = (mix(seed, t.index, 0xc0) % 1000) / 1000;
  const u = (at / COUNTER_CYCLE_MS + offset) % 1;
  if (u < 0.3) return { pct: Math.round(95 + (5 * u) / 0.3), charging: true, dead: false };
  return { pct: Math.round(100 - (5 * (u - 0.3)) / 0.7), charging: false, dead: false };
}

/**
 * The moment the aging battery first fails to last a trading day (epoch ms): the first day, from
 * the start of its fade, on which it runs flat before it goes back on the charger. The ground
 * truth the wear prediction is measured against.
 */
export function agingFailsAt(seed: number, t: SimTerminal, m: SimMerchant, aging: BatteryAging): number {
  for (let day = fadeStart(aging); day < shanghaiDayStart(aging.since) + AGING_DAYS_TO_DEATH * DAY_MS; day += DAY_MS) {
    const d = mobileDay(seed, t, m, day, aging);
    const flatAt = d.unplug + (100 / d.rate) * HOUR_MS;
    if (flatAt < d.plugIn) return flatAt;
  }
  return agingDeathAt(seed, t, m, aging);
}

/** The moment the aging battery dies for good (epoch ms): some time on its last day. */
export function agingDeathAt(seed: number, t: SimTerminal, m: SimMerchant, aging: BatteryAging): number {
  const last = mobileDay(seed, t, m, shanghaiDayStart(aging.since) + AGING_DAYS_TO_DEATH * DAY_MS, aging);
  return Math.min(last.plugIn, last.unplug + (100 / last.rate) * HOUR_MS);
}
