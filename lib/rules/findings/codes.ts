import { PROBLEM_CATEGORIES, type ProblemCategory } from "@/lib/domain/enums";
import { describeCode } from "@/lib/rules/catalog";
import { CATEGORY_LABEL, type RuleContext } from "@/lib/rules/findings/context";
import { reattributionFor } from "@/lib/rules/findings/reattribute";
import { HARDWARE_CODE_STEPS, HARDWARE_DEFAULT } from "@/lib/rules/steps/hardware";
import { NETWORK_CODE_STEPS, NETWORK_DEFAULT } from "@/lib/rules/steps/network";
import { OPERATION_CODE_STEPS, OPERATION_DEFAULT } from "@/lib/rules/steps/operation";
import { POLICY_CODE_STEPS, POLICY_DEFAULT } from "@/lib/rules/steps/policy";
import { stepsFor, type CodeSteps, type Steps } from "@/lib/rules/steps/types";
import type { Finding } from "@/lib/rules/types";

const STEP_TABLES: Record<ProblemCategory, { table: readonly CodeSteps[]; fallback: Steps }> = {
  hardware: { table: HARDWARE_CODE_STEPS, fallback: HARDWARE_DEFAULT },
  network: { table: NETWORK_CODE_STEPS, fallback: NETWORK_DEFAULT },
  operation: { table: OPERATION_CODE_STEPS, fallback: OPERATION_DEFAULT },
  policy_firmware: { table: POLICY_CODE_STEPS, fallback: POLICY_DEFAULT },
};

export interface CodeTally {
  code: string;
  category: ProblemCategory;
  count: number;
  firstAt: number;
  /** Indexes in the window of the heartbeats that reported the code. */
  beatIndexes: number[];
  reason?: string;
}

/**
 * Occurrences of every catalogued problem code in the window. Cardholder/none outcomes and
 * unknown codes are dropped here, so they can never make a terminal unhealthy.
 */
export function tallyCodes(ctx: RuleContext, weakSignal: boolean): CodeTally[] {
  const raw = new Map<string, CodeTally>();
  ctx.beats.forEach((beat, index) => {
    for (const [key, n] of Object.entries(beat.errors)) {
      const info = describeCode(key);
      const count = Number.isFinite(n) ? Math.max(0, Math.floor(n)) : 0;
      if (!info || count === 0 || info.category === "cardholder" || info.category === "none") continue;
      const seen = raw.get(info.code);
      if (!seen) raw.set(info.code, { code: info.code, category: info.category, count, firstAt: beat.at, beatIndexes: [index] });
      else {
        seen.count += count;
        if (seen.beatIndexes.at(-1) !== index) seen.beatIndexes.push(index);
      }
    }
  });
  const tallies = [...raw.values()].sort((a, b) => (a.code < b.code ? -1 : 1));
  const networkCount = tallies.filter((t) => t.category === "network").reduce((s, t) => s + t.count, 0);
  const trouble = weakSignal || networkCount >= ctx.policy.codeThreshold;
  const present = new Set(tallies.map((t) => t.code));
  return tallies.map((t) => {
    const moved = reattributionFor(t.code, present, trouble);
    return moved ? { ...t, category: moved.to, reason: moved.reason } : t;
  });
}

/** One finding per category whose codes reach the threshold, or that saw a severe code. */
export function codeFindings(ctx: RuleContext, weakSignal: boolean): Finding[] {
  const { policy } = ctx;
  const tallies = tallyCodes(ctx, weakSignal);
  const findings: Finding[] = [];
  for (const category of PROBLEM_CATEGORIES) {
    const mine = tallies.filter((t) => t.category === category);
    const total = mine.reduce((s, t) => s + t.count, 0);
    const severe = policy.severeCodes.filter((c) => mine.some((t) => t.code === c));
    if (total < policy.codeThreshold && severe.length === 0) continue;
    const byCount = [...mine].sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1));
    const lead = severe[0] ?? byCount[0]!.code;
    const meaning = describeCode(lead)!.meaning;
    const beats = new Set(mine.flatMap((t) => t.beatIndexes)).size;
    const list = byCount.map((t) => `${t.code} ×${t.count}`).join(", ");
    const label = CATEGORY_LABEL[category];
    const reattributed = Object.fromEntries(mine.filter((t) => t.reason).map((t) => [t.code, t.reason]));
    const { table, fallback } = STEP_TABLES[category];
    findings.push({
      ruleId: `codes.${category}`,
      category,
      severity: severe.length > 0 ? "critical" : "warning",
      evidence: {
        readings: ["error_codes"],
        codes: Object.fromEntries(byCount.map((t) => [t.code, t.count])),
        values: {
          total,
          beatsWithCodes: beats,
          threshold: policy.codeThreshold,
          leadCode: lead,
          ...(severe.length > 0 ? { severe } : {}),
          ...(Object.keys(reattributed).length > 0 ? { reattributed } : {}),
        },
        since: Math.min(...mine.map((t) => t.firstAt)),
      },
      message:
        severe.length > 0
          ? {
              zh: `出现严重代码 ${lead}（${meaning.zh}），出现一次即需处理；窗口内${label.zh}类代码：${list}`,
              en: `Severe code ${lead} (${meaning.en}), which needs action on first sight; ${label.en} codes in the window: ${list}`,
            }
          : {
              zh: `窗口内${label.zh}类代码共 ${total} 次，分布在 ${beats} 次心跳中，主要是 ${lead}（${meaning.zh}）：${list}`,
              en: `${label.en} codes ${total} times across ${beats} heartbeats, mostly ${lead} (${meaning.en}): ${list}`,
            },
      steps: stepsFor(table, lead, fallback),
    });
  }
  return findings;
}
