import { describe, expect, it } from "vitest";
import { diagnose } from "@/lib/rules/diagnose";
import { selectWindow, sortBeats } from "@/lib/rules/window";
import { codesIf, beat, MIN, policy, series } from "./helpers";

const P = policy();

describe("window: last 120 minutes, at most 24 beats", () => {
  const now = beat(200).at;
  // Three sign-in prompts in one beat at `minute`, a clean beat every 5 minutes at the end.
  const beatsWithOldCodes = (minute: number) => [
    beat(minute, { errors: { T_NOT_SIGNED_IN: 3 } }),
    ...[170, 175, 180, 185, 190, 195, 200].map((m) => beat(m)),
  ];

  it("a beat exactly 120 minutes before now is inside", () => {
    expect(diagnose(beatsWithOldCodes(80), P, now).category).toBe("operation");
  });

  it("a beat 120 minutes and 1 ms before now is outside", () => {
    const beats = beatsWithOldCodes(80);
    beats[0] = { ...beats[0]!, at: beats[0]!.at - 1 };
    expect(diagnose(beats, P, now).category).toBe("healthy");
  });

  it("only the latest 24 beats count", () => {
    // 25 beats in 2 hours: the oldest carries the codes and falls off the cap.
    const beats = series(25, (i) => ({ errors: codesIf(i === 0, { T_NOT_SIGNED_IN: 3 }) }));
    const last = beats.at(-1)!.at;
    expect(diagnose(beats, P, last).category).toBe("healthy");
    expect(diagnose(beats.slice(1).concat([beats[0]!]), P, last).category).toBe("healthy");
    expect(diagnose(beats, policy({ windowMaxBeats: 25 }), last).category).toBe("operation");
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
