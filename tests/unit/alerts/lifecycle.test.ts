import { describe, expect, it } from "vitest";
import { DEFAULT_ALERT_CONFIG as C } from "@/lib/alerts/config";
import { ALERT_STATUSES, type AlertStatus } from "@/lib/alerts/enums";
import { createAlert, nextReminderAt, transition, type AlertState, type LifecycleEvent, type LifecycleEventType, type Transition } from "@/lib/alerts/lifecycle";

const MIN = 60_000;
const T = Date.UTC(2026, 10, 27, 2, 0, 0);
const USER = 7;

/** A state in `status` as the lifecycle would have produced it, opened at T. */
function stateIn(status: AlertStatus, over: Partial<AlertState> = {}): AlertState {
  const base = createAlert("warning", T - 20 * MIN, C).state;
  const extras: Record<AlertStatus, Partial<AlertState>> = {
    pending: { pendingSince: T - 1 * MIN },
    open: { status: "open", openedAt: T - 5 * MIN, pendingSince: T - 15 * MIN },
    acknowledged: { status: "acknowledged", openedAt: T - 5 * MIN, acknowledgedAt: T - 2 * MIN, acknowledgedBy: USER },
    snoozed: { status: "snoozed", openedAt: T - 5 * MIN, snoozedUntil: T + 60 * MIN },
    verifying: { status: "verifying", openedAt: T - 5 * MIN, acknowledgedAt: T - 2 * MIN, acknowledgedBy: USER, verifyUntil: T + 20 * MIN, lastCallOutcome: "fixed_on_phone" },
    resolved: { status: "resolved", openedAt: T - 50 * MIN, resolvedAt: T - 10 * MIN, resolution: "auto_recovered", clearedAt: T - 25 * MIN, pendingSince: null },
  };
  return { ...base, ...extras[status], ...over };
}

const EVENTS: Record<LifecycleEventType, LifecycleEvent> = {
  problem_seen: { type: "problem_seen", severity: "critical" },
  problem_cleared: { type: "problem_cleared" },
  tick: { type: "tick" },
  acknowledge: { type: "acknowledge", actor: USER },
  assign: { type: "assign", actor: USER, assignee: 9 },
  log_call: { type: "log_call", actor: USER, outcome: "no_answer", note: "busy line" },
  snooze: { type: "snooze", actor: USER, until: T + 30 * MIN },
  resolve: { type: "resolve", actor: USER, outcome: "fixed_on_site", note: "" },
};

/** Expected [status after, timeline kinds] or a refusal, for every state × event. */
const TABLE: Record<AlertStatus, Record<LifecycleEventType, [AlertStatus, string[]] | string>> = {
  pending: {
    problem_seen: ["open", ["escalated", "opened"]],
    problem_cleared: ["resolved", ["resolved"]],
    tick: ["pending", []],
    acknowledge: ["acknowledged", ["acknowledged"]],
    assign: ["pending", ["assigned"]],
    log_call: ["acknowledged", ["acknowledged", "call_logged"]],
    snooze: ["snoozed", ["snoozed"]],
    resolve: ["resolved", ["resolved"]],
  },
  open: {
    problem_seen: ["open", ["escalated"]],
    problem_cleared: ["open", ["cleared"]],
    tick: ["open", []],
    acknowledge: ["acknowledged", ["acknowledged"]],
    assign: ["open", ["assigned"]],
    log_call: ["acknowledged", ["acknowledged", "call_logged"]],
    snooze: ["snoozed", ["snoozed"]],
    resolve: ["resolved", ["resolved"]],
  },
  acknowledged: {
    problem_seen: ["acknowledged", ["escalated"]],
    problem_cleared: ["acknowledged", ["cleared"]],
    tick: ["acknowledged", []],
    acknowledge: "already_acknowledged",
    assign: ["acknowledged", ["assigned"]],
    log_call: ["acknowledged", ["call_logged"]],
    snooze: ["snoozed", ["snoozed"]],
    resolve: ["resolved", ["resolved"]],
  },
  snoozed: {
    problem_seen: ["open", ["escalated", "snooze_ended"]],
    problem_cleared: ["snoozed", ["cleared"]],
    tick: ["snoozed", []],
    acknowledge: ["acknowledged", ["acknowledged"]],
    assign: ["snoozed", ["assigned"]],
    log_call: ["acknowledged", ["acknowledged", "call_logged"]],
    snooze: ["snoozed", ["snoozed"]],
    resolve: ["resolved", ["resolved"]],
  },
  verifying: {
    problem_seen: ["verifying", ["escalated"]],
    problem_cleared: ["resolved", ["resolved"]],
    tick: ["verifying", []],
    acknowledge: "awaiting_confirmation",
    assign: ["verifying", ["assigned"]],
    log_call: ["acknowledged", ["call_logged"]],
    snooze: ["snoozed", ["snoozed"]],
    resolve: ["resolved", ["resolved"]],
  },
  resolved: {
    problem_seen: ["open", ["reopened", "opened"]],
    problem_cleared: ["resolved", []],
    tick: ["resolved", []],
    acknowledge: "already_resolved",
    assign: "already_resolved",
    log_call: "already_resolved",
    snooze: "already_resolved",
    resolve: "already_resolved",
  },
};

