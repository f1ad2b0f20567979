// 电池老化: the sweep's stored wear estimate (lib/rules/battery-wear.ts) says the battery will stop
// lasting a trading day within the policy's horizon. Pure: the estimate and `now` come in.
import type { BatteryWearRow } from "@/lib/domain/battery";
import type { Policy } from "@/lib/domain/policy";
import { DAY_MS, SHANGHAI_OFFSET_MS, shanghaiDayStart } from "@/lib/domain/time";
import type { Finding } from "@/lib/rules/types";

/** What the finding needs of a stored estimate. */
export type WearInput = Pick<BatteryWearRow, "predictedAt" | "earliestAt" | "latestAt" | "ratePerHour" | "slopePerDay" | "tradingHours" | "thresholdRate" | "days" | "computedAt">;

const STEPS = {
  zh: [
    "致电商户：每天营业前把终端充满电，空闲时放回充电座，避免营业中途没电关机。",
    "在预计日期之前安排更换电池（或换机），提前准备好备用电池。",
    "更换后观察几天，确认离开充电器时的掉电速度回到正常水平。",
  ],
  en: [
    "Call the merchant: start each day fully charged and put the terminal back on its base when idle, so it does not die while trading.",
    "Arrange a battery (or terminal) replacement before the predicted day and have a spare battery ready.",
    "After the replacement, watch the discharge rate off the charger for a few days to confirm it is back to normal.",
  ],
};

const one = (n: number) => Math.round(n * 10) / 10;
const two = (n: number) => Math.round(n * 100) / 100;
const EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A Shanghai calendar day, "3月12日" / "12 Mar". */
export function shanghaiDate(at: number, lang: "zh" | "en"): string {
  const d = new Date(at + SHANGHAI_OFFSET_MS);
  return lang === "zh" ? `${d.getUTCMonth() + 1}月${d.getUTCDate()}日` : `${d.getUTCDate()} ${EN_MONTHS[d.getUTCMonth()]}`;
}

/** Whole days from today (Shanghai) to the predicted day, never below 0. */
export function daysUntil(predictedAt: number, now: number): number {
  return Math.max(0, Math.round((predictedAt - shanghaiDayStart(now)) / DAY_MS));
}

/** Whether the estimate flags the battery at `now` under the policy's horizon. */
export function wearFlagged(wear: Pick<BatteryWearRow, "predictedAt"> | null | undefined, policy: Pick<Policy, "batteryWearHorizonDays">, now: number): boolean {
  return !!wear && wear.predictedAt !== null && daysUntil(wear.predictedAt, now) <= policy.batteryWearHorizonDays;
}

/** The "replace within ~N days" finding, or null when the estimate does not flag the battery. */
export function batteryWearFinding(wear: WearInput | null | undefined, policy: Pick<Policy, "batteryWearHorizonDays">, now: number): Finding | null {
  if (!wear || !wearFlagged(wear, policy, now)) return null;
  const n = daysUntil(wear.predictedAt!, now);
  const rate = one(wear.ratePerHour ?? 0);
  const week = two((wear.slopePerDay ?? 0) * 7);
  const hours = one(wear.tradingHours ?? 0);
  const band = (lang: "zh" | "en") => {
    const from = shanghaiDate(wear.earliestAt ?? wear.predictedAt!, lang);
    if (wear.latestAt === null) return lang === "zh" ? `最早 ${from}，最晚无法确定` : `earliest ${from}, latest cannot be told`;
    return lang === "zh" ? `范围 ${from}–${shanghaiDate(wear.latestAt, "zh")}` : `between ${from} and ${shanghaiDate(wear.latestAt, "en")}`;
  };
  const lead = {
    zh: n === 0 ? "电池老化：已撑不过一个营业日，需尽快更换。" : `电池老化：约 ${n} 天内需要更换。`,
    en: n === 0 ? "Battery worn out: it no longer lasts a trading day; replace it now." : `Battery wearing out: replace within ~${n} days.`,
  };
  return {
    ruleId: "battery.wear",
    category: "hardware",
    severity: "warning",
    evidence: {
      readings: ["battery_pct", "charging"],
      values: {
        ratePctPerHour: rate, trendPctPerHourPerWeek: week, predictedAt: wear.predictedAt, earliestAt: wear.earliestAt,
        latestAt: wear.latestAt, replaceWithinDays: n, tradingHours: hours, thresholdPctPerHour: one(wear.thresholdRate ?? 0),
        days: wear.days, horizonDays: policy.batteryWearHorizonDays, estimatedAt: wear.computedAt,
      },
      since: wear.computedAt,
    },
    message: {
      zh: `${lead.zh}离开充电器每小时掉电 ${rate}%（每周增加 ${week}%，依据 ${wear.days} 天的数据），预计 ${shanghaiDate(wear.predictedAt!, "zh")}起撑不过 ${hours} 小时的营业时间（${band("zh")}）。`,
      en: `${lead.en} It loses ${rate}% an hour off the charger (up ${week}% a week, from ${wear.days} days of data); from about ${shanghaiDate(wear.predictedAt!, "en")} it will not last the ${hours}-hour trading day (${band("en")}).`,
    },
    steps: STEPS,
  };
}
