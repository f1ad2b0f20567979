import { describe, expect, it } from "vitest";
import { problemsOf } from "@/lib/alerts/apply-diagnosis";
import { priority } from "@/lib/alerts/priority";
import { isMuted } from "@/lib/alerts/silence-match";
import type { Finding } from "@/lib/rules/types";

const HOUR = 3_600_000;

describe("priority", () => {
  it("multiplies severity, merchant value and time open as documented", () => {
    expect(priority({ severity: "warning", txn7d: 0, openedAt: 0 }, 0)).toBe(1);
    expect(priority({ severity: "critical", txn7d: 0, openedAt: 0 }, 0)).toBe(4);
    expect(priority({ severity: "warning", txn7d: 7 * 999, openedAt: 0 }, 0)).toBeCloseTo(4, 9); // 1 + log10(1000)
    expect(priority({ severity: "warning", txn7d: 0, openedAt: 0 }, 7 * HOUR)).toBeCloseTo(4, 9); // 1 + log2(8)
    expect(priority({ severity: "critical", txn7d: 7 * 9, openedAt: 0 }, 1 * HOUR)).toBeCloseTo(4 * 2 * 2, 9);
  });
  it("scales by the rule's precision factor, neutral when it is not given", () => {
    expect(priority({ severity: "critical", txn7d: 0, openedAt: 0, precisionFactor: 0.25 }, 0)).toBe(1);
    expect(priority({ severity: "critical", txn7d: 0, openedAt: 0, precisionFactor: 1 }, 0)).toBe(priority({ severity: "critical", txn7d: 0, openedAt: 0 }, 0));
  });
  it("never goes below the severity weight, whatever the inputs", () => {
    expect(priority({ severity: "critical", txn7d: -5, openedAt: 10 }, 0)).toBe(4);
  });
});

describe("problems of a diagnosis", () => {
  const f = (category: Finding["category"], severity: Finding["severity"], ruleId: string): Finding => ({
    ruleId, category, severity, evidence: { readings: [], since: null }, message: { zh: ruleId, en: ruleId }, steps: { zh: [], en: [] },
  });
  it("one per category, at the worst severity, with that category's findings", () => {
    const p = problemsOf({ findings: [f("hardware", "warning", "battery.low"), f("network", "warning", "signal.weak"), f("hardware", "critical", "offline")] });
    expect([...p.keys()]).toEqual(["hardware", "network"]);
    expect(p.get("hardware")).toMatchObject({ severity: "critical", findings: [{ ruleId: "battery.low" }, { ruleId: "offline" }] });
    expect(p.get("network")!.severity).toBe("warning");
    expect(problemsOf({ findings: [] }).size).toBe(0);
  });
});

describe("maintenance windows", () => {
  const s = [{ agentPath: "/1/4/", city: "杭州", category: null }, { agentPath: "/1/5/", city: null, category: "network" as const }];
  it("mute the agent's subtree, narrowed by city and category", () => {
    expect(isMuted(s, { agentPath: "/1/4/9/", city: "杭州", category: "hardware" })).toBe(true);
    expect(isMuted(s, { agentPath: "/1/4/9/", city: "宁波", category: "hardware" })).toBe(false);
    expect(isMuted(s, { agentPath: "/1/5/", city: "宁波", category: "network" })).toBe(true);
    expect(isMuted(s, { agentPath: "/1/5/", city: "宁波", category: "operation" })).toBe(false);
    expect(isMuted(s, { agentPath: "/1/", city: "杭州", category: "network" })).toBe(false);
    expect(isMuted([], { agentPath: "/1/", city: "杭州", category: "network" })).toBe(false);
  });
});
