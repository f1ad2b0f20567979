import { describe, expect, it } from "vitest";
import { defaultPolicy } from "@/lib/rules/policy";
import { parseScenarioLine, ScenarioError } from "@/lib/rules/scenario";

const hb = { ts: 5, battery: 82, charging: false, firmware: "2.4.1", signal_dbm: -71, network: "4G", error_codes: ["51", "51", "T_CARD_READ_FAIL"] };
const line = (over: object = {}) =>
  JSON.stringify({ id: "X1", heartbeats: [hb], context: { now_offset_min: 30 }, expected: { category: "healthy" }, ...over });

describe("parseScenarioLine", () => {
  it("turns minutes into epoch ms from 0 and code lists into counts", () => {
    const s = parseScenarioLine(line());
    expect(s.now).toBe(30 * 60_000);
    expect(s.heartbeats).toEqual([
      { at: 5 * 60_000, battery: 82, charging: false, firmware: "2.4.1", signalDbm: -71, network: "4G", errors: { "51": 2, T_CARD_READ_FAIL: 1 } },
    ]);
    expect(s.expected?.category).toBe("healthy");
    expect(s.policy).toEqual(defaultPolicy);
  });

  it("lets the context override the policy fields it names in snake_case", () => {
    const context = {
      min_firmware: "2.5.0",
      blocked_firmware: ["2.4.0"],
      expected_interval_min: 10,
      offline_after_min: 45,
      weak_signal_dbm: -95,
      code_threshold: 4,
      now_offset_min: 12,
    };
    const s = parseScenarioLine(line({ context }));
    expect(s.policy).toMatchObject({
      minFirmware: "2.5.0",
      blockedFirmware: ["2.4.0"],
      expectedIntervalMin: 10,
      offlineAfterMin: 45,
      weakSignalDbm: -95,
      codeThreshold: 4,
    });
    expect(s.now).toBe(12 * 60_000);
  });

  it("without now_offset_min the diagnosis is made at the last heartbeat", () => {
    expect(parseScenarioLine(line({ context: {} })).now).toBe(5 * 60_000);
  });

  it("accepts a null signal and a missing error list", () => {
    const { error_codes: _unused, ...rest } = hb;
    const s = parseScenarioLine(line({ heartbeats: [{ ...rest, signal_dbm: null, network: "NONE" }] }));
    expect(s.heartbeats[0]).toMatchObject({ signalDbm: null, errors: {} });
  });

  it.each([
    ["{not json", /invalid JSON/],
    [line({ heartbeats: [{ ...hb, network: "5G" }] }), /heartbeats\[0\]\.network/],
    [line({ heartbeats: [{ ...hb, battery: 140 }] }), /heartbeats\[0\]\.battery/],
    [line({ id: undefined }), /id/],
    [line({ expected: { category: "broken" } }), /expected\.category/],
    [line({ context: { min_firmware: "new" } }), /context\.min_firmware: expected a dotted numeric version/],
    [line({ context: { now_offset_min: "soon" } }), /now_offset_min/],
  ])("rejects %s", (text, message) => {
    expect(() => parseScenarioLine(text)).toThrow(ScenarioError);
    expect(() => parseScenarioLine(text)).toThrow(message);
  });
});
