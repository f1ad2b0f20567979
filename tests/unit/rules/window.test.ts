import { describe, expect, it } from "vitest";
import { diagnose } from "@/lib/rules/diagnose";
import { windowBeatCapacity } from "@/lib/rules/policy";
import { selectWindow, sortBeats } from "@/lib/rules/window";
import { codesIf, beat, MIN, policy, series, T0 } from "./helpers";

const P = policy();

describe("window: the last 120 minutes, whatever the posting interval", () => {
  const now = beat(200).at;
  // A severe code in one beat at `minute`, a clean beat every 5 minutes at the end.
  const beatsWithOldCodes = (minute: number) => [
    beat(minute, { errors: { T_PED_TAMPERED: 1 } }),
    ...[170, 175, 180, 185, 190, 195, 200].map((m) => beat(m)),
  ];

  it("a beat exactly 120 minutes before now is inside", () => {
    expect(diagnose(beatsWithOldCodes(80), P, now).category).toBe("hardware");
  });

  it("a beat 120 minutes and 1 ms before now is outside", () => {
    const beats = beatsWithOldCodes(80);
    beats[0] = { ...beats[0]!, at: beats[0]!.at - 1 };
    expect(diagnose(beats, P, now).category).toBe("healthy");
  });

  it("a terminal posting every minute keeps the same 120 minutes as one posting every five", () => {
    // Prompts at minutes 0, 1 and 2; beats every minute up to minute 120: all inside the window.
    const everyMinute = Array.from({ length: 121 }, (_, m) => beat(m, { errors: codesIf(m < 3, { T_NOT_SIGNED_IN: 1 }) }));
    const last = everyMinute.at(-1)!.at;
    expect(diagnose(everyMinute, P, last).category).toBe("operation");
    const everyFive = series(25, (i) => ({ errors: codesIf(i < 3, { T_NOT_SIGNED_IN: 1 }) })).map((b, i) => ({ ...b, at: T0 + i * 5 * MIN - 10 * MIN }));
    expect(diagnose(everyFive, P, everyFive.at(-1)!.at).category).toBe("operation");
    // Even a stored policy with a small beat cap keeps room for one beat a minute.
    expect(diagnose(everyMinute, policy({ windowMaxBeats: 24 }), last).category).toBe("operation");
    expect(windowBeatCapacity(policy({ windowMaxBeats: 24 }))).toBe(121);
    // One minute later the first prompt has left the window.
    expect(diagnose(everyMinute, P, last + MIN).category).toBe("healthy");
  });

  it("the beat cap only bites on a terminal posting faster than once a minute", () => {
    // A beat every 20 seconds for 100 minutes, prompts in the first three: 300 beats > the cap of 150.
    const fast = Array.from({ length: 301 }, (_, k) => ({ ...beat(0), at: T0 + k * 20_000, errors: codesIf(k < 3, { T_NOT_SIGNED_IN: 1 }) }));
    const last = fast.at(-1)!.at;
    expect(diagnose(fast, P, last).category).toBe("healthy");
    expect(diagnose(fast, policy({ windowMaxBeats: 400 }), last).category).toBe("operation");
  });

  it("keeps the latest beat even when the policy window is shorter than the silence", () => {
    const beats = [beat(0, { firmware: "2.0.0" })];
    const d = diagnose(beats, policy({ windowMinutes: 10, offlineAfterMin: 30 }), beat(20).at);
    expect(d.findings.map((f) => f.ruleId)).toEqual(["firmware.below_min"]);
  });

  it("sorts by time whatever the input order", () => {
    const beats = series(5, (i) => ({ battery: 50 - i }));
    const sorted = sortBeats([...beats].reverse());
    expect(sorted.map((b) => b.battery)).toEqual([50, 49, 48, 47, 46]);
    expect(selectWindow(sorted, beats.at(-1)!.at, policy({ windowMinutes: 10 })).length).toBe(3);
  });

  it("beats sharing a time are ordered by content, so input order cannot pick the latest", () => {
    const a = beat(10, { battery: 10, firmware: "2.2.0" });
    const b = beat(10, { battery: 90 });
    const now = beat(12).at;
    expect(diagnose([beat(0), a, b], P, now)).toEqual(diagnose([b, beat(0), a], P, now));
  });

  it("drops beats without a usable time", () => {
    expect(sortBeats([beat(0), { ...beat(5), at: Number.NaN }]).length).toBe(1);
  });

  it("the latest battery decides, even if the input lists it first", () => {
    const beats = [beat(20, { battery: 10 }), beat(0, { battery: 30 }), beat(10, { battery: 20 })];
    expect(diagnose(beats, P, beat(20).at + MIN).category).toBe("hardware");
  });
});
