// The rollup steps ingest adds per fresh beat (lib/ingest/battery-daily.ts) and the chart shape
// built from the rollup (lib/ui/charts/battery-wear.ts).
import { describe, expect, it } from "vitest";
import type { BatteryWearRow } from "@/lib/domain/battery";
import { DAY_MS, HOUR_MS, MINUTE_MS, shanghaiDayStart } from "@/lib/domain/time";
import { batteryDeltas } from "@/lib/ingest/battery-daily";
import type { CachedBeat } from "@/lib/ingest/window-cache";
import { toWearChart } from "@/lib/ui/charts/battery-wear";

const DAY = shanghaiDayStart(Date.UTC(2026, 2, 2, 4, 0));
const b = (min: number, battery: number, over: Partial<CachedBeat> = {}): CachedBeat => ({
  seq: min, at: DAY + min * MINUTE_MS, deviceTs: DAY + min * MINUTE_MS, battery, charging: false, firmware: "2.4.1",
  signalDbm: -70, network: "4G", errors: {}, txnCount: 0, ...over,
});

describe("batteryDeltas", () => {
  it("counts a step off the charger on the later beat's day", () => {
    const w = [b(600, 80), b(620, 78, { txnCount: 3 })];
    expect(batteryDeltas(7, w, [w[1]!])).toEqual([
      { terminalId: 7, dayStart: DAY, offMs: 20 * MINUTE_MS, dropPts: 2, samples: 1, chargingBeats: 0, beats: 1, minPct: 78, firstTradeMin: 620, lastTradeMin: 620 },
    ]);
  });

  it("skips steps touching a charging beat, a rise, a gap over 40 minutes or a glitch-fast drop", () => {
    const cases: [CachedBeat, CachedBeat][] = [
      [b(600, 80, { charging: true }), b(620, 78)],
      [b(600, 80), b(620, 82, { charging: true })],
      [b(600, 80), b(620, 81)],
      [b(600, 80), b(641, 78)],
      [b(600, 80), b(620, 60)], // 20 points in 20 minutes is 60 %/h
    ];
    for (const [p, c] of cases) expect(batteryDeltas(1, [p, c], [c])[0]).toMatchObject({ offMs: 0, dropPts: 0, samples: 0, beats: 1 });
    expect(batteryDeltas(1, [b(600, 80), b(640, 78)], [b(640, 78)])[0]!.samples).toBe(1); // exactly 40 minutes counts
  });

  it("a late beat adds a beat but no step; several fresh beats chain; days split at Shanghai midnight", () => {
    const stored = [b(600, 80), b(640, 76)];
    const late = b(620, 78);
    expect(batteryDeltas(1, [...stored, late], [late])[0]).toMatchObject({ beats: 1, samples: 0 });
    const fresh = [b(1430, 50), b(1450, 49)];
    const out = batteryDeltas(1, [b(1410, 51), ...fresh], fresh);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({ dayStart: DAY, samples: 1, dropPts: 1 });
    expect(out[1]).toMatchObject({ dayStart: DAY + DAY_MS, samples: 1, dropPts: 1 });
  });
});

describe("toWearChart", () => {
  const wear: BatteryWearRow = {
    terminalId: 1, computedAt: DAY + 10 * DAY_MS, status: "wearing", reason: null, days: 10, originDay: DAY, ratePerHour: 5,
    slopePerDay: 0.1, interceptRate: 4, thresholdRate: 6, tradingHours: 12, predictedAt: DAY + 20 * DAY_MS, earliestAt: DAY + 17 * DAY_MS, latestAt: DAY + 25 * DAY_MS,
  };
  const days = Array.from({ length: 10 }, (_, i) => ({ dayStart: DAY + i * DAY_MS, offMs: (i === 4 ? 1 : 10) * HOUR_MS, dropPts: 40 + i }));

  it("draws each day's rate, a gap for a day mostly on the charger, and the trend on to the predicted day", () => {
    const c = toWearChart(days, wear);
    expect(c.points[0]).toEqual({ t: DAY, rate: 4, fit: 4 });
    expect(c.points[4]!.rate).toBeNull();
    expect(c.points.at(-1)).toEqual({ t: DAY + 20 * DAY_MS, rate: null, fit: 6 });
    expect(c).toMatchObject({ thresholdRate: 6, predictedAt: wear.predictedAt, earliestAt: wear.earliestAt, latestAt: wear.latestAt });
  });

  it("without an estimate shows the rates only; with nothing, nothing", () => {
    const c = toWearChart(days, null);
    expect(c.points.every((p) => p.fit === null)).toBe(true);
    expect(c.predictedAt).toBeNull();
    expect(toWearChart([], null).points).toEqual([]);
  });
});
