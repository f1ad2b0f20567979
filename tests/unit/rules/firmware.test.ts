import { describe, expect, it } from "vitest";
import { diagnose } from "@/lib/rules/diagnose";
import { nowAfter, policy, series } from "./helpers";

const P = policy();
const withFirmware = (fw: string, p = P) => diagnose(series(4, () => ({ firmware: fw })), p, nowAfter(4));
const ids = (fw: string, p = P) => withFirmware(fw, p).findings.map((f) => f.ruleId);

describe("firmware against minFirmware 2.3.0 and blocked [2.3.5]", () => {
  it.each([
    ["2.2.9", ["firmware.below_min"]],
    ["2.2.99", ["firmware.below_min"]],
    ["2.3", []],
    ["2.3.0", []],
    ["2.3.1", []],
    ["2.10.0", []],
    ["2.3.5", ["firmware.blocked"]],
    ["2.3.5.0", ["firmware.blocked"]],
    ["v2.3.5", ["firmware.blocked"]],
    ["2.3.50", []],
    ["garbage", ["firmware.unreadable"]],
    ["", ["firmware.unreadable"]],
    ["2.3.0-rc1", ["firmware.below_min"]],
    ["2.2.7-rc1", ["firmware.below_min"]],
    ["2.4.0-rc1", []],
  ])("%j -> %j", (fw, want) => {
    expect(ids(fw)).toEqual(want);
  });

  it("below minimum is a policy_firmware warning; blocked is critical", () => {
    expect([withFirmware("2.2.7").category, withFirmware("2.2.7").severity]).toEqual(["policy_firmware", "warning"]);
    expect([withFirmware("2.3.5").category, withFirmware("2.3.5").severity]).toEqual(["policy_firmware", "critical"]);
  });

  it("a blocked version that is also below the minimum reports both, blocked first", () => {
    expect(ids("2.1.0", policy({ blockedFirmware: ["2.1"] }))).toEqual(["firmware.blocked", "firmware.below_min"]);
  });

  it("is judged on the latest heartbeat", () => {
    const updated = series(4, (i) => ({ firmware: i < 3 ? "2.2.7" : "2.4.1" }));
    expect(diagnose(updated, P, nowAfter(4)).category).toBe("healthy");
    const downgraded = series(4, (i) => ({ firmware: i < 3 ? "2.4.1" : "2.2.7" }));
    const d = diagnose(downgraded, P, nowAfter(4));
    expect(d.category).toBe("policy_firmware");
    expect(d.findings[0]!.evidence.since).toBe(downgraded[3]!.at);
  });

  it("follows the policy", () => {
    expect(ids("2.4.1", policy({ minFirmware: "2.5" }))).toEqual(["firmware.below_min"]);
    expect(ids("2.4.1", policy({ blockedFirmware: ["2.4.1", "2.3.5"] }))).toEqual(["firmware.blocked"]);
  });
});
