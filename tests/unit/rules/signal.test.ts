import { describe, expect, it } from "vitest";
import { diagnose } from "@/lib/rules/diagnose";
import { beat, lastBeats, nowAfter, policy, series } from "./helpers";

const P = policy();
const ruleIds = (d: ReturnType<typeof diagnose>) => d.findings.map((f) => f.ruleId);

describe("weak signal: at or below -100 dBm in each of the 3 latest beats", () => {
  it.each([
    [-99, false],
    [-100, true],
    [-101, true],
  ])("%i dBm in 3 beats fires: %s", (dbm, fires) => {
    const d = diagnose(lastBeats(6, 3, { signalDbm: dbm }), P, nowAfter(6));
    expect(ruleIds(d).includes("signal.weak")).toBe(fires);
    expect(d.category).toBe(fires ? "network" : "healthy");
  });

  it("only the last 2 beats weak does not fire", () => {
    const d = diagnose(lastBeats(6, 2, { signalDbm: -110 }), P, nowAfter(6));
    expect(d.category).toBe("healthy");
  });

  it("a weak run that ended does not fire", () => {
    const beats = series(6, (i) => (i < 5 ? { signalDbm: -110 } : { signalDbm: -80 }));
    expect(diagnose(beats, P, nowAfter(6)).category).toBe("healthy");
  });

  it("fewer beats than required never fires, however weak", () => {
    const beats = series(2, () => ({ signalDbm: -120 }));
    expect(diagnose(beats, P, nowAfter(2)).category).toBe("healthy");
  });

  it("network NONE counts as weak even with a good reading", () => {
    const d = diagnose(lastBeats(5, 3, { network: "NONE", signalDbm: -60 }), P, nowAfter(5));
    expect(ruleIds(d)).toEqual(["signal.weak"]);
  });

  it("a missing reading counts as weak", () => {
    const d = diagnose(lastBeats(5, 3, { signalDbm: null }), P, nowAfter(5));
    expect(ruleIds(d)).toEqual(["signal.weak"]);
  });

  it("evidence starts at the first beat of the weak run and lists the readings", () => {
    const beats = series(6, (i) => ({ signalDbm: i >= 2 ? -105 : -70 }));
    const f = diagnose(beats, P, nowAfter(6)).findings[0]!;
    expect(f.evidence.since).toBe(beats[2]!.at);
    expect(f.evidence.values?.signals).toEqual([-105, -105, -105, -105]);
    expect(f.severity).toBe("warning");
    expect(f.steps.en.join(" ")).toMatch(/window|Wi-Fi/);
  });

  it("follows the policy threshold and beat count", () => {
    const beats = lastBeats(6, 2, { signalDbm: -95 });
    expect(diagnose(beats, policy({ weakSignalDbm: -95, weakSignalBeats: 2 }), nowAfter(6)).category).toBe("network");
    expect(diagnose(beats, policy({ weakSignalDbm: -96, weakSignalBeats: 2 }), nowAfter(6)).category).toBe("healthy");
  });

  it("Wi-Fi RSSI is judged by the same threshold", () => {
    const d = diagnose([beat(0), ...[5, 10, 15].map((m) => beat(m, { network: "WIFI", signalDbm: -100 }))], P, nowAfter(4));
    expect(d.category).toBe("network");
  });
});
