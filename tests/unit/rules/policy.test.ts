import { describe, expect, it } from "vitest";
import { defaultPolicy, policySchema } from "@/lib/rules/policy";

describe("policy", () => {
  it("the defaults are the documented thresholds and pass the schema", () => {
    expect(policySchema.parse(defaultPolicy)).toEqual(defaultPolicy);
    expect(defaultPolicy).toMatchObject({
      windowMinutes: 120,
      windowMaxBeats: 150,
      expectedIntervalMin: 5,
      offlineAfterMin: 30,
      weakSignalDbm: -100,
      weakSignalBeats: 3,
      lowBatteryPct: 15,
      criticalBatteryPct: 5,
      chargingDrainBeats: 3,
      codeThreshold: 3,
      minFirmware: "2.3.0",
      blockedFirmware: ["2.3.5"],
    });
    expect(defaultPolicy.severeCodes).toEqual(
      expect.arrayContaining(["T_PED_TAMPERED", "T_HASH_CHECK_ERR", "T_APP_MANAGER_BOOT", "T_BOOT_ERR_10000"]),
    );
  });

  it("survives a JSON round trip, as it is stored in the database", () => {
    expect(policySchema.parse(JSON.parse(JSON.stringify(defaultPolicy)))).toEqual(defaultPolicy);
  });

  it.each([
    [{ minFirmware: "latest" }, "minFirmware"],
    [{ blockedFirmware: ["2.3.x"] }, "blockedFirmware"],
    [{ criticalBatteryPct: 20 }, "criticalBatteryPct"],
    [{ lowBatteryPct: 101 }, "lowBatteryPct"],
    [{ codeThreshold: 0 }, "codeThreshold"],
    [{ weakSignalBeats: 1.5 }, "weakSignalBeats"],
    [{ offlineAfterMin: -1 }, "offlineAfterMin"],
  ])("rejects %j", (over, field) => {
    const result = policySchema.safeParse({ ...defaultPolicy, ...over });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path[0]).toBe(field);
  });
});
