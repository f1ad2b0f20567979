// Rules that learn from the calls (docs/alerts.md): an alert's calls, resolution and what the
// heartbeats showed next become a labelled example for the rule that raised it; examples add up
// to each rule's precision, its median time to fix, the queue's rank factor, and threshold
// suggestions replayed through the rules. Pure: no clock, no database; `now` is passed in.
import type { AlertEventKind, AlertStatus, Resolution } from "@/lib/domain/alerts";
import type { LabelReason, OutcomeLabel } from "@/lib/domain/learning";
import type { Policy } from "@/lib/domain/policy";
import { DAY_MS, HOUR_MS } from "@/lib/domain/time";

export type { LabelReason, OutcomeLabel };

/** Examples a rule needs (confirmed plus false alarms, over 90 days) before its precision counts. */
export const MIN_EXAMPLES = 20;
/** The windows precision is reported over, days. */
export const PRECISION_DAYS = [30, 90] as const;
/**
 * How long after "fine" a problem may keep showing and still be a false alarm, ms: longer than
 * the diagnosis window (120 minutes by default), whose old evidence keeps a finding up that long.
 */
export const SETTLE_MS = 3 * HOUR_MS;
/** Below this rank factor a rule never goes, however often it was wrong. */
export const MIN_RANK_FACTOR = 0.25;

/** What an alert went through, as the labeller needs it. */
export interface AlertHistory {
  status: AlertStatus;
  resolution: Resolution | null;
  createdAt: number; // epoch ms
  clearedAt: number | null; // epoch ms
  resolvedAt: number | null; // epoch ms
  /** Its timeline, oldest first (only kind, time and data are read). */
  events: { kind: AlertEventKind; at: number; data: Record<string, unknown> }[];
}

export interface Label {
  label: OutcomeLabel;
  reason: LabelReason;
  /** When the terminal was healthy again, for confirmed examples that are fixed. */
  fixedAt: number | null;
}

const FIXED_BY_PERSON: readonly string[] = ["fixed_on_phone", "fixed_on_site", "terminal_replaced"];
const SAID_FINE: readonly string[] = ["not_a_problem", "merchant_declined"];

/**
 * Labels one alert. Confirmed wins over everything (a person fixed it, a call found a visit is
 * needed, the heartbeats confirmed a phone fix, or the problem was still there when the check
 * after a phone fix ended). After "fine" (the merchant declined, or a person resolved it as not a
 * problem or declined), the heartbeats decide: the problem stopped showing within `settleMs`
 * (longer than the diagnosis window, whose old evidence can keep an alert up or reopen it for a
 * while) → false alarm; still showing `settleMs` after → confirmed; neither yet → unknown.
 * Returns null for an alert that never opened (it never reached a person: not an example).
 */
export function labelAlert(h: AlertHistory, now: number, settleMs = SETTLE_MS): Label | null {
  if (!h.events.some((e) => e.kind === "opened")) return null;
  const fixedAt = h.status === "resolved" ? (h.clearedAt ?? h.resolvedAt) : h.clearedAt;
  const confirmed = (reason: LabelReason): Label => ({ label: "confirmed", reason, fixedAt });
  let fineAt: number | null = null;
  let fineByResolve = false;
  let showing = true;
  let stoppedAt: number | null = null;
  for (const e of h.events) {
    if (e.kind === "call_logged" && e.data.outcome === "visit_needed") return confirmed("visit_needed");
    if (e.kind === "fix_not_confirmed") return confirmed("persisted_after_fix");
    if (e.kind === "resolved" && e.data.resolution === "confirmed_by_heartbeat") return confirmed("fix_confirmed_by_heartbeat");
    if (e.kind === "resolved" && FIXED_BY_PERSON.includes(String(e.data.resolution))) return confirmed("fixed_by_person");
    const saysFine = (e.kind === "call_logged" && e.data.outcome === "merchant_declined") || (e.kind === "resolved" && SAID_FINE.includes(String(e.data.resolution)));
    if (saysFine && fineAt === null) fineAt = e.at;
    if (e.kind === "resolved" && SAID_FINE.includes(String(e.data.resolution))) fineByResolve = true;
    if (e.kind === "cleared") {
      showing = false;
      stoppedAt = e.at;
    } else if (e.kind === "reopened" || e.kind === "opened" || e.kind === "returned") {
      showing = true;
      stoppedAt = null;
    } else if (e.kind === "resolved" && showing) {
      // Resolved while still showing: by a person ("fine") or by the system; the heartbeats
      // reopen it if the problem is still there.
      showing = false;
      stoppedAt = e.at;
    }
  }
  if (fineAt === null) return { label: "unknown", reason: "no_decisive_call", fixedAt: null };
  if (showing) return now - fineAt >= settleMs ? confirmed("persisted_after_fine") : { label: "unknown", reason: "no_decisive_call", fixedAt: null };
  if (stoppedAt !== null && stoppedAt - fineAt > settleMs) return confirmed("persisted_after_fine");
  return { label: "false_alarm", reason: fineByResolve && h.resolution !== "auto_recovered" ? "said_fine" : "cleared_after_fine", fixedAt: null };
}

