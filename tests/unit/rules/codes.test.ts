import { describe, expect, it } from "vitest";
import { diagnose } from "@/lib/rules/diagnose";
import { GOOD_SIGNAL_LINK_STEPS, WEAK_SIGNAL_STEPS } from "@/lib/rules/steps/network";
import { OPERATION_DEFAULT } from "@/lib/rules/steps/operation";
import { nowAfter, policy, series } from "./helpers";

const P = policy();
const N = 6;
/** Beats whose i-th entry of `codes` lands on beat i (one map per beat). */
function withCodes(codes: Record<string, number>[]) {
  return series(N, (i) => ({ errors: codes[i] ?? {} }));
}
const run = (codes: Record<string, number>[], p = P) => diagnose(withCodes(codes), p, nowAfter(N));

describe("problem codes: one code in 3 heartbeats flags its category", () => {
  it("2 occurrences do not fire", () => {
    expect(run([{}, { T_NOT_SIGNED_IN: 1 }, {}, { T_NOT_SIGNED_IN: 1 }]).category).toBe("healthy");
  });

  it("3 occurrences fire as a warning", () => {
    const d = run([{ T_NOT_SIGNED_IN: 1 }, { T_NOT_SIGNED_IN: 1 }, { T_NOT_SIGNED_IN: 1 }]);
    expect(d.category).toBe("operation");
    expect(d.severity).toBe("warning");
    expect(d.findings[0]!.evidence.codes).toEqual({ T_NOT_SIGNED_IN: 3 });
    expect(d.findings[0]!.evidence.values?.beatsWithCodes).toBe(3);
  });

  it("a burst inside one heartbeat is one incident (a cashier retrying one bad card)", () => {
    expect(run([{}, { T_CARD_READ_FAIL: 3 }]).category).toBe("healthy");
    expect(run([{}, { T_BATCH_NOT_SETTLED: 9 }, { T_BATCH_NOT_SETTLED: 9 }]).category).toBe("healthy");
    const d = run([{ T_CARD_READ_FAIL: 2 }, { T_CARD_READ_FAIL: 1 }, {}, { T_CARD_READ_FAIL: 4 }]);
    expect(d.category).toBe("hardware");
    expect(d.findings[0]!.evidence.codes).toEqual({ T_CARD_READ_FAIL: 7 });
    expect(d.findings[0]!.evidence.values?.incidents).toEqual({ T_CARD_READ_FAIL: 3 });
  });

  it("never sums different codes: three network codes once each are not a pattern", () => {
    expect(run([{ T_CONNECT_TIMEOUT: 1 }, { T_RECV_TIMEOUT: 1 }, { T_COMM_FAIL: 1 }]).category).toBe("healthy");
    expect(run([{ T_CONNECT_TIMEOUT: 2 }, {}, { T_RECV_TIMEOUT: 1 }]).category).toBe("healthy");
    const d = run([{ T_CONNECT_TIMEOUT: 1 }, { T_CONNECT_TIMEOUT: 1, T_RECV_TIMEOUT: 1 }, { T_CONNECT_TIMEOUT: 1 }]);
    expect(d.category).toBe("network");
    expect(d.findings[0]!.evidence.values?.leadCode).toBe("T_CONNECT_TIMEOUT");
  });

  it("does not sum across categories", () => {
    expect(run([{ T_CONNECT_TIMEOUT: 2 }, { T_NOT_SIGNED_IN: 2 }, { T_PRINTER_FAULT: 2 }, { "97": 2 }]).category).toBe(
      "healthy",
    );
  });

  it("follows the policy threshold", () => {
    expect(run([{ T_NOT_SIGNED_IN: 1 }, { T_NOT_SIGNED_IN: 1 }], policy({ codeThreshold: 2 })).category).toBe("operation");
    expect(run([{ T_NOT_SIGNED_IN: 1 }, { T_NOT_SIGNED_IN: 1 }, { T_NOT_SIGNED_IN: 1 }], policy({ codeThreshold: 4 })).category).toBe("healthy");
  });

  it("evidence starts at the first heartbeat that showed a code of the category", () => {
    const beats = withCodes([{}, { "45": 1 }, { T_USE_CHIP: 1 }, { T_USE_CHIP: 2 }, { T_USE_CHIP: 1 }]);
    const f = diagnose(beats, P, nowAfter(N)).findings[0]!;
    expect(f.evidence.since).toBe(beats[1]!.at);
  });

  it("accepts codes written in lower case", () => {
    expect(run([{ a0: 1 }, { a0: 1 }, { A0: 1 }]).category).toBe("operation");
  });
});

describe("severe codes flag on the first occurrence", () => {
  it.each(["T_PED_TAMPERED", "T_HASH_CHECK_ERR", "T_APP_MANAGER_BOOT", "T_BOOT_ERR_10000"])("%s once -> critical hardware", (code) => {
    const d = run([{}, { [code]: 1 }]);
    expect(d.category).toBe("hardware");
    expect(d.severity).toBe("critical");
  });

  it("a merchant freeze once -> critical policy_firmware", () => {
    const d = run([{ T_MERCHANT_FROZEN: 1 }]);
    expect([d.category, d.severity]).toEqual(["policy_firmware", "critical"]);
  });

  it("a non-severe code once does not fire", () => {
    expect(run([{ T_IC_READER_FAULT: 1 }]).category).toBe("healthy");
  });

  it("a cardholder code listed as severe by a policy still never fires", () => {
    expect(run([{ "51": 1 }], policy({ severeCodes: ["51"] })).category).toBe("healthy");
  });

  it("removing a code from the severe list makes it count like any other", () => {
    expect(run([{ T_PED_TAMPERED: 1 }], policy({ severeCodes: [] })).category).toBe("healthy");
  });
});

