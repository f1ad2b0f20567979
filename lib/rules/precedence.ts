import type { ProblemCategory, Severity } from "@/lib/domain/enums";
import type { Finding } from "@/lib/rules/types";

/**
 * On a severity tie, the cause that explains the others comes first: a policy block stops
 * trading whatever else is wrong; a device fault produces link symptoms itself; a failing link
 * produces prompts that look like operator mistakes. lib/rules/README.md gives the reasons.
 */
export const CATEGORY_PRECEDENCE: readonly ProblemCategory[] = ["policy_firmware", "hardware", "network", "operation"];

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, ok: 2 };

// Within one severity and category, the broader statement leads.
const RULE_ORDER = [
  "offline",
  "firmware.blocked",
  "firmware.below_min",
  "firmware.unreadable",
  "battery.critical",
  "battery.charging_drain",
  "battery.charging_stalled",
  "battery.charging_unstable",
  "battery.low",
  "signal.weak",
];

function ruleRank(ruleId: string): number {
  const index = RULE_ORDER.indexOf(ruleId);
  return index < 0 ? RULE_ORDER.length : index;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    CATEGORY_PRECEDENCE.indexOf(a.category) - CATEGORY_PRECEDENCE.indexOf(b.category) ||
    ruleRank(a.ruleId) - ruleRank(b.ruleId) ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  );
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}
