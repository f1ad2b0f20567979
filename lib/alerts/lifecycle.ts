// The alert lifecycle as a pure state machine: (state, event, now, config) -> new state plus the
// timeline entries the transition produced. No clock, no database. See docs/alerts.md.
import type { AlertConfig } from "./config";
import type { AlertState, TimelineEntry } from "@/lib/domain/alerts";
import { SEVERITY_RANK, type AlertEventKind, type AlertSeverity, type CallOutcome, type Resolution, type ResolveOutcome } from "./enums";
import { DAY_MS } from "@/lib/domain/time";

export type { AlertState, TimelineEntry };


export type LifecycleEvent =
  | { type: "problem_seen"; severity: AlertSeverity }
  | { type: "problem_cleared" }
  | { type: "tick" }
  | { type: "acknowledge"; actor: number }
  | { type: "assign"; actor: number; assignee: number | null }
  | { type: "log_call"; actor: number; outcome: CallOutcome; note: string }
  | { type: "snooze"; actor: number; until: number }
  | { type: "resolve"; actor: number; outcome: ResolveOutcome; note: string };

export type LifecycleEventType = LifecycleEvent["type"];


/** Why a person's action was refused; stable codes the pages translate. */
export const REFUSALS = [
  "already_acknowledged",
  "already_resolved",
  "awaiting_confirmation",
  "snooze_not_in_future",
  "snooze_too_long",
  "reopen_window_passed",
] as const;
export type Refusal = (typeof REFUSALS)[number];

export type Transition = { ok: true; state: AlertState; events: TimelineEntry[] } | { ok: false; refusal: Refusal };

const worse = (a: AlertSeverity, b: AlertSeverity) => SEVERITY_RANK[a] > SEVERITY_RANK[b];

/** A new alert for a problem first seen at `now`: pending, or open at once when its hold is zero. */
export function createAlert(severity: AlertSeverity, now: number, config: AlertConfig): { state: AlertState; events: TimelineEntry[] } {
  const state: AlertState = {
    status: "pending",
    severity,
    firstSeenAt: now,
    pendingSince: now,
    openedAt: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    assigneeId: null,
    snoozedUntil: null,
    verifyUntil: null,
    clearedAt: null,
    resolvedAt: null,
    resolvedBy: null,
    resolution: null,
    lastReminderAt: null,
    reopenCount: 0,
    lastCallOutcome: null,
    lastCallAt: null,
  };
  const events: TimelineEntry[] = [system("created", now, { severity })];
  return openIfHeld(state, events, now, config);
}

/** Applies one event. Unchanged state with no events means "nothing to write". */
export function transition(state: AlertState, event: LifecycleEvent, now: number, config: AlertConfig): Transition {
  switch (event.type) {
    case "problem_seen":
      return problemSeen(state, event.severity, now, config);
    case "problem_cleared":
      return problemCleared(state, now);
    case "tick":
      return tick(state, now, config);
    case "acknowledge":
      return acknowledge(state, event.actor, now);
    case "assign":
      return assign(state, event.actor, event.assignee, now);
    case "log_call":
      return logCall(state, event, now, config);
    case "snooze":
      return snooze(state, event.actor, event.until, now, config);
    case "resolve":
      return resolve(state, event.actor, event.outcome, event.note, now);
  }
}

function system(kind: AlertEventKind, at: number, data: Record<string, unknown> = {}): TimelineEntry {
  return { kind, at, actor: null, data };
}

const ok = (state: AlertState, events: TimelineEntry[]): Transition => ({ ok: true, state, events });
const refuse = (refusal: Refusal): Transition => ({ ok: false, refusal });

function openIfHeld(state: AlertState, events: TimelineEntry[], now: number, config: AlertConfig) {
  if (state.status === "pending" && state.clearedAt === null && state.pendingSince !== null && now - state.pendingSince >= config.holdMs[state.severity]) {
    return { state: { ...state, status: "open" as const, openedAt: now, lastReminderAt: null }, events: [...events, system("opened", now, { severity: state.severity })] };
  }
  return { state, events };
}