const run = (s: AlertState, e: LifecycleEvent, now = T): Transition => transition(s, e, now, C);
const kinds = (t: Transition) => (t.ok ? t.events.map((e) => e.kind) : []);

describe("lifecycle: every state × event", () => {
  for (const status of ALERT_STATUSES) {
    for (const [type, event] of Object.entries(EVENTS) as [LifecycleEventType, LifecycleEvent][]) {
      const expected = TABLE[status][type];
      it(`${status} × ${type}`, () => {
        const before = stateIn(status);
        const t = run(before, event);
        if (typeof expected === "string") {
          expect(t).toEqual({ ok: false, refusal: expected });
          return;
        }
        expect(t.ok).toBe(true);
        if (!t.ok) return;
        expect(t.state.status).toBe(expected[0]);
        expect(kinds(t)).toEqual(expected[1]);
        // No entries means nothing changed, so callers may skip the write.
        if (expected[1].length === 0) expect(t.state).toEqual(before);
        // Entries by a person carry that person; the system's carry null.
        for (const e of t.events) expect(e.actor).toBe(["acknowledged", "assigned", "call_logged", "snoozed"].includes(e.kind) || (e.kind === "resolved" && type === "resolve") ? USER : null);
        for (const e of t.events) expect(e.at).toBe(T);
      });
    }
  }
});

describe("hold time", () => {
  it("a warning stays pending until its hold has passed, then opens on the tick", () => {
    const { state, events } = createAlert("warning", T, C);
    expect(state.status).toBe("pending");
    expect(events.map((e) => e.kind)).toEqual(["created"]);
    expect(run(state, { type: "tick" }, T + C.holdMs.warning - 1).ok && run(state, { type: "tick" }, T + C.holdMs.warning - 1)).toMatchObject({ state: { status: "pending" }, events: [] });
    const opened = run(state, { type: "tick" }, T + C.holdMs.warning);
    expect(opened).toMatchObject({ ok: true, state: { status: "open", openedAt: T + C.holdMs.warning } });
    expect(kinds(opened)).toEqual(["opened"]);
  });

  it("a critical problem opens at once", () => {
    const { state, events } = createAlert("critical", T, C);
    expect(state).toMatchObject({ status: "open", openedAt: T });
    expect(events.map((e) => e.kind)).toEqual(["created", "opened"]);
  });

  it("a warning that clears before its hold never disturbs anyone", () => {
    const t = run(createAlert("warning", T, C).state, { type: "problem_cleared" }, T + 5 * MIN);
    expect(t).toMatchObject({ ok: true, state: { status: "resolved", resolution: "cleared_before_open", openedAt: null } });
  });

  it("the same warning seen again before the hold changes nothing", () => {
    const s = createAlert("warning", T, C).state;
    const t = run(s, { type: "problem_seen", severity: "warning" }, T + 9 * MIN);
    expect(t).toEqual({ ok: true, state: s, events: [] });
  });
});

describe("auto-resolve", () => {
  const open = stateIn("open");
  it("healthy for 15 minutes resolves; 1 ms less does not", () => {
    const cleared = run(open, { type: "problem_cleared" }, T);
    if (!cleared.ok) throw new Error("refused");
    expect(cleared.state.clearedAt).toBe(T);
    expect(kinds(run(cleared.state, { type: "tick" }, T + C.autoResolveAfterMs - 1))).toEqual([]);
    const done = run(cleared.state, { type: "tick" }, T + C.autoResolveAfterMs);
    expect(done).toMatchObject({ ok: true, state: { status: "resolved", resolution: "auto_recovered", resolvedBy: null } });
  });
  it("the problem returning resets the healthy clock", () => {
    const back = run(stateIn("open", { clearedAt: T - 10 * MIN }), { type: "problem_seen", severity: "warning" }, T);
    expect(back).toMatchObject({ ok: true, state: { clearedAt: null, status: "open" } });
    expect(kinds(back)).toEqual(["returned"]);
  });
  it("a snoozed or acknowledged alert resolves too", () => {
    for (const s of ["snoozed", "acknowledged"] as const) {
      const t = run(stateIn(s, { clearedAt: T - C.autoResolveAfterMs }), { type: "tick" }, T);
      expect(t).toMatchObject({ ok: true, state: { status: "resolved", resolution: "auto_recovered" } });
    }
  });
});

