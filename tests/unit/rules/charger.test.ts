import { describe, expect, it } from "vitest";
import { describeEvidence } from "@/lib/rules/describe";
import { diagnose } from "@/lib/rules/diagnose";
import { nowAfter, policy, series } from "./helpers";

const P = policy();
const ids = (levels: number[], charging: boolean[] | boolean = true) => {
  const beats = series(levels.length, (i) => ({ battery: levels[i]!, charging: Array.isArray(charging) ? charging[i]! : charging }));
  return diagnose(beats, P, nowAfter(levels.length)).findings.map((f) => f.ruleId);
};

describe("charger faults", () => {
  it("on the charger and stuck at 8 % over four readings -> hardware", () => {
    expect(ids([8, 8, 8, 8])).toEqual(["battery.charging_stalled"]);
    const beats = series(4, () => ({ battery: 8, charging: true }));
    const f = diagnose(beats, P, nowAfter(4)).findings[0]!;
    expect(f.category).toBe("hardware");
    expect(describeEvidence(f, "zh-CN")).toEqual(["接着充电器 4 次心跳电量都没有上升：8% → 8% → 8% → 8%（16:00–16:15）"]);
    expect(describeEvidence(f, "en")).toEqual(["On the charger for 4 heartbeats but the level did not rise: 8 % → 8 % → 8 % → 8 % (16:00–16:15)"]);
  });

  it("boundaries: three readings are too few, a one-point rise is charging, near full may hold", () => {
    expect(ids([8, 8, 8])).toEqual([]);
    expect(ids([8, 8, 8, 9])).toEqual([]);
    expect(ids([89, 89, 89, 89])).toEqual(["battery.charging_stalled"]);
    expect(ids([90, 90, 90, 90])).toEqual([]);
  });

  it("stuck at the critical level is critical", () => {
    const beats = series(4, () => ({ battery: 4, charging: true }));
    expect(diagnose(beats, P, nowAfter(4)).severity).toBe("critical");
  });

  it("the charging flag flipping beat to beat while the level falls -> hardware (loose port)", () => {
    expect(ids([40, 38, 37, 35], [true, false, true, false])).toEqual(["battery.charging_unstable"]);
    expect(ids([40, 39, 38, 36], [false, true, false, true])).toEqual(["battery.charging_unstable"]);
  });

  it("boundaries: one flip is plugging in; flipping with a rising level is a working charger", () => {
    expect(ids([40, 38, 37, 36], [false, false, true, true])).toEqual([]);
    expect(ids([40, 42, 41, 44], [true, false, true, false])).toEqual([]);
  });
});