function problemSeen(state: AlertState, severity: AlertSeverity, now: number, config: AlertConfig): Transition {
  if (state.status === "resolved") {
    if (state.resolvedAt === null || now - state.resolvedAt > config.reopenWithinMs) return refuse("reopen_window_passed");
    const reopened: AlertState = {
      ...state,
      status: "pending",
      severity,
      firstSeenAt: now,
      pendingSince: now,
      openedAt: null,
      acknowledgedAt: null,
      acknowledgedBy: null,
      snoozedUntil: null,
      verifyUntil: null,
      clearedAt: null,
      resolvedAt: null,
      resolvedBy: null,
      resolution: null,
      lastReminderAt: null,
      reopenCount: state.reopenCount + 1,
    };
    const r = openIfHeld(reopened, [system("reopened", now, { severity, previousResolution: state.resolution })], now, config);
    return ok(r.state, r.events);
  }
  let next = state;
  const events: TimelineEntry[] = [];
  if (state.clearedAt !== null) {
    next = { ...next, clearedAt: null };
    events.push(system("returned", now));
  }
  if (worse(severity, state.severity)) {
    next = { ...next, severity };
    events.push(system("escalated", now, { from: state.severity, to: severity }));
    // A snoozed alert that got worse needs a person again now.
    if (next.status === "snoozed") {
      next = { ...next, status: next.acknowledgedAt !== null ? "acknowledged" : "open", snoozedUntil: null };
      events.push(system("snooze_ended", now, { reason: "escalated" }));
    }
  }
  const r = openIfHeld(next, events, now, config);
  return ok(r.state, r.events);
}

function problemCleared(state: AlertState, now: number): Transition {
  switch (state.status) {
    case "resolved":
      return ok(state, []);
    case "pending":
      return ok({ ...state, status: "resolved", clearedAt: now, resolvedAt: now, resolvedBy: null, resolution: "cleared_before_open", pendingSince: null }, [
        system("resolved", now, { resolution: "cleared_before_open" }),
      ]);
    case "verifying":
      return ok(resolvedBySystem(state, now, "confirmed_by_heartbeat"), [system("resolved", now, { resolution: "confirmed_by_heartbeat" })]);
    default:
      if (state.clearedAt !== null) return ok(state, []);
      return ok({ ...state, clearedAt: now }, [system("cleared", now)]);
  }
}

function resolvedBySystem(state: AlertState, now: number, resolution: Resolution): AlertState {
  return { ...state, status: "resolved", clearedAt: state.clearedAt ?? now, resolvedAt: now, resolvedBy: null, resolution, snoozedUntil: null, verifyUntil: null, pendingSince: null };
}

function tick(state: AlertState, now: number, config: AlertConfig): Transition {
  if (state.status === "resolved") return ok(state, []);
  if (state.status === "pending") {
    const r = openIfHeld(state, [], now, config);
    return ok(r.state, r.events);
  }
  if (state.clearedAt !== null) {
    if (state.status === "verifying") {
      return ok(resolvedBySystem(state, now, "confirmed_by_heartbeat"), [system("resolved", now, { resolution: "confirmed_by_heartbeat" })]);
    }
    if (now - state.clearedAt >= config.autoResolveAfterMs) {
      return ok(resolvedBySystem(state, now, "auto_recovered"), [system("resolved", now, { resolution: "auto_recovered", healthySince: state.clearedAt })]);
    }
  }
  if (state.status === "snoozed" && state.snoozedUntil !== null && now >= state.snoozedUntil) {
    const back = state.acknowledgedAt !== null ? "acknowledged" : "open";
    return ok({ ...state, status: back, snoozedUntil: null }, [system("snooze_ended", now, { reason: "expired" })]);
  }
  if (state.status === "verifying" && state.verifyUntil !== null && now >= state.verifyUntil && state.clearedAt === null) {
    return ok({ ...state, status: "acknowledged", verifyUntil: null }, [system("fix_not_confirmed", now)]);
  }
  if (state.status === "open" && state.severity === "critical" && state.clearedAt === null && state.openedAt !== null) {
    if (now >= nextReminderAt(state.openedAt, state.lastReminderAt, config)) {
      return ok({ ...state, lastReminderAt: now }, [system("reminder", now, { openFor: now - state.openedAt })]);
    }
  }
  return ok(state, []);
}