describe("reopen", () => {
  const resolved = stateIn("resolved", { resolvedAt: T - C.reopenWithinMs, assigneeId: 9, reopenCount: 1 });
  it("within 24 h the same alert reopens, keeps its assignee and counts the reopen", () => {
    const t = run(resolved, { type: "problem_seen", severity: "warning" }, T);
    expect(t).toMatchObject({ ok: true, state: { status: "pending", firstSeenAt: T, assigneeId: 9, reopenCount: 2, resolvedAt: null, acknowledgedAt: null } });
    expect(kinds(t)).toEqual(["reopened"]);
  });
  it("after 24 h it is refused, so the caller creates a new alert", () => {
    expect(run(resolved, { type: "problem_seen", severity: "warning" }, T + 1)).toEqual({ ok: false, refusal: "reopen_window_passed" });
  });
});

describe("snooze, verify, reminders", () => {
  it("a snooze must end in the future and within the longest snooze", () => {
    expect(run(stateIn("open"), { type: "snooze", actor: USER, until: T }, T)).toEqual({ ok: false, refusal: "snooze_not_in_future" });
    expect(run(stateIn("open"), { type: "snooze", actor: USER, until: T + C.maxSnoozeMs + 1 }, T)).toEqual({ ok: false, refusal: "snooze_too_long" });
  });
  it("a snooze ends at its time and the alert goes back where it was", () => {
    expect(run(stateIn("snoozed"), { type: "tick" }, T + 60 * MIN)).toMatchObject({ ok: true, state: { status: "open", snoozedUntil: null } });
    const acked = stateIn("snoozed", { acknowledgedAt: T - MIN, acknowledgedBy: USER });
    expect(run(acked, { type: "tick" }, T + 60 * MIN)).toMatchObject({ ok: true, state: { status: "acknowledged" } });
  });
  it("fixed on the phone waits for a healthy heartbeat, else goes back to the queue with its history", () => {
    const call = run(stateIn("open"), { type: "log_call", actor: USER, outcome: "fixed_on_phone", note: "restarted" }, T);
    expect(call).toMatchObject({ ok: true, state: { status: "verifying", verifyUntil: T + C.verifyWithinMs, lastCallOutcome: "fixed_on_phone" } });
    if (!call.ok) return;
    expect(run(call.state, { type: "problem_cleared" }, T + MIN)).toMatchObject({ ok: true, state: { status: "resolved", resolution: "confirmed_by_heartbeat" } });
    expect(kinds(run(call.state, { type: "tick" }, T + C.verifyWithinMs - 1))).toEqual([]);
    const back = run(call.state, { type: "tick" }, T + C.verifyWithinMs);
    expect(back).toMatchObject({ ok: true, state: { status: "acknowledged", lastCallOutcome: "fixed_on_phone", acknowledgedBy: USER } });
    expect(kinds(back)).toEqual(["fix_not_confirmed"]);
  });
  it("an unacknowledged critical alert is reminded after 30 minutes, then at doubling intervals, at most daily", () => {
    const open = stateIn("open", { severity: "critical", openedAt: T });
    expect(kinds(run(open, { type: "tick" }, T + C.reminderAfterMs - 1))).toEqual([]);
    const first = run(open, { type: "tick" }, T + C.reminderAfterMs);
    expect(kinds(first)).toEqual(["reminder"]);
    if (!first.ok) return;
    expect(kinds(run(first.state, { type: "tick" }, T + 2 * C.reminderAfterMs - 1))).toEqual([]);
    const second = run(first.state, { type: "tick" }, T + 2 * C.reminderAfterMs);
    expect(kinds(second)).toEqual(["reminder"]);
    if (!second.ok) return;
    expect(kinds(run(second.state, { type: "tick" }, T + 4 * C.reminderAfterMs - 1))).toEqual([]);
    expect(kinds(run(second.state, { type: "tick" }, T + 4 * C.reminderAfterMs))).toEqual(["reminder"]);
    const HOUR = 60 * MIN;
    expect(nextReminderAt(T, T + 40 * HOUR, C)).toBe(T + 64 * HOUR);
    expect(kinds(run(stateIn("acknowledged", { severity: "critical" }), { type: "tick" }, T + 5 * C.reminderAfterMs))).toEqual([]);
    expect(kinds(run(stateIn("open", { openedAt: T }), { type: "tick" }, T + 5 * C.reminderAfterMs))).toEqual([]);
  });
  it("severity only escalates: a milder diagnosis keeps the alert critical", () => {
    const crit = stateIn("open", { severity: "critical" });
    expect(run(crit, { type: "problem_seen", severity: "warning" })).toEqual({ ok: true, state: crit, events: [] });
  });
  it("assigning the current assignee again is a no-op", () => {
    const s = stateIn("open", { assigneeId: 9 });
    expect(run(s, { type: "assign", actor: USER, assignee: 9 })).toEqual({ ok: true, state: s, events: [] });
  });
});
