import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { allCodes } from "@/lib/rules/catalog";
import { describeEvidence, formatDuration, formatTime } from "@/lib/rules/describe";
import { diagnose } from "@/lib/rules/diagnose";
import { parseScenarioLine } from "@/lib/rules/scenario";
import { HARDWARE_CODE_STEPS, HARDWARE_DEFAULT, CHARGER_FAULT_STEPS } from "@/lib/rules/steps/hardware";
import { GOOD_SIGNAL_LINK_STEPS, NETWORK_CODE_STEPS, NETWORK_DEFAULT, WEAK_LINK_SIGN_IN_STEPS, WEAK_SIGNAL_STEPS } from "@/lib/rules/steps/network";
import { OPERATION_CODE_STEPS, OPERATION_DEFAULT } from "@/lib/rules/steps/operation";
import { FIRMWARE_BLOCKED_STEPS, FIRMWARE_UNREADABLE_STEPS, FIRMWARE_UPDATE_STEPS, POLICY_CODE_STEPS, POLICY_DEFAULT } from "@/lib/rules/steps/policy";
import type { Finding, RuleHeartbeat } from "@/lib/rules/types";
import { beat, MIN, nowAfter, policy, series, T0 } from "./helpers";

const DIR = "tests/fixtures/scenarios";
const findings: Finding[] = readdirSync(DIR)
  .filter((f) => f.endsWith(".jsonl"))
  .flatMap((f) => readFileSync(`${DIR}/${f}`, "utf8").split("\n").filter((l) => l.trim() !== ""))
  .flatMap((line) => {
    const s = parseScenarioLine(line);
    return diagnose(s.heartbeats, s.policy, s.now).findings;
  });

// Words that legitimately stay Latin inside Chinese text: code names, units and device terms.
const MEANINGS_ZH = allCodes().map((c) => c.meaning.zh);
const LATIN_OK = /T_[A-Z0-9_]+|\b[0-9A-Z]{2}\b|dBm|WiFi|TMS|POS|SIM|APN|IP|IC|MAC|PIN|PED|APP|HASH|CUPS|rc\d*/g;

describe("evidence sentences people can read", () => {
  it("the example of the brief: a weak-signal run in Asia/Shanghai time", () => {
    const signals = [-70, -101, -115, -104, -110, -108, -100];
    const beats = signals.map((s, i) => beat(i * 5 - 5, { signalDbm: s }));
    const f = diagnose(beats, policy(), beats.at(-1)!.at).findings[0]!;
    expect(describeEvidence(f, "zh-CN")).toEqual(["信号连续 6 次 ≤ −100 dBm（最低 −115 dBm），最近一次 16:25"]);
    expect(describeEvidence(f, "en")).toEqual(["Signal at or below −100 dBm in 6 heartbeats in a row (lowest −115 dBm), latest at 16:25"]);
  });

  it("times are Asia/Shanghai; durations and plurals read naturally", () => {
    expect(formatTime(Date.UTC(2025, 0, 6, 2, 35), "zh-CN")).toBe("10:35");
    expect(formatTime(Date.UTC(2025, 0, 6, 17, 5), "en", true)).toBe("7 Jan 01:05");
    expect(formatTime(Date.UTC(2025, 0, 6, 17, 5), "zh-CN", true)).toBe("1月7日 01:05");
    expect(formatDuration(1, "en")).toBe("1 minute");
    expect(formatDuration(65, "en")).toBe("1 hour 5 minutes");
    expect(formatDuration(65, "zh-CN")).toBe("1 小时 5 分钟");
    expect(formatDuration(3 * 1440 + 120, "en")).toBe("3 days 2 hours");
  });

  it("a silence of days shows the date of the last heartbeat", () => {
    const beats = series(3);
    const d = diagnose(beats, policy(), beats.at(-1)!.at + 2 * 1440 * MIN);
    expect(describeEvidence(d.findings[0]!, "zh-CN")[0]).toBe("已 2 天无心跳（约漏报 576 次），最后上报 1月6日 16:10");
  });

  it("code evidence counts heartbeats and occurrences with correct plurals", () => {
    const beats = series(4, (i): Partial<RuleHeartbeat> => ({ errors: i === 0 ? { T_CARD_READ_FAIL: 2 } : i < 3 ? { T_CARD_READ_FAIL: 1 } : {} }));
    const f = diagnose(beats, policy(), nowAfter(4)).findings[0]!;
    expect(describeEvidence(f, "en")[0]).toBe(
      "T_CARD_READ_FAIL (Card read failed, retry) in 3 heartbeats (4 times in all; 3 flag a pattern), first at 16:00, latest at 16:10",
    );
    const once = diagnose(series(2, (i): Partial<RuleHeartbeat> => ({ errors: i === 1 ? { T_PED_TAMPERED: 1 } : {} })), policy(), nowAfter(2)).findings[0]!;
    expect(describeEvidence(once, "en")[0]).toMatch(/seen once, latest at 16:05: one sighting needs action$/);
  });

  it("the scenario findings give sentences, never raw keys, epoch ms or English inside Chinese", () => {
    expect(findings.length).toBeGreaterThan(30);
    for (const f of findings) {
      const zh = describeEvidence(f, "zh-CN");
      const en = describeEvidence(f, "en");
      expect(zh.length).toBeGreaterThan(0);
      expect(zh.length).toBe(en.length);
      for (const s of [...zh, ...en, f.message.zh, f.message.en]) {
        expect(s).not.toMatch(/silenceMs|leadCode|reattributed|inferredFrom|beatsWithCodes|undefined|NaN|null|\d{10,}|\d{4}-\d\d-\d\dT/);
      }
      for (const s of [...zh, f.message.zh]) {
        // What the terminal itself reported (a firmware string) is quoted as written.
        let rest = s.replace(/“[^”]*”/g, "");
        for (const m of MEANINGS_ZH) rest = rest.split(m).join("");
        expect(rest.replace(LATIN_OK, ""), s).not.toMatch(/[A-Za-z]{2,}/);
      }
      for (const s of en) expect(s, s).not.toMatch(/\b1 (heartbeats|times|minutes|hours)\b|\b([02-9]|\d\d+) (heartbeat|time|minute|hour)\b(?!s)/);
    }
  });

  it("findings stored before facts existed fall back to their message", () => {
    const old = { evidence: { readings: ["codes"], since: null }, message: { zh: "旧消息", en: "old message" } };
    expect(describeEvidence(old, "zh-CN")).toEqual(["旧消息"]);
    expect(describeEvidence(old, "en")).toEqual(["old message"]);
  });
});

