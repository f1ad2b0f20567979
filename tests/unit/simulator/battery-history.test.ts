import { describe, expect, it } from "vitest";
import { DAY_MS, HOUR_MS } from "@/lib/domain/time";
import { estimateBatteryWear } from "@/lib/rules/battery-wear";
import { FADE_DAYS } from "@/lib/simulator/battery";
import { BATTERY_HISTORY_DAYS, batteryHistoryOf } from "@/lib/simulator/battery-history";
import { shanghaiDayStart } from "@/lib/simulator/clock";
import { buildFleet } from "@/lib/simulator/fleet";
import { Simulation } from "@/lib/simulator/simulation";

const FROM = shanghaiDayStart(Date.UTC(2026, 2, 2, 4, 0));

describe("the battery record before the history", () => {
  const fleet = buildFleet(3, 60);
  const sim = new Simulation(fleet, { epoch: FROM, plan: false });
  const [sound, fading] = fleet.terminals.filter((t) => t.usage === "mobile");
  const m = fleet.merchants[fading!.merchant]!;
  // The fade began 20 days before the history: it fails about eight days into it.
  sim.addFault({ kind: "battery-aging", terminal: fading!.index, since: FROM - 20 * DAY_MS + FADE_DAYS * DAY_MS + m.openHour * HOUR_MS, until: null });

  it("gives a sound mobile battery one day a day at its own rate, and no trend", () => {
    const days = batteryHistoryOf(sim, sound!.index, 1, FROM);
    expect(days).toHaveLength(BATTERY_HISTORY_DAYS);
    for (const d of days) expect(d.dropPts / (d.offMs / HOUR_MS)).toBeGreaterThan(sound!.drainPerHour * 0.75);
    const e = estimateBatteryWear(days, FROM + HOUR_MS, { floorPct: 15 });
    expect(e.status).toBe("steady");
  });

  it("shows a fading battery rising, so the first estimate already predicts it", () => {
    const days = batteryHistoryOf(sim, fading!.index, 2, FROM);
    const e = estimateBatteryWear(days, FROM + HOUR_MS, { floorPct: 15 });
    expect(e.status).toBe("wearing");
    if (e.status === "unknown") throw new Error("expected an estimate");
    expect(e.predictedAt! - FROM).toBeLessThan(14 * DAY_MS);
  });
});
