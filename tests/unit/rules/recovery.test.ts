import { describe, expect, it } from "vitest";
import { diagnose } from "@/lib/rules/diagnose";
import type { RuleHeartbeat } from "@/lib/rules/types";
import { nowAfter, policy, series } from "./helpers";

const P = policy();
const run = (n: number, over: (i: number) => Partial<RuleHeartbeat>) => diagnose(series(n, over), P, nowAfter(n));

describe("fixed since is healthy: evidence followed by a clear recovery in the window", () => {
  describe("low-battery prompts followed by charging with a rising level", () => {
    const prompts = (i: number) => (i < 3 ? { battery: 14 - i, errors: { T_BATTERY_LOW: 1 } } : {});
    it("charging and rising after the last prompt -> healthy", () => {
      expect(run(5, (i) => ({ ...prompts(i), ...(i === 2 ? { charging: true } : {}), ...(i >= 3 ? { battery: 14 + i, charging: true } : {}) })).category).toBe("healthy");
    });
    it("charging but the level flat -> not recovered", () => {
      const d = run(5, (i) => ({ ...prompts(i), ...(i >= 2 ? { battery: 12, charging: true } : {}) }));
      expect(d.findings.map((f) => f.ruleId)).toContain("codes.hardware");
    });
    it("off the charger again at the end -> not recovered", () => {
      const d = run(5, (i) => ({ ...prompts(i), ...(i === 3 ? { battery: 20, charging: true } : {}), ...(i === 4 ? { battery: 30, charging: false } : {}) }));
      expect(d.category).toBe("hardware");
    });
    it("the prompt on the latest beat cannot have recovered yet", () => {
      expect(run(3, (i) => ({ battery: 14, charging: i === 2, errors: { T_BATTERY_LOW: 1 } })).category).toBe("hardware");
    });
  });

  describe("sign-in prompts followed by approved transactions", () => {
    const prompts = (i: number) => (i < 3 ? { errors: { T_NOT_SIGNED_IN: 1 } } : {});
    it("a later beat with transactions and no prompt -> healthy", () => {
      expect(run(5, (i) => ({ ...prompts(i), txnCount: i === 4 ? 2 : 0 })).category).toBe("healthy");
    });
    it("an approval code counts as an approved transaction; an offline approval does not", () => {
      expect(run(5, (i) => (i === 4 ? { errors: { "00": 1 } } : prompts(i))).category).toBe("healthy");
      expect(run(5, (i) => (i === 4 ? { errors: { Y1: 1 } } : prompts(i))).category).toBe("operation");
    });
    it("no transactions after the prompts -> still operation", () => {
      expect(run(5, (i) => ({ ...prompts(i), txnCount: 0 })).category).toBe("operation");
    });
    it("transactions in the same beat as the last prompt do not prove sign-in", () => {
      expect(run(3, (i) => ({ ...prompts(i), txnCount: i === 2 ? 5 : 0 })).category).toBe("operation");
    });
    it("MAC errors cleared by approvals after a re-sign-in -> healthy", () => {
      expect(run(4, (i) => (i < 3 ? { errors: { A0: 1 } } : { txnCount: 1 })).category).toBe("healthy");
    });
  });

  describe("timeouts followed by a run of clean transactions on a good signal", () => {
    const timeouts = (i: number) => (i < 3 ? { errors: { T_CONNECT_TIMEOUT: 1 } } : { txnCount: 3 });
    it("three clean beats with sales and good signal -> healthy", () => {
      expect(run(6, timeouts).category).toBe("healthy");
    });
    it("only two clean beats -> still network", () => {
      expect(run(5, timeouts).category).toBe("network");
    });
    it("a weak reading in the run -> still network", () => {
      expect(run(6, (i) => ({ ...timeouts(i), ...(i === 4 ? { signalDbm: -100 } : {}) })).category).toBe("network");
    });
    it("clean beats without any sale prove nothing -> still network", () => {
      expect(run(6, (i) => (i < 3 ? timeouts(i) : {})).category).toBe("network");
    });
  });

  it("severe codes never clear this way", () => {
    const d = run(6, (i) => (i === 0 ? { errors: { T_PED_TAMPERED: 1 } } : { txnCount: 4 }));
    expect([d.category, d.severity]).toEqual(["hardware", "critical"]);
  });
});