/** One labelled example, as stored. */
export interface Example {
  ruleId: string;
  code: string; // "" for rules without codes
  label: OutcomeLabel;
  raisedAt: number; // epoch ms
  fixedAt: number | null; // epoch ms
}

export interface WindowStats {
  days: number;
  raised: number;
  confirmed: number;
  falseAlarms: number;
  unknown: number;
  /** confirmed / (confirmed + false alarms); null without any labelled example. */
  precision: number | null;
}

export interface RuleStats {
  ruleId: string;
  /** null: every code of the rule together. */
  code: string | null;
  windows: WindowStats[]; // one per PRECISION_DAYS, in that order
  /** Median of fixedAt − raisedAt over the 90 days' confirmed, fixed examples, ms; null without any. */
  medianFixMs: number | null;
  /** Whether the 90-day precision rests on at least MIN_EXAMPLES labelled examples. */
  enough: boolean;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function statsOf(ruleId: string, code: string | null, examples: readonly Example[], now: number): RuleStats {
  const windows = PRECISION_DAYS.map((days): WindowStats => {
    const from = now - days * DAY_MS;
    const inside = examples.filter((e) => e.raisedAt > from && e.raisedAt <= now);
    const confirmed = inside.filter((e) => e.label === "confirmed").length;
    const falseAlarms = inside.filter((e) => e.label === "false_alarm").length;
    const known = confirmed + falseAlarms;
    return { days, raised: inside.length, confirmed, falseAlarms, unknown: inside.length - known, precision: known > 0 ? confirmed / known : null };
  });
  const from = now - PRECISION_DAYS[1] * DAY_MS;
  const fixes = examples.filter((e) => e.label === "confirmed" && e.fixedAt !== null && e.raisedAt > from && e.raisedAt <= now).map((e) => Math.max(0, e.fixedAt! - e.raisedAt));
  const last = windows[windows.length - 1]!;
  return { ruleId, code, windows, medianFixMs: median(fixes), enough: last.confirmed + last.falseAlarms >= MIN_EXAMPLES };
}

/**
 * Per rule (code null) and per rule and code, over 30 and 90 days before `now`: raised, confirmed,
 * false alarms, unknown, precision and the median time to fix. Rules sort by id; each rule's codes
 * follow it, most raised first. Examples raised after `now` are ignored.
 */
export function ruleStats(examples: readonly Example[], now: number): RuleStats[] {
  const byRule = new Map<string, Example[]>();
  for (const e of examples) byRule.set(e.ruleId, [...(byRule.get(e.ruleId) ?? []), e]);
  const out: RuleStats[] = [];
  for (const ruleId of [...byRule.keys()].sort()) {
    const list = byRule.get(ruleId)!;
    out.push(statsOf(ruleId, null, list, now));
    const codes = new Map<string, Example[]>();
    for (const e of list) if (e.code) codes.set(e.code, [...(codes.get(e.code) ?? []), e]);
    const perCode = [...codes.entries()].map(([code, l]) => statsOf(ruleId, code, l, now));
    perCode.sort((a, b) => b.windows[1]!.raised - a.windows[1]!.raised || a.code!.localeCompare(b.code!));
    out.push(...perCode);
  }
  return out;
}

/**
 * The queue rank's factor for a rule: neutral (1) below MIN_EXAMPLES labelled examples; else
 * min(1, 0.25 + precision), never below MIN_RANK_FACTOR. A rule right three times in four or more
 * keeps its rank; one right two times in five ranks at 0.65 of it; one never right at a quarter.
 */
export function rankFactor(confirmed: number, falseAlarms: number): number {
  const known = confirmed + falseAlarms;
  if (known < MIN_EXAMPLES) return 1;
  return Math.max(MIN_RANK_FACTOR, Math.min(1, 0.25 + confirmed / known));
}

/** The policy field each rule's threshold lives in (the first one is the one suggestions move). */
export function thresholdFieldsOf(ruleId: string): (keyof Policy)[] {
  if (ruleId.startsWith("codes.")) return ["codeThreshold", "severeCodes"];
  if (ruleId === "signal.weak") return ["weakSignalBeats", "weakSignalDbm"];
  if (ruleId === "battery.low") return ["lowBatteryPct"];
  if (ruleId === "battery.critical") return ["criticalBatteryPct"];
  if (ruleId.startsWith("battery.charging")) return ["chargingDrainBeats"];
  if (ruleId === "offline") return ["offlineAfterMin"];
  if (ruleId === "firmware.below_min") return ["minFirmware"];
  if (ruleId === "firmware.blocked") return ["blockedFirmware"];
  if (ruleId.startsWith("place.")) return ["relocationKm"];
  return [];
}

/** The thresholds a suggestion may move, the rules each one governs, and the values it tries. */
export const TUNABLE = {
  codeThreshold: { rules: (id: string) => id.startsWith("codes."), candidates: (v: number) => [v + 1, v + 2, v + 3, v + 4] },
  weakSignalBeats: { rules: (id: string) => id === "signal.weak", candidates: (v: number) => [v + 1, v + 2, v + 3] },
  chargingDrainBeats: { rules: (id: string) => id.startsWith("battery.charging"), candidates: (v: number) => [v + 1, v + 2] },
  lowBatteryPct: { rules: (id: string) => id === "battery.low", candidates: (v: number) => [v - 3, v - 5, v - 8].filter((x) => x >= 1) },
} as const satisfies Partial<Record<keyof Policy, { rules: (id: string) => boolean; candidates: (v: number) => number[] }>>;
export type TunableField = keyof typeof TUNABLE;
export const TUNABLE_FIELDS = Object.keys(TUNABLE) as TunableField[];

/** One labelled example replayed: does the rule still fire on its stored heartbeats at each value? */
export interface Replay {
  label: "confirmed" | "false_alarm";
  /** Under the policy in force (examples the policy in force no longer reproduces are left out). */
  firesNow: boolean;
  /** candidate value → fires. */
  firesAt: Map<number, boolean>;
}

export interface Suggestion {
  field: TunableField;
  from: number;
  to: number;
  /** Replayed examples (confirmed + false alarms) the figures rest on. */
  examples: number;
  falseAlarmShareNow: number;
  falseAlarmShareThen: number;
  /** Confirmed faults the new value would not have raised. */
  missed: number;
  /** False alarms it would not have raised. */
  avoided: number;
}

/** A suggestion is made only when at least this share of the replayed alerts were false alarms. */
export const SUGGEST_MIN_FALSE_SHARE = 0.25;
/** … and the new value cuts the share by at least this much … */
export const SUGGEST_MIN_GAIN = 0.1;
/** … while missing at most this share of the confirmed faults. */
export const SUGGEST_MAX_MISSED_SHARE = 0.1;

/**
 * The value of `field` the replayed examples argue for, or null: the candidate with the lowest
 * false-alarm share that misses at most 10 % of the confirmed faults (at least one may be missed
 * when there are few) and cuts the share by 10 points or more; the nearest value wins a tie. Only
 * when the rule was a false alarm in at least 25 % of MIN_EXAMPLES or more replayed examples.
 */
export function suggestThreshold(field: TunableField, from: number, replays: readonly Replay[]): Suggestion | null {
  const firing = replays.filter((r) => r.firesNow);
  const confirmed = firing.filter((r) => r.label === "confirmed").length;
  const falseAlarms = firing.length - confirmed;
  if (firing.length < MIN_EXAMPLES) return null;
  const shareNow = falseAlarms / firing.length;
  if (shareNow < SUGGEST_MIN_FALSE_SHARE) return null;
  const allowedMiss = Math.max(1, Math.floor(confirmed * SUGGEST_MAX_MISSED_SHARE));
  let best: Suggestion | null = null;
  for (const to of TUNABLE[field].candidates(from)) {
    const still = firing.filter((r) => r.firesAt.get(to) ?? false);
    const stillConfirmed = still.filter((r) => r.label === "confirmed").length;
    const missed = confirmed - stillConfirmed;
    if (still.length === 0 || missed > allowedMiss) continue;
    const shareThen = (still.length - stillConfirmed) / still.length;
    if (shareNow - shareThen < SUGGEST_MIN_GAIN) continue;
    if (best && shareThen >= best.falseAlarmShareThen) continue;
    best = { field, from, to, examples: firing.length, falseAlarmShareNow: shareNow, falseAlarmShareThen: shareThen, missed, avoided: falseAlarms - (still.length - stillConfirmed) };
  }
  return best;
}
