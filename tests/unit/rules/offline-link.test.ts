import { describe, expect, it } from "vitest";
import { describeEvidence } from "@/lib/rules/describe";
import { diagnose } from "@/lib/rules/diagnose";
import type { RuleHeartbeat } from "@/lib/rules/types";
import { codesIf, MIN, policy, series } from "./helpers";

const P = policy();
const N = 6;
const silent = (over: (i: number) => Partial<RuleHeartbeat>) => {
  const beats = series(N, over);
  return diagnose(beats, P, beats.at(-1)!.at + 60 * MIN);
};
const cause = (d: ReturnType<typeof diagnose>) => [d.category, d.confidence, d.findings[0]!.evidence.values?.cause];

describe("offline inference reads weak evidence just before the silence", () => {
  it("one weak beat among the last two -> network, low confidence", () => {
    expect(cause(silent((i) => ({ signalDbm: i === N - 1 ? -103 : -70 })))).toEqual(["network", "low", "link"]);
    expect(cause(silent((i) => ({ signalDbm: i === N - 2 ? -100 : -70 })))).toEqual(["network", "low", "link"]);
  });

  it("−99 dBm is not weak, and a weak beat three before the silence is too early", () => {
    expect(cause(silent((i) => ({ signalDbm: i === N - 1 ? -99 : -70 })))).toEqual(["hardware", "low", "unknown"]);
    expect(cause(silent((i) => ({ signalDbm: i === N - 3 ? -110 : -70 })))).toEqual(["hardware", "low", "unknown"]);
  });

  it("both last beats weak (fewer than the weak-signal rule needs) -> network, high confidence", () => {
    const d = silent((i) => ({ signalDbm: i >= N - 2 ? -106 : -70 }));
    expect(cause(d)).toEqual(["network", "high", "link"]);
    expect(d.findings.map((f) => f.ruleId)).toEqual(["offline"]);
  });

  it("network NONE or no reading in the last beat counts as no service", () => {
    expect(cause(silent((i) => (i === N - 1 ? { network: "NONE", signalDbm: null } : {})))).toEqual(["network", "low", "link"]);
    const d = silent((i) => (i >= N - 2 ? { network: "NONE", signalDbm: null } : {}));
    expect(describeEvidence(d.findings[0]!, "zh-CN")[1]).toBe("失联前最后 2 次心跳均无服务");
  });

  it("a Wi-Fi disconnect in the last two beats -> network, low confidence", () => {
    const d = silent((i) => ({ network: "WIFI", signalDbm: -60, errors: codesIf(i === N - 1, { T_WIFI_DISCONNECTED: 1 }) }));
    expect(cause(d)).toEqual(["network", "low", "link"]);
    expect(describeEvidence(d.findings[0]!, "en")[1]).toBe("Wi-Fi dropped once in its last heartbeats before going silent");
  });

  it("a low battery that still had charge does not outweigh a weak link; the confidence says both", () => {
    const d = silent((i) => ({ battery: 20 - i, signalDbm: i === N - 1 ? -108 : -70 }));
    expect(cause(d)).toEqual(["network", "low", "link"]);
    expect(describeEvidence(d.findings[0]!, "zh-CN")).toContain("最后一次上报电量 15%，未充电");
  });

  it("a low battery with a good link is still a flat battery", () => {
    expect(cause(silent((i) => ({ battery: 20 - i })))).toEqual(["hardware", "high", "power"]);
  });

  it("the evidence says what the inference rests on, in sentences", () => {
    const d = silent((i) => ({ signalDbm: i === N - 1 ? -112 : -70 }));
    expect(describeEvidence(d.findings[0]!, "zh-CN")).toEqual(["已 1 小时无心跳（约漏报 12 次），最后上报 16:25", "失联前最后 2 次心跳中有 1 次信号 ≤ −100 dBm（最低 −112 dBm）"]);
    expect(describeEvidence(d.findings[0]!, "en")).toEqual([
      "No heartbeat for 1 hour (about 12 missed heartbeats); last seen at 16:25",
      "Before going silent, 1 of its last 2 heartbeats had a signal at or below −100 dBm (lowest −112 dBm)",
    ]);
  });
});