describe("fix steps", () => {
  const lists = [
    HARDWARE_DEFAULT, CHARGER_FAULT_STEPS, ...HARDWARE_CODE_STEPS, NETWORK_DEFAULT, WEAK_SIGNAL_STEPS, WEAK_LINK_SIGN_IN_STEPS, GOOD_SIGNAL_LINK_STEPS,
    ...NETWORK_CODE_STEPS, OPERATION_DEFAULT, ...OPERATION_CODE_STEPS, POLICY_DEFAULT, FIRMWARE_UPDATE_STEPS, FIRMWARE_BLOCKED_STEPS, FIRMWARE_UNREADABLE_STEPS,
    ...POLICY_CODE_STEPS,
  ];

  it("start with something the manager can ask the merchant to do on the phone", () => {
    for (const steps of [...lists, ...findings.map((f) => f.steps)]) {
      expect(steps.zh[0], steps.zh[0]).toMatch(/^请商户/);
      expect(steps.en[0], steps.en[0]).toMatch(/^Ask the merchant/);
      expect(steps.zh.length).toBe(steps.en.length);
    }
  });

  it("never say the signal is fine when the evidence says it is weak", () => {
    const weak = findings.filter((f) => f.category === "network" && (f.ruleId === "signal.weak" || f.evidence.values?.reattributed !== undefined));
    expect(weak.length).toBeGreaterThan(0);
    const beats = series(6, (i): Partial<RuleHeartbeat> => ({ signalDbm: -108, errors: i >= 3 ? { T_CONNECT_FAIL: 1 } : {} }));
    weak.push(...diagnose(beats, policy(), nowAfter(6)).findings);
    for (const f of weak) {
      expect(f.steps.zh.join("")).not.toMatch(/信号正常却|信号正常但/);
      expect(f.steps.en.join(" ")).not.toMatch(/with a good signal and no host/);
    }
  });

  it("sign-in steps fit 电签 terminals (restart, SIM/network) and classic POS", () => {
    const signIn = [OPERATION_CODE_STEPS[0]!, NETWORK_CODE_STEPS.find((s) => s.codes.includes("T_SIGNIN_FAIL"))!, WEAK_LINK_SIGN_IN_STEPS];
    for (const s of signIn) {
      const zh = s.zh.join("");
      expect(zh).toMatch(/电签/);
      expect(zh).toMatch(/重启/);
      expect(zh).toMatch(/传统POS/);
      expect(zh).toMatch(/流量卡|信号|WiFi/);
    }
  });

  it("policy steps include checking the latest rules with the acquirer (了解政策法规变化)", () => {
    for (const s of [POLICY_DEFAULT, FIRMWARE_UPDATE_STEPS, FIRMWARE_BLOCKED_STEPS, FIRMWARE_UNREADABLE_STEPS, ...POLICY_CODE_STEPS]) {
      expect(s.zh.join(""), s.zh.join("")).toMatch(/政策法规|最新的入网要求/);
      expect(s.en.join(" ")).toMatch(/latest (payment )?rules|current onboarding rules/);
    }
    const d = diagnose(series(3, () => ({ firmware: "2.2.7" })), policy(), nowAfter(3));
    expect(d.findings[0]!.steps.zh.join("")).toMatch(/了解最新的政策法规变化/);
  });

  it("evidence of a finding made at T0 reads 16:00 in Shanghai", () => {
    expect(formatTime(T0, "zh-CN")).toBe("16:00");
  });
});
