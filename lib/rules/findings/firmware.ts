import type { RuleContext } from "@/lib/rules/findings/context";
import { FIRMWARE_BLOCKED_STEPS, FIRMWARE_UPDATE_STEPS } from "@/lib/rules/steps/policy";
import type { Finding } from "@/lib/rules/types";
import { compareVersions } from "@/lib/rules/version";

/** Firmware is judged on the latest heartbeat; an unreadable version fires nothing. */
export function firmwareFindings({ beats, policy }: RuleContext): Finding[] {
  const latest = beats.at(-1)!;
  const version = latest.firmware;
  // Since: the start of the run of beats on this same version.
  let first = beats.length - 1;
  while (first > 0 && beats[first - 1]!.firmware === version) first--;
  const since = beats[first]!.at;
  const findings: Finding[] = [];

  const blocked = policy.blockedFirmware.find((b) => compareVersions(version, b) === 0);
  if (blocked !== undefined) {
    findings.push({
      ruleId: "firmware.blocked",
      category: "policy_firmware",
      severity: "critical",
      evidence: { readings: ["firmware"], values: { firmware: version, blocked: policy.blockedFirmware }, since },
      message: {
        zh: `固件 ${version} 已被停用（停用列表：${policy.blockedFirmware.join("、")}）`,
        en: `Firmware ${version} is on the blocked list (${policy.blockedFirmware.join(", ")})`,
      },
      steps: FIRMWARE_BLOCKED_STEPS,
    });
  }
  if (compareVersions(version, policy.minFirmware) === -1) {
    findings.push({
      ruleId: "firmware.below_min",
      category: "policy_firmware",
      severity: "warning",
      evidence: { readings: ["firmware"], values: { firmware: version, minFirmware: policy.minFirmware }, since },
      message: {
        zh: `固件 ${version} 低于最低要求版本 ${policy.minFirmware}`,
        en: `Firmware ${version} is below the minimum ${policy.minFirmware}`,
      },
      steps: FIRMWARE_UPDATE_STEPS,
    });
  }
  return findings;
}
