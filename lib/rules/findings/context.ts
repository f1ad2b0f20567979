import type { ProblemCategory } from "@/lib/domain/enums";
import { describeFacts } from "@/lib/rules/describe";
import type { Fact } from "@/lib/rules/facts";
import type { Policy } from "@/lib/rules/policy";
import type { RuleHeartbeat, Text } from "@/lib/rules/types";
import type { BatterySeries } from "@/lib/rules/window";
import { MINUTE_MS } from "@/lib/domain/time";

/** What every rule sees: the window (oldest first, never empty) and the policy. */
export interface RuleContext {
  beats: RuleHeartbeat[];
  policy: Policy;
  battery: BatterySeries;
}

export const CATEGORY_LABEL: Record<ProblemCategory, Text> = {
  hardware: { zh: "设备故障", en: "Hardware" },
  network: { zh: "网络连接", en: "Network" },
  operation: { zh: "操作不当", en: "Operation" },
  policy_firmware: { zh: "政策/固件", en: "Policy/firmware" },
};

export function minutesBetween(from: number, to: number): number {
  return Math.round(((to - from) / MINUTE_MS) * 10) / 10;
}

/** The headline of a finding: its first fact as a sentence in each language. */
export function headline(facts: readonly Fact[]): Text {
  return { zh: describeFacts(facts.slice(0, 1), "zh-CN")[0] ?? "", en: describeFacts(facts.slice(0, 1), "en")[0] ?? "" };
}
