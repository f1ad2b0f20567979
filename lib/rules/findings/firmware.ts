import type { Fact } from "@/lib/rules/facts";
import { headline, type RuleContext } from "@/lib/rules/findings/context";
import { FIRMWARE_BLOCKED_STEPS, FIRMWARE_UNREADABLE_STEPS, FIRMWARE_UPDATE_STEPS } from "@/lib/rules/steps/policy";
import type { Finding } from "@/lib/rules/types";
import { compareVersions, versionProblem } from "@/lib/rules/version";

/**
 * Firmware is judged on the latest heartbeat. A version that cannot be read is a finding of its
 * own: nobody can tell whether the terminal complies, so someone has to look.
 */
export function firmwareFindings({ beats, policy }: RuleContext): Finding[] {
  const latest = beats.at(-1)!;
  const version = latest.firmware;
  // Since: the start of the run of beats on this same version.
  let first = beats.length - 1;
  while (first > 0 && beats[first - 1]!.firmware === version) first--;
  const since = beats[first]!.at;

  const problem = versionProblem(version);
  if (problem !== null) {
    const fact: Fact = { kind: "firmware_unreadable", firmware: version, reason: problem, at: latest.at };
    return [
      {
        ruleId: "firmware.unreadable",
        category: "policy_firmware",
        severity: "warning",
        evidence: { readings: ["firmware"], values: { firmware: version, reason: problem }, since, facts: [fact] },
        message: headline([fact]),
        steps: FIRMWARE_UNREADABLE_STEPS,
      },
    ];
  }

  const findings: Finding[] = [];
  const blocked = policy.blockedFirmware.find((b) => compareVersions(version, b) === 0);
  if (blocked !== undefined) {
    const fact: Fact = { kind: "firmware_blocked", firmware: version, blocked: policy.blockedFirmware, since };
    findings.push({
      ruleId: "firmware.blocked",
      category: "policy_firmware",
      severity: "critical",
      evidence: { readings: ["firmware"], values: { firmware: version, blocked: policy.blockedFirmware }, since, facts: [fact] },
      message: headline([fact]),
      steps: FIRMWARE_BLOCKED_STEPS,
    });
  }
  if (compareVersions(version, policy.minFirmware) === -1) {
    const fact: Fact = { kind: "firmware_below_min", firmware: version, minFirmware: policy.minFirmware, since };
    findings.push({
      ruleId: "firmware.below_min",
      category: "policy_firmware",
      severity: "warning",
      evidence: { readings: ["firmware"], values: { firmware: version, minFirmware: policy.minFirmware }, since, facts: [fact] },
      message: headline([fact]),
      steps: FIRMWARE_UPDATE_STEPS,
    });
  }
  return findings;
}