describe("cardholder, none and unknown codes never make a terminal unhealthy", () => {
  it.each([
    ["51", "cardholder"],
    ["55", "cardholder"],
    ["68", "cardholder (the host answered)"],
    ["96", "cardholder (switch side)"],
    ["T_USER_CANCEL", "cardholder"],
    ["00", "none"],
    ["Y1", "none"],
    ["ZZ", "unknown"],
    ["T_SOMETHING_NEW", "unknown"],
  ])("%s x 50 (%s)", (code) => {
    expect(run([{ [code]: 20 }, { [code]: 20 }, { [code]: 10 }]).category).toBe("healthy");
  });

  it("zero, negative and non-numeric counts are ignored", () => {
    expect(run([{ T_NOT_SIGNED_IN: 0 }, { T_NOT_SIGNED_IN: -5 }, { T_NOT_SIGNED_IN: Number.NaN }]).category).toBe("healthy");
  });
});

describe("ambiguous codes read in context", () => {
  it("chip-swipe refusals alone are an operation problem", () => {
    const d = run([{ T_USE_CHIP: 1 }, { T_USE_CHIP: 2 }, { "45": 1, T_USE_CHIP: 1 }]);
    expect(d.category).toBe("operation");
    expect(d.findings[0]!.steps.zh.join("")).toContain("插入IC卡槽");
  });

  it("chip-swipe refusals next to a reader fault are hardware", () => {
    const d = run([{ "45": 1 }, { "45": 1, T_IC_READER_FAULT: 1 }, { "45": 1, T_USE_CHIP: 1 }]);
    expect(d.findings.map((f) => f.ruleId)).toEqual(["codes.hardware"]);
    expect(d.findings[0]!.evidence.values?.reattributed).toHaveProperty("45");
  });

  it("MAC errors alone are operation (re-sign-in); next to a PIN-pad fault they are hardware", () => {
    expect(run([{ A0: 2 }, { A0: 1 }, { "99": 1, A0: 1 }]).category).toBe("operation");
    expect(run([{ A0: 2 }, { A0: 1 }, { A0: 1, T_PINPAD_FAULT: 1 }]).category).toBe("hardware");
  });

  it("'please sign in' is operation, unless sign-in was tried and failed", () => {
    const prompts = [{ T_NOT_SIGNED_IN: 1 }, { T_NOT_SIGNED_IN: 1 }, { T_NOT_SIGNED_IN: 1 }];
    expect(run(prompts).category).toBe("operation");
    expect(run([{ T_SIGNIN_FAIL: 1 }, ...prompts]).category).toBe("network");
  });

  it("failing remote updates are policy_firmware on a good link and network on a weak one", () => {
    const codes = [{ T_TMS_UPDATE_FAIL: 1 }, { T_TMS_UPDATE_FAIL: 1 }, { T_TMS_UPDATE_FAIL: 1 }];
    expect(run(codes).category).toBe("policy_firmware");
    const weak = series(N, (i) => ({ errors: codes[i] ?? {}, signalDbm: -110 }));
    expect(diagnose(weak, P, nowAfter(N)).category).toBe("network");
  });

  it("a strong signal with every connection failing is network (host settings)", () => {
    const d = run([{ T_CONNECT_FAIL: 1 }, { T_CONNECT_FAIL: 1 }, { T_HOST_CONFIG_ERR: 1, T_CONNECT_FAIL: 1 }]);
    expect(d.category).toBe("network");
    expect(d.findings[0]!.steps.en.join(" ")).toMatch(/IP, port and APN/);
  });
});

describe("fix steps follow the leading code", () => {
  // The same codes in three heartbeats, so each recurs.
  const stepsOf = (codes: Record<string, number>[]) => run([codes[0]!, codes[0]!, codes[0]!]).findings[0]!.steps;
  it.each([
    [{ T_NOT_SIGNED_IN: 1 }, /签到/],
    [{ T_BATCH_NOT_SETTLED: 1 }, /结算/],
    [{ T_SIM_SUSPENDED: 1 }, /充值|流量套餐/],
    [{ T_MERCHANT_FROZEN: 1 }, /风控/],
    [{ T_TERMINAL_NOT_ACTIVATED: 1 }, /激活/],
    [{ "97": 1 }, /终端号/],
    [{ T_PRINTER_NO_PAPER: 1 }, /打印纸/],
    [{ T_PED_TAMPERED: 1, T_CARD_READ_FAIL: 5 }, /防拆/],
  ])("%j", (codes, pattern) => {
    const steps = stepsOf([codes]);
    expect(steps.zh.join("")).toMatch(pattern);
    expect(steps.en.length).toBe(steps.zh.length);
  });

  it("a code without its own steps falls back to the category default", () => {
    expect(stepsOf([{ "19": 1 }])).toEqual(OPERATION_DEFAULT);
    expect(stepsOf([{ T_HOST_CONFIG_ERR: 1 }])).not.toEqual(OPERATION_DEFAULT);
  });

  it("link steps follow the signal: never 'the signal is fine' on a weak link", () => {
    const codes = { T_CONNECT_FAIL: 1 };
    expect(stepsOf([codes]).zh[0]).toContain("信号正常");
    const weak = series(N, (i) => ({ errors: i >= 3 ? codes : {}, signalDbm: -108 }));
    const steps = diagnose(weak, P, nowAfter(N)).findings.find((f) => f.ruleId === "codes.network")!.steps;
    expect(steps).toEqual(WEAK_SIGNAL_STEPS);
    expect(steps.zh.join("")).not.toContain("信号正常");
    expect(stepsOf([{ T_CONNECT_TIMEOUT: 1 }])).toEqual(GOOD_SIGNAL_LINK_STEPS);
  });
});
