import { describe, expect, it } from "vitest";
import { diagnose } from "@/lib/rules/diagnose";
import { codesIf, MIN, policy, series } from "./helpers";

const P = policy();
const N = 6;
const lastAt = (beats: { at: number }[]) => beats.at(-1)!.at;

describe("online/offline: offline only when silence is MORE than 30 minutes", () => {
  const beats = series(N);
  it("exactly 30 minutes of silence is online", () => {
    const d = diagnose(beats, P, lastAt(beats) + 30 * MIN);
    expect(d.status).toBe("online");
    expect(d.category).toBe("healthy");
  });

  it("30 minutes and 1 ms is offline and critical", () => {
    const d = diagnose(beats, P, lastAt(beats) + 30 * MIN + 1);
    expect([d.status, d.severity]).toEqual(["offline", "critical"]);
    const f = d.findings[0]!;
    expect(f.ruleId).toBe("offline");
    expect(f.evidence.values?.silenceMs).toBe(30 * MIN + 1);
    expect(f.evidence.values?.lastSeenAt).toBe(lastAt(beats));
    expect(f.evidence.values?.missedBeats).toBe(6);
    expect(f.evidence.since).toBe(lastAt(beats));
    expect(d.lastHeartbeatAt).toBe(lastAt(beats));
  });

  it("follows offlineAfterMin", () => {
    expect(diagnose(beats, policy({ offlineAfterMin: 10 }), lastAt(beats) + 11 * MIN).status).toBe("offline");
    expect(diagnose(beats, policy({ offlineAfterMin: 60 }), lastAt(beats) + 59 * MIN).status).toBe("online");
  });
});

describe("offline cause inference, in order", () => {
  const silent = (beats: ReturnType<typeof series>) => diagnose(beats, P, lastAt(beats) + 3 * 60 * MIN);

  it("1. latest battery at or below the low threshold, not charging, good link -> hardware (power), high", () => {
    const d = silent(series(N, (i) => ({ battery: 40 - i * 5 })));
    expect([d.category, d.confidence]).toEqual(["hardware", "high"]);
    expect(d.findings[0]!.evidence.values?.cause).toBe("power");
  });

  it("   a low battery that still had charge does not outweigh a dying link: network, low confidence", () => {
    const d = silent(series(N, (i) => ({ battery: 40 - i * 5, signalDbm: -110 })));
    expect([d.category, d.confidence]).toEqual(["network", "low"]);
  });

  it("   a battery at the critical level explains the silence even on a weak link, with low confidence", () => {
    const d = silent(series(N, (i) => ({ battery: 30 - i * 6, signalDbm: i >= 4 ? -110 : -70 })));
    expect([d.category, d.confidence]).toEqual(["hardware", "low"]);
    expect(d.findings[0]!.evidence.values?.cause).toBe("power");
  });

  it("   a last reading that fell off a cliff still points at power, with low confidence", () => {
    const d = silent(series(N, (i) => ({ battery: i === N - 1 ? 4 : 80 })));
    expect([d.category, d.confidence]).toEqual(["hardware", "low"]);
    expect(d.findings[0]!.evidence.values?.cause).toBe("power");
  });

  it("   16 % is not low: falls through to the next branch", () => {
    const d = silent(series(N, (i) => ({ battery: 41 - i * 5, signalDbm: -110 })));
    expect(d.findings[0]!.evidence.values?.cause).toBe("link");
    expect(d.category).toBe("network");
  });

  it("   a low battery on the charger is not the cause", () => {
    const d = silent(series(N, () => ({ battery: 10, charging: true })));
    expect(d.findings[0]!.evidence.values?.cause).toBe("unknown");
  });

  it("2a. weak signal in the last beats -> network", () => {
    const d = silent(series(N, (i) => ({ signalDbm: i >= 3 ? -105 : -70 })));
    expect([d.category, d.confidence]).toEqual(["network", "high"]);
    expect(d.findings.map((f) => f.ruleId)).toEqual(["offline", "signal.weak"]);
  });

  it("2b. network codes reaching the threshold -> network", () => {
    const d = silent(series(N, (i) => ({ errors: codesIf(i >= 3, { T_COMM_FAIL: 1 }) })));
    expect(d.category).toBe("network");
    expect(d.findings[0]!.evidence.values?.inferredFrom).toEqual(["codes.network"]);
  });

  it("2c. a suspended SIM seen even once -> network", () => {
    const d = silent(series(N, (i) => ({ errors: codesIf(i === 5, { T_SIM_SUSPENDED: 1 }) })));
    expect(d.category).toBe("network");
    expect(d.findings[0]!.steps.en.join(" ")).toMatch(/SIM/);
  });

  it("   two timeouts are not enough to blame the link", () => {
    const d = silent(series(N, (i) => ({ errors: codesIf(i >= 4, { T_CONNECT_TIMEOUT: 1 }) })));
    expect([d.category, d.confidence]).toEqual(["hardware", "low"]);
  });

  it("3. nothing to go on -> hardware with low confidence", () => {
    const d = silent(series(N));
    expect([d.status, d.category, d.severity, d.confidence]).toEqual(["offline", "hardware", "critical", "low"]);
  });

  it("findings of the last window are kept next to the offline finding", () => {
    const d = silent(series(N, () => ({ firmware: "2.2.0", errors: { T_NOT_SIGNED_IN: 1 } })));
    expect(d.findings.map((f) => f.ruleId)).toEqual(["offline", "firmware.below_min", "codes.operation"]);
  });

  it("the window ends at the last heartbeat, not at now", () => {
    // Codes 100 minutes before the last beat: inside its window, though 5 hours before now.
    const beats = series(24, (i) => ({ errors: codesIf(i < 3, { T_RECV_TIMEOUT: 1 }) }));
    const d = diagnose(beats, P, lastAt(beats) + 5 * 60 * MIN);
    expect(d.category).toBe("network");
  });
});

describe("a terminal that never reported", () => {
  it("is offline hardware with low confidence, as a warning", () => {
    const d = diagnose([], P, Date.UTC(2025, 0, 1));
    expect([d.status, d.category, d.severity, d.confidence]).toEqual(["offline", "hardware", "warning", "low"]);
    expect(d.lastHeartbeatAt).toBeNull();
    expect(d.findings[0]!.evidence.values?.silenceMs).toBeNull();
  });

  it("beats after now are not yet known, so they do not count", () => {
    const d = diagnose(series(3), P, series(3)[0]!.at - 1);
    expect(d.lastHeartbeatAt).toBeNull();
  });
});
