import { describe, expect, it } from "vitest";
import { DAY_MS, HOUR_MS, shanghaiDayStart } from "@/lib/domain/time";
import { estimateBatteryWear, theilSen, tradingDayHours, type BatteryDayStat } from "@/lib/rules/battery-wear";
import { diagnose } from "@/lib/rules/diagnose";
import type { WearInput } from "@/lib/rules/findings/battery-wear";
import { defaultPolicy, policySchema } from "@/lib/rules/policy";
import { nowAfter, series } from "./helpers";

const TODAY = shanghaiDayStart(Date.UTC(2026, 2, 10, 4, 0));
const NOW = TODAY + 10 * HOUR_MS;
const O = { floorPct: 15 };

/** `n` days ending yesterday; day i (0 = oldest) loses `rate(i)` % an hour over 10 h off the charger, trading 09:00–20:00. */
function days(n: number, rate: (i: number) => number, over: (i: number) => Partial<BatteryDayStat> = () => ({})): BatteryDayStat[] {
  return Array.from({ length: n }, (_, i) => ({
    dayStart: TODAY - (n - i) * DAY_MS,
    offMs: 10 * HOUR_MS,
    dropPts: Math.round(rate(i) * 10),
    samples: 24,
    firstTradeMin: 9 * 60,
    lastTradeMin: 20 * 60,
    ...over(i),
  }));
}

/** A deterministic ±`amp` wobble, so "noisy" is the same series every run. */
const wobble = (i: number, amp: number) => amp * Math.sin(i * 2.3 + 0.7);

