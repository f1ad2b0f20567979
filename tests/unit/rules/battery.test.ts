import { describe, expect, it } from "vitest";
import { diagnose } from "@/lib/rules/diagnose";
import { lastBeats, nowAfter, policy, series } from "./helpers";

const P = policy();

describe("low battery: latest reading at or below 15 % and not charging", () => {
  it.each([
    [16, false, null, "healthy"],
    [15, false, "battery.low", "warning"],
    [14, false, "battery.low", "warning"],
    [6, false, "battery.low", "warning"],
    [5, false, "battery.critical", "critical"],
    [4, false, "battery.critical", "critical"],
    [14, true, null, "healthy"],
    [4, true, null, "healthy"],
  ])("%i %%, charging %s -> %s (%s)", (pct, charging, ruleId, severity) => {
    // A gentle decline into the value; on the charger a gentle rise, as a working charger gives.
    const beats = series(4, (i) => ({ battery: charging ? pct - (3 - i) : pct + (3 - i), charging }));
    const d = diagnose(beats, P, nowAfter(4));
    expect(d.findings.map((f) => f.ruleId)).toEqual(ruleId ? [ruleId] : []);
    expect(d.severity).toBe(severity === "healthy" ? "ok" : severity);
    if (ruleId) expect(d.category).toBe("hardware");
  });

  it("is judged on the latest reading, not on earlier low ones", () => {
    const beats = series(5, (i) => ({ battery: [10, 8, 6, 40, 60][i]!, charging: i === 3 }));
    expect(diagnose(beats, P, nowAfter(5)).category).toBe("healthy");
  });

  it("evidence carries the value and the start of the low run", () => {
    const beats = series(5, (i) => ({ battery: [30, 20, 15, 12, 10][i]! }));
    const f = diagnose(beats, P, nowAfter(5)).findings[0]!;
    expect(f.evidence.values?.batteryPct).toBe(10);
    expect(f.evidence.since).toBe(beats[2]!.at);
  });
});

describe("sensor glitches", () => {
  it("a single dip to 3 % between 80 % readings is ignored", () => {
    const beats = series(5, (i) => ({ battery: [80, 80, 3, 80, 79][i]! }));
    const d = diagnose(beats, P, nowAfter(5));
    expect(d.category).toBe("healthy");
  });

  it("a single spike is dropped from the history used by the drain rule", () => {
    // 60 -> 95 (spike) -> 58 -> 57 -> 56 while charging: real drain of 4 readings once the spike goes.
    const beats = series(5, (i) => ({ battery: [60, 95, 58, 57, 56][i]!, charging: true }));
    const d = diagnose(beats, P, nowAfter(5));
    expect(d.findings.map((f) => f.ruleId)).toEqual(["battery.charging_drain"]);
    expect(d.findings[0]!.evidence.values?.batteryPct).toEqual([60, 58, 57, 56]);
  });

  it("a dip smaller than the glitch jump is a real reading", () => {
    const beats = series(5, (i) => ({ battery: [30, 30, 12, 30, 12][i]! }));
    expect(diagnose(beats, P, nowAfter(5)).category).toBe("hardware");
  });

  it("a latest reading that just fell off a cliff still fires, with low confidence", () => {
    const beats = series(5, (i) => ({ battery: [80, 80, 79, 79, 3][i]! }));
    const d = diagnose(beats, P, nowAfter(5));
    expect(d.category).toBe("hardware");
    expect(d.severity).toBe("critical");
    expect(d.confidence).toBe("low");
    expect(d.findings[0]!.evidence.values?.suddenDrop).toBe(true);
  });

  it("once the next reading recovers, that cliff becomes a glitch and is ignored", () => {
    const beats = series(6, (i) => ({ battery: [80, 80, 79, 79, 3, 79][i]! }));
    expect(diagnose(beats, P, nowAfter(6)).category).toBe("healthy");
  });

  it("a steady decline to low is confirmed and high confidence", () => {
    const beats = series(5, (i) => ({ battery: [21, 17, 13, 9, 6][i]! }));
    const d = diagnose(beats, P, nowAfter(5));
    expect(d.confidence).toBe("high");
  });
});

describe("battery falling while charging", () => {
  it("falling at each of the last 3 charging beats fires", () => {
    const beats = series(5, (i) => ({ battery: [62, 60, 58, 55, 51][i]!, charging: i > 0 }));
    const d = diagnose(beats, P, nowAfter(5));
    expect(d.findings.map((f) => f.ruleId)).toEqual(["battery.charging_drain"]);
    expect(d.category).toBe("hardware");
    expect(d.severity).toBe("warning");
  });

  it("only 2 falls is not a drain, but a level that never rises on the charger is a charger fault", () => {
    const beats = series(5, (i) => ({ battery: [60, 60, 60, 58, 55][i]!, charging: true }));
    expect(diagnose(beats, P, nowAfter(5)).findings.map((f) => f.ruleId)).toEqual(["battery.charging_stalled"]);
  });

  it("a flat step breaks the drain run; the stalled charge still shows", () => {
    const beats = series(5, (i) => ({ battery: [62, 60, 60, 58, 55][i]!, charging: true }));
    expect(diagnose(beats, P, nowAfter(5)).findings.map((f) => f.ruleId)).toEqual(["battery.charging_stalled"]);
  });

  it("a beat off the charger breaks the drain run; the flipping flag with a falling level is a loose port", () => {
    const beats = series(5, (i) => ({ battery: [62, 60, 58, 55, 51][i]!, charging: i !== 3 }));
    expect(diagnose(beats, P, nowAfter(5)).findings.map((f) => f.ruleId)).toEqual(["battery.charging_unstable"]);
  });

  it("is critical when the battery is nearly empty", () => {
    const beats = series(4, (i) => ({ battery: [11, 9, 7, 5][i]!, charging: true }));
    expect(diagnose(beats, P, nowAfter(4)).severity).toBe("critical");
  });

  it("needs one more reading than the beat count", () => {
    const beats = lastBeats(3, 3, { charging: true }).map((b, i) => ({ ...b, battery: 60 - i }));
    expect(diagnose(beats, P, nowAfter(3)).category).toBe("healthy");
  });
});
