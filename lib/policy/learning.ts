// What the calls say about the policy (docs/alerts.md, "Rules that learn from the calls"): each
// rule's labelled statistics beside its threshold, and threshold changes the replayed heartbeats
// of those alerts argue for. Applying one is an ordinary policy save (audit, history, revert).
import type { Db } from "@/db/client";
import { getPolicy } from "@/db/policy";
import { listOutcomes, readWindowBefore, type ListedOutcome } from "@/db/rule-outcomes";
import { AppError, notFound } from "@/lib/errors";
import { toRuleHeartbeats } from "@/lib/ingest/window";
import type { Scope } from "@/lib/auth/scope";
import { diagnose } from "@/lib/rules/diagnose";
import { ruleStats, suggestThreshold, thresholdFieldsOf, TUNABLE, TUNABLE_FIELDS, type Replay, type RuleStats, type Suggestion, type TunableField } from "@/lib/rules/learning";
import { windowBeatCapacity, type Policy } from "@/lib/rules/policy";
import { DAY_MS, MINUTE_MS } from "@/lib/domain/time";
import { savePolicyChange } from "./admin";

/** Newest labelled examples replayed per threshold: bounds the heartbeats a page view reads. */
export const REPLAY_LIMIT = 150;

export interface LearningRow extends RuleStats {
  /** The policy fields behind the rule, with their values in force. */
  fields: { field: keyof Policy; value: string }[];
}

export interface LearningReport {
  rows: LearningRow[];
  suggestions: Suggestion[];
}

const shown = (v: unknown) => (Array.isArray(v) ? v.join(", ") : String(v));

/** Statistics of the scope's examples raised in the last 90 days, with the policy fields behind each rule. */
export async function ruleLearning(db: Db, scope: Scope, now: number): Promise<{ rows: LearningRow[]; outcomes: ListedOutcome[]; policy: Policy }> {
  const [policy, outcomes] = await Promise.all([getPolicy(db), listOutcomes(db, scope, now - 90 * DAY_MS, now)]);
  const rows = ruleStats(outcomes, now).map((s) => ({ ...s, fields: thresholdFieldsOf(s.ruleId).map((field) => ({ field, value: shown(policy[field]) })) }));
  return { rows, outcomes, policy };
}

/** When, after an alert was raised, the replay asks whether the rule fires: a later moment counts too (a higher threshold raises a real fault later, not never). */
export const REPLAY_MOMENTS_MS = [0, 15, 30, 60, 120, 240, 480, 1440].map((m) => m * MINUTE_MS);

/**
 * Replays the newest labelled examples of `field`'s rules under the policy in force and each
 * candidate value: on the stored heartbeats, at each of REPLAY_MOMENTS_MS after the alert was
 * raised up to when it ended, does the rule fire at least once?
 */
export async function replayField(db: Db, outcomes: readonly ListedOutcome[], policy: Policy, field: TunableField): Promise<Replay[]> {
  const tune = TUNABLE[field];
  const examples = outcomes.filter((o) => o.label !== "unknown" && tune.rules(o.ruleId)).slice(0, REPLAY_LIMIT);
  const candidates = tune.candidates(policy[field]).map((v) => ({ v, policy: { ...policy, [field]: v } as Policy }));
  const windowMs = policy.windowMinutes * MINUTE_MS;
  const last = REPLAY_MOMENTS_MS[REPLAY_MOMENTS_MS.length - 1]!;
  const out: Replay[] = [];
  for (const o of examples) {
    const until = Math.min(o.raisedAt + last, o.endedAt ?? o.raisedAt + last);
    const rows = await readWindowBefore(db, o.terminalId, o.raisedAt - windowMs, until, windowBeatCapacity(policy) * 12);
    if (rows.length === 0) continue;
    const beats = toRuleHeartbeats(rows);
    const moments = REPLAY_MOMENTS_MS.map((d) => o.raisedAt + d).filter((at) => at <= until);
    const fires = (p: Policy) => moments.some((at) => diagnose(beats.filter((b) => b.at <= at), p, at).findings.some((f) => f.ruleId === o.ruleId));
    out.push({ label: o.label as Replay["label"], firesNow: fires(policy), firesAt: new Map(candidates.map((c) => [c.v, fires(c.policy)])) });
  }
  return out;
}

/** The policy page's learning card: statistics and suggestions. */
export async function learningReport(db: Db, scope: Scope, now: number): Promise<LearningReport> {
  const { rows, outcomes, policy } = await ruleLearning(db, scope, now);
  const suggestions: Suggestion[] = [];
  for (const field of TUNABLE_FIELDS) {
    const s = suggestThreshold(field, policy[field], await replayField(db, outcomes, policy, field));
    if (s) suggestions.push(s);
  }
  return { rows, suggestions };
}

/**
 * Applies the suggestion for `field` as the data stands now (recomputed here, never taken from
 * the form): the policy in force with that one field changed, saved like any policy change.
 */
export async function applySuggestion(db: Db, scope: Scope, field: string, now: number, ip = ""): Promise<{ versionId: number; changed: number; suggestion: Suggestion }> {
  if (!(TUNABLE_FIELDS as string[]).includes(field)) throw notFound(`no threshold suggestion for ${field}`);
  const f = field as TunableField;
  const { outcomes, policy } = await ruleLearning(db, scope, now);
  const suggestion = suggestThreshold(f, policy[f], await replayField(db, outcomes, policy, f));
  if (!suggestion) throw new AppError("validation", `the calls no longer suggest changing ${field}`, { reason: "no_suggestion" });
  const saved = await savePolicyChange(db, scope, { ...policy, [f]: suggestion.to }, now, ip);
  return { ...saved, suggestion };
}