describe("estimateBatteryWear", () => {
  it("a steady battery: the rate is read, no trend, nothing predicted", () => {
    const e = estimateBatteryWear(days(28, () => 4), NOW, O);
    expect(e.status).toBe("steady");
    if (e.status === "unknown") throw new Error("expected an estimate");
    expect(e.ratePerHour).toBeCloseTo(4, 5);
    expect(e.slopePerDay).toBeCloseTo(0, 5);
    expect(e.predictedAt).toBeNull();
    expect(e.tradingHours).toBe(11);
  });

  it("a wearing battery: predicts the day the rate reaches a full battery over the trading day", () => {
    // 4 %/h rising 0.1 %/h a day; 85 points over 11 h is 7.727 %/h, reached at x = 37.27 → day 38 of the fit.
    const e = estimateBatteryWear(days(28, (i) => 4 + 0.1 * i), NOW, O);
    if (e.status === "unknown") throw new Error("expected an estimate");
    expect(e.status).toBe("wearing");
    expect(e.slopePerDay).toBeCloseTo(0.1, 2);
    expect(e.thresholdRate).toBeCloseTo(85 / 11, 5);
    expect(e.predictedAt).toBe(e.originDay + 38 * DAY_MS);
    expect(e.earliestAt).toBeLessThanOrEqual(e.predictedAt!);
    expect(e.latestAt).toBeGreaterThanOrEqual(e.predictedAt!);
  });

  it("a noisy wearing battery: still predicted, with a wider band, close to the true day", () => {
    const clean = estimateBatteryWear(days(28, (i) => 4 + 0.1 * i), NOW, O);
    const noisy = estimateBatteryWear(days(28, (i) => 4 + 0.1 * i + wobble(i, 0.6)), NOW, O);
    if (clean.status === "unknown" || noisy.status === "unknown") throw new Error("expected estimates");
    expect(noisy.status).toBe("wearing");
    expect(Math.abs(noisy.predictedAt! - clean.predictedAt!)).toBeLessThanOrEqual(4 * DAY_MS);
    expect(noisy.latestAt! - noisy.earliestAt!).toBeGreaterThan(clean.latestAt! - clean.earliestAt!);
  });

  it("a steady battery with noise does not predict a failure", () => {
    const e = estimateBatteryWear(days(35, (i) => 4 + wobble(i, 0.8)), NOW, O);
    expect(e.status).toBe("steady");
  });

  it("one wild day does not move the line (robust, unlike least squares)", () => {
    const e = estimateBatteryWear(days(21, (i) => (i === 20 ? 30 : 4)), NOW, O);
    if (e.status === "unknown") throw new Error("expected an estimate");
    expect(e.slopePerDay).toBeCloseTo(0, 5);
    expect(e.status).toBe("steady");
  });

  it("gaps: missing days and charging days are skipped, the fit uses real day positions", () => {
    const all = days(30, (i) => 4 + 0.1 * i);
    const gappy = all.filter((_, i) => i % 3 !== 1).map((d, i) => (i % 4 === 0 ? { ...d, offMs: HOUR_MS, dropPts: 40 } : d));
    const e = estimateBatteryWear(gappy, NOW, O);
    if (e.status === "unknown") throw new Error("expected an estimate");
    expect(e.days).toBeLessThan(20);
    expect(e.slopePerDay).toBeCloseTo(0.1, 2);
  });

  it("always on the charger: cannot tell", () => {
    const e = estimateBatteryWear(days(20, () => 0, () => ({ offMs: 0, samples: 0, dropPts: 0 })), NOW, O);
    expect(e).toMatchObject({ status: "unknown", reason: "always-charging" });
  });

  it("too little data: cannot tell", () => {
    expect(estimateBatteryWear([], NOW, O)).toMatchObject({ status: "unknown", reason: "too-little-data" });
    expect(estimateBatteryWear(days(4, (i) => 4 + i), NOW, O)).toMatchObject({ status: "unknown", reason: "too-little-data" });
  });

  it("boundaries: five usable days are enough, two hours off the charger count, less does not", () => {
    expect(estimateBatteryWear(days(5, () => 4), NOW, O).status).toBe("steady");
    const short = days(6, () => 4, (i) => (i === 0 ? { offMs: 2 * HOUR_MS - 1 } : {}));
    expect(estimateBatteryWear(short, NOW, O).days).toBe(5);
    const exact = days(6, () => 4, (i) => (i === 0 ? { offMs: 2 * HOUR_MS } : {}));
    expect(estimateBatteryWear(exact, NOW, O).days).toBe(6);
  });

  it("a trend needs eight usable days: seven rising days only give the rate", () => {
    expect(estimateBatteryWear(days(7, (i) => 5 + 0.3 * i), NOW, O).status).toBe("steady");
    expect(estimateBatteryWear(days(8, (i) => 5 + 0.3 * i), NOW, O).status).toBe("wearing");
  });

  it("the trading day is the longer of the sales span and the time off the charger", () => {
    const e = estimateBatteryWear(days(10, () => 4, () => ({ offMs: 13 * HOUR_MS, dropPts: 52 })), NOW, O);
    if (e.status === "unknown") throw new Error("expected an estimate");
    expect(e.tradingHours).toBe(13);
  });

  it("today's running day and days past the look-back are not used", () => {
    const list = [...days(10, () => 4), { dayStart: TODAY, offMs: 10 * HOUR_MS, dropPts: 500, samples: 30, firstTradeMin: 540, lastTradeMin: 1200 }];
    const old = { dayStart: TODAY - 60 * DAY_MS, offMs: 10 * HOUR_MS, dropPts: 5, samples: 30, firstTradeMin: 540, lastTradeMin: 1200 };
    const e = estimateBatteryWear([old, ...list], NOW, O);
    expect(e.days).toBe(10);
    expect(e.status).toBe("steady");
  });

  it("a battery that already does not last the day is predicted for today", () => {
    const e = estimateBatteryWear(days(10, () => 9), NOW, O);
    if (e.status === "unknown") throw new Error("expected an estimate");
    expect(e.predictedAt).toBe(TODAY);
  });

  it("a slow fade more than a year away predicts nothing", () => {
    const e = estimateBatteryWear(days(28, (i) => 3 + 0.005 * i), NOW, O);
    expect(e.status).toBe("steady");
  });
});

describe("tradingDayHours", () => {
  it("reads the span between first and last sale, else the time off the charger", () => {
    expect(tradingDayHours(days(5, () => 4))).toBe(11);
    expect(tradingDayHours(days(5, () => 4, () => ({ firstTradeMin: null, lastTradeMin: null, offMs: 8 * HOUR_MS })))).toBe(8);
  });
});

