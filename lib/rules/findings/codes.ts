import { PROBLEM_CATEGORIES, type ProblemCategory } from "@/lib/domain/enums";
import { describeCode } from "@/lib/rules/catalog";
import type { Fact, RereadReason } from "@/lib/rules/facts";
import { headline, type RuleContext } from "@/lib/rules/findings/context";
import { linkWeakAt } from "@/lib/rules/findings/link";
import { isProblemCategory, rereadCodes } from "@/lib/rules/findings/reattribute";
import { recoveryAfter, type Recovery } from "@/lib/rules/findings/recovery";
import { isSevere } from "@/lib/rules/policy";
import { codeSteps } from "@/lib/rules/steps/select";
import type { Finding } from "@/lib/rules/types";

export interface CodeTally {
  code: string;
  /** The category this window reads the code as (the catalogue's, unless reread in context). */
  category: ProblemCategory;
  /** The catalogue's category. */
  catalogCategory: ProblemCategory;
  /** Every occurrence in the window. */
  count: number;
  /** Heartbeats that reported the code: a burst inside one heartbeat is one incident. */
  incidents: number;
  firstAt: number;
  lastAt: number;
  /** Indexes in the window of the heartbeats that reported the code. */
  beatIndexes: number[];
  onWeakLink: boolean;
  reason?: RereadReason;
  /** Cleared by a recovery later in the window; it no longer counts. */
  resolvedBy?: Recovery;
}

/**
 * Every catalogued problem code in the window, counted per code. Cardholder/none outcomes and
 * unknown codes are dropped here, so they can never make a terminal unhealthy.
 */
export function tallyCodes(ctx: RuleContext, weakSignal: boolean): CodeTally[] {
  const { beats, policy } = ctx;
  const raw = new Map<string, Omit<CodeTally, "incidents" | "onWeakLink" | "lastAt">>();
  beats.forEach((beat, index) => {
    for (const [key, n] of Object.entries(beat.errors)) {
      const info = describeCode(key);
      const count = Number.isFinite(n) ? Math.max(0, Math.floor(n)) : 0;
      if (!info || count === 0 || !isProblemCategory(info.category)) continue;
      const seen = raw.get(info.code);
      if (!seen) {
        raw.set(info.code, { code: info.code, category: info.category, catalogCategory: info.category, count, firstAt: beat.at, beatIndexes: [index] });
      } else {
        seen.count += count;
        if (seen.beatIndexes.at(-1) !== index) seen.beatIndexes.push(index);
      }
    }
  });
  const tallies: CodeTally[] = [...raw.values()]
    .sort((a, b) => (a.code < b.code ? -1 : 1))
    .map((t) => {
      const weakBeats = t.beatIndexes.filter((i) => linkWeakAt(beats, i, policy.weakSignalDbm, t.code)).length;
      const last = t.beatIndexes.at(-1)!;
      const resolvedBy = isSevere(policy, t.code) ? null : recoveryAfter(t.code, beats, last, policy);
      return {
        ...t,
        incidents: t.beatIndexes.length,
        lastAt: beats[last]!.at,
        onWeakLink: 2 * weakBeats >= t.beatIndexes.length,
        ...(resolvedBy ? { resolvedBy } : {}),
      };
    });
  const live = tallies.filter((t) => !t.resolvedBy);
  const linkCodesRecur = live.some((t) => t.catalogCategory === "network" && t.code !== "T_SIGNIN_FAIL" && t.incidents >= policy.codeThreshold);
  const reread = rereadCodes(
    live.map((t) => ({ code: t.code, category: t.category, onWeakLink: t.onWeakLink, firstIndex: t.beatIndexes[0]!, lastIndex: t.beatIndexes.at(-1)! })),
    weakSignal || linkCodesRecur,
  );
  return tallies.map((t) => {
    const moved = reread.get(t.code);
    return moved ? { ...t, category: moved.to, reason: moved.reason } : t;
  });
}

function codeFacts(t: CodeTally, threshold: number, severe: boolean): Fact[] {
  const main: Fact = severe
    ? { kind: "code_severe", code: t.code, occurrences: t.count, firstAt: t.firstAt, lastAt: t.lastAt }
    : t.incidents >= threshold
      ? { kind: "code_recurring", code: t.code, incidents: t.incidents, occurrences: t.count, threshold, firstAt: t.firstAt, lastAt: t.lastAt }
      : { kind: "code_seen", code: t.code, incidents: t.incidents, occurrences: t.count, lastAt: t.lastAt };
  return t.reason ? [main, { kind: "code_reread", code: t.code, from: t.catalogCategory, to: t.category, reason: t.reason }] : [main];
}

function leadOf(recurring: CodeTally[], severe: CodeTally[]): CodeTally {
  const order = (a: CodeTally, b: CodeTally) => b.incidents - a.incidents || b.count - a.count || (a.code < b.code ? -1 : 1);
  return [...severe].sort(order)[0] ?? [...recurring].sort(order)[0]!;
}

/**
 * One finding per category in which one code recurs (in at least `codeThreshold` heartbeats) or
 * a severe code was seen. Different codes are never summed: three different blips are noise.
 */
export function codeFindings(ctx: RuleContext, weakSignal: boolean): Finding[] {
  const { policy } = ctx;
  const tallies = tallyCodes(ctx, weakSignal).filter((t) => !t.resolvedBy);
  const findings: Finding[] = [];
  for (const category of PROBLEM_CATEGORIES) {
    const mine = tallies.filter((t) => t.category === category);
    const severe = mine.filter((t) => isSevere(policy, t.code));
    const recurring = mine.filter((t) => t.incidents >= policy.codeThreshold);
    if (severe.length === 0 && recurring.length === 0) continue;
    const lead = leadOf(recurring, severe);
    const byIncidents = [...mine].sort((a, b) => b.incidents - a.incidents || b.count - a.count || (a.code < b.code ? -1 : 1));
    // The leading code first, so the headline names it; each code's rereading right after it.
    const facts = [lead, ...byIncidents.filter((t) => t !== lead)].flatMap((t) => codeFacts(t, policy.codeThreshold, isSevere(policy, t.code)));
    const reattributed = Object.fromEntries(mine.filter((t) => t.reason).map((t) => [t.code, t.reason]));
    const linkWeak = weakSignal || lead.onWeakLink;
    findings.push({
      ruleId: `codes.${category}`,
      category,
      severity: severe.length > 0 ? "critical" : "warning",
      evidence: {
        readings: ["error_codes"],
        codes: Object.fromEntries(byIncidents.map((t) => [t.code, t.count])),
        values: {
          total: mine.reduce((s, t) => s + t.count, 0),
          beatsWithCodes: new Set(mine.flatMap((t) => t.beatIndexes)).size,
          incidents: Object.fromEntries(byIncidents.map((t) => [t.code, t.incidents])),
          threshold: policy.codeThreshold,
          leadCode: lead.code,
          ...(severe.length > 0 ? { severe: severe.map((t) => t.code) } : {}),
          ...(Object.keys(reattributed).length > 0 ? { reattributed } : {}),
        },
        since: Math.min(...mine.map((t) => t.firstAt)),
        facts,
      },
      message: headline(facts),
      steps: codeSteps(category, lead.code, { linkWeak, reason: lead.reason }),
    });
  }
  return findings;
}