/**
 * Reminders come after `reminderAfterMs`, then at doubling intervals (30 min, 1 h, 2 h, 4 h ...
 * after opening), at most a day apart: persistent enough to be seen, not a message every half hour.
 */
export function nextReminderAt(openedAt: number, lastReminderAt: number | null, config: AlertConfig): number {
  if (lastReminderAt === null) return openedAt + config.reminderAfterMs;
  const gap = Math.max(config.reminderAfterMs, lastReminderAt - openedAt);
  return lastReminderAt + Math.min(gap, DAY_MS);
}

function acknowledge(state: AlertState, actor: number, now: number): Transition {
  switch (state.status) {
    case "resolved":
      return refuse("already_resolved");
    case "acknowledged":
      return refuse("already_acknowledged");
    case "verifying":
      return refuse("awaiting_confirmation");
    default:
      return ok({ ...state, status: "acknowledged", acknowledgedAt: now, acknowledgedBy: actor, snoozedUntil: null }, [{ kind: "acknowledged", at: now, actor, data: {} }]);
  }
}

function assign(state: AlertState, actor: number, assignee: number | null, now: number): Transition {
  if (state.status === "resolved") return refuse("already_resolved");
  if (state.assigneeId === assignee) return ok(state, []);
  return ok({ ...state, assigneeId: assignee }, [{ kind: "assigned", at: now, actor, data: { from: state.assigneeId, to: assignee } }]);
}

function logCall(state: AlertState, e: Extract<LifecycleEvent, { type: "log_call" }>, now: number, config: AlertConfig): Transition {
  if (state.status === "resolved") return refuse("already_resolved");
  const events: TimelineEntry[] = [];
  let next: AlertState = { ...state, lastCallOutcome: e.outcome, lastCallAt: now, snoozedUntil: null };
  if (next.acknowledgedAt === null) {
    // Calling the merchant is taking the alert on.
    next = { ...next, acknowledgedAt: now, acknowledgedBy: e.actor };
    events.push({ kind: "acknowledged", at: now, actor: e.actor, data: { by: "call" } });
  }
  const verifying = e.outcome === "fixed_on_phone";
  next = { ...next, status: verifying ? "verifying" : "acknowledged", verifyUntil: verifying ? now + config.verifyWithinMs : null };
  events.push({ kind: "call_logged", at: now, actor: e.actor, data: { outcome: e.outcome, note: e.note, ...(verifying ? { verifyUntil: next.verifyUntil } : {}) } });
  return ok(next, events);
}

function snooze(state: AlertState, actor: number, until: number, now: number, config: AlertConfig): Transition {
  if (state.status === "resolved") return refuse("already_resolved");
  if (until <= now) return refuse("snooze_not_in_future");
  if (until - now > config.maxSnoozeMs) return refuse("snooze_too_long");
  return ok({ ...state, status: "snoozed", snoozedUntil: until, verifyUntil: null }, [{ kind: "snoozed", at: now, actor, data: { until } }]);
}

function resolve(state: AlertState, actor: number, outcome: ResolveOutcome, note: string, now: number): Transition {
  if (state.status === "resolved") return refuse("already_resolved");
  return ok({ ...state, status: "resolved", resolvedAt: now, resolvedBy: actor, resolution: outcome, snoozedUntil: null, verifyUntil: null, pendingSince: null }, [
    { kind: "resolved", at: now, actor, data: { resolution: outcome, note } },
  ]);
}