describe("theilSen", () => {
  it("fits an exact line and brackets its slope", () => {
    const f = theilSen([0, 1, 2, 3, 4, 5], [1, 3, 5, 7, 9, 11]);
    expect(f.slope).toBe(2);
    expect(f.intercept).toBe(1);
    expect(f.slopeLow).toBeLessThanOrEqual(2);
    expect(f.slopeHigh).toBeGreaterThanOrEqual(2);
  });
});

describe("the battery.wear finding", () => {
  const P = { ...defaultPolicy };
  const wear = (inDays: number, over: Partial<WearInput> = {}): WearInput => ({
    predictedAt: TODAY + inDays * DAY_MS, earliestAt: TODAY + (inDays - 3) * DAY_MS, latestAt: TODAY + (inDays + 4) * DAY_MS,
    ratePerHour: 6.2, slopePerDay: 0.08, tradingHours: 11, thresholdRate: 7.7, days: 21, computedAt: TODAY + HOUR_MS, ...over,
  });
  const beats = series(4, () => ({ battery: 70 }));
  const at = nowAfter(4);
  // Judged at the helpers' own moment: make the predicted days relative to its Shanghai day.
  const rel = (inDays: number, over: Partial<WearInput> = {}) => {
    const w = wear(inDays, over);
    const shift = shanghaiDayStart(at) - TODAY;
    return { ...w, predictedAt: w.predictedAt! + shift, earliestAt: w.earliestAt! + shift, latestAt: w.latestAt === null ? null : w.latestAt + shift };
  };

  it("fires within the horizon as a hardware warning with evidence and steps in both languages", () => {
    const d = diagnose(beats, P, at, null, rel(14));
    expect(d.category).toBe("hardware");
    expect(d.severity).toBe("warning");
    const f = d.findings.find((x) => x.ruleId === "battery.wear")!;
    expect(f.evidence.values).toMatchObject({ replaceWithinDays: 14, ratePctPerHour: 6.2, trendPctPerHourPerWeek: 0.56, horizonDays: 14 });
    expect(f.message.zh).toContain("约 14 天内需要更换");
    expect(f.message.en).toContain("replace within ~14 days");
    expect(f.steps.zh.length).toBeGreaterThan(0);
    expect(f.steps.en.length).toBe(f.steps.zh.length);
  });

  it("does not fire a day past the horizon, without an estimate, or without a predicted day", () => {
    expect(diagnose(beats, P, at, null, rel(15)).findings).toEqual([]);
    expect(diagnose(beats, P, at, null, null).findings).toEqual([]);
    expect(diagnose(beats, P, at).findings).toEqual([]);
    expect(diagnose(beats, P, at, null, { ...rel(3), predictedAt: null }).findings).toEqual([]);
  });

  it("follows the policy's horizon (what a dry run of a new horizon shows)", () => {
    expect(diagnose(beats, { ...P, batteryWearHorizonDays: 30 }, at, null, rel(20)).category).toBe("hardware");
    expect(diagnose(beats, { ...P, batteryWearHorizonDays: 7 }, at, null, rel(8)).category).toBe("healthy");
  });

  it("says when the battery already does not last the day, and when the band has no later end", () => {
    const f = diagnose(beats, P, at, null, rel(0, { latestAt: null })).findings[0]!;
    expect(f.message.en).toContain("no longer lasts a trading day");
    expect(f.message.en).toContain("latest cannot be told");
    expect(f.message.zh).toContain("已撑不过一个营业日");
  });

  it("the policy field defaults to 14 days and is bounded", () => {
    expect(defaultPolicy.batteryWearHorizonDays).toBe(14);
    expect(policySchema.safeParse({ ...defaultPolicy, batteryWearHorizonDays: 0 }).success).toBe(false);
    expect(policySchema.safeParse({ ...defaultPolicy, batteryWearHorizonDays: 1.5 }).success).toBe(false);
  });
});
