// The sweep reads only the alerts a tick may change (dueForTick in db/alert-writes.ts) and lets the
// lifecycle decide. Property: for random stored alert states, at clocks just before and after each
// of their deadlines, every alert whose tick would change something is among those read; and open criticals whose reminder is not due
// are left out (the narrowing is what keeps the sweep's statement short at many open alerts).
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { alertStatements } from "@/db/alert-writes";
import type { Db } from "@/db/client";
import { DEFAULT_ALERT_CONFIG } from "@/lib/alerts/config";
import { nextReminderAt, transition } from "@/lib/alerts/lifecycle";
import type { AlertState } from "@/lib/domain/alerts";
import { freshDb, makeAgent, makeTerminal, T0 } from "../helpers/db";

const MIN = 60_000;
const HOUR = 60 * MIN;
const NOW = T0 + 30 * 24 * HOUR;

let db: Db;
let agentId: number;
beforeAll(async () => {
  db = await freshDb();
  agentId = (await makeAgent(db)).id;
});

/** A time before NOW: mostly within the last three hours (where the timers fall due), up to ten days back. */
const past = fc.oneof(fc.integer({ min: 0, max: 180 }), fc.integer({ min: 0, max: 10 * 24 * 60 })).map((m) => NOW - m * MIN);
const maybe = <T,>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null, freq: 2 }); // null half the time (1 / freq)

const stateArb: fc.Arbitrary<AlertState> = fc.record({
  status: fc.constantFrom("pending", "open", "acknowledged", "snoozed", "verifying"),
  severity: fc.constantFrom("warning", "critical"),
  firstSeenAt: past,
  pendingSince: maybe(past),
  openedAt: maybe(past),
  acknowledgedAt: maybe(past),
  acknowledgedBy: fc.constant(null),
  assigneeId: fc.constant(null),
  snoozedUntil: maybe(fc.integer({ min: -600, max: 600 }).map((m) => NOW + m * MIN)),
  verifyUntil: maybe(fc.integer({ min: -600, max: 600 }).map((m) => NOW + m * MIN)),
  clearedAt: maybe(past),
  resolvedAt: fc.constant(null),
  resolvedBy: fc.constant(null),
  resolution: fc.constant(null),
  lastReminderAt: maybe(past),
  reopenCount: fc.constant(0),
  lastCallOutcome: fc.constant(null),
  lastCallAt: fc.constant(null),
}) as fc.Arbitrary<AlertState>;

describe("the sweep's due alerts", () => {
  it("holds every alert a tick would change, for random states at clocks around their deadlines", async () => {
    const st = alertStatements(db);
    const c = DEFAULT_ALERT_CONFIG;
    // Each state's own deadlines: the end of its hold, its next reminder, the end of the healthy wait, its snooze and verification.
    const deadlines = (s: AlertState) =>
      [s.pendingSince !== null ? s.pendingSince + c.holdMs[s.severity] : null, s.openedAt !== null ? nextReminderAt(s.openedAt, s.lastReminderAt, c) : null, s.clearedAt !== null ? s.clearedAt + c.autoResolveAfterMs : null, s.snoozedUntil, s.verifyUntil]
        .filter((d): d is number => d !== null);
    await fc.assert(
      fc.asyncProperty(stateArb, fc.nat(), fc.integer({ min: -3, max: 3 }), async (s, pick, delta) => {
        const ds = deadlines(s);
        const now = ds.length ? ds[pick % ds.length]! + delta * MIN : NOW;
        const t = await makeTerminal(db, agentId);
        const id = await st.insert(t.id, "hardware", s, "[]", NOW);
        const due = (await db.transaction(() => st.dueForTick(now, c))).some((a) => a.id === id);
        // SQLite's sweep reads the ids first (through alerts_active_idx), then each slice again.
        if (db.dialect === "sqlite") expect((await st.dueIdsForTick(now, c)).includes(id), JSON.stringify(s)).toBe(due);
        const tick = transition(s, { type: "tick" }, now, c);
        const why = `${JSON.stringify(s)} at ${now - NOW} ms: ${tick.ok ? tick.events.map((e) => e.kind).join(", ") : "no tick"}`;
        if (tick.ok && tick.events.length > 0) expect(due, why).toBe(true);
        await db.run(`UPDATE alerts SET status = 'resolved', resolved_at = ? WHERE id = ?`, [NOW, id]);
      }),
      { numRuns: 300 },
    );
  });

  it("leaves out an open critical whose next reminder is not due, and reads it once it is", async () => {
    const st = alertStatements(db);
    const t = await makeTerminal(db, agentId);
    const opened = NOW - 2 * HOUR;
    // Reminded at +1 h: the next one is 1 h later (the gap doubles), at NOW.
    const s: AlertState = {
      status: "open", severity: "critical", firstSeenAt: opened, pendingSince: null, openedAt: opened, acknowledgedAt: null, acknowledgedBy: null,
      assigneeId: null, snoozedUntil: null, verifyUntil: null, clearedAt: null, resolvedAt: null, resolvedBy: null, resolution: null,
      lastReminderAt: opened + HOUR, reopenCount: 0, lastCallOutcome: null, lastCallAt: null,
    };
    const id = await st.insert(t.id, "network", s, "[]", NOW);
    const dueAt = async (now: number) => (await db.transaction(() => st.dueForTick(now, DEFAULT_ALERT_CONFIG))).some((a) => a.id === id);
    expect(await dueAt(NOW - MIN)).toBe(false);
    expect(await dueAt(NOW)).toBe(true);
    await db.run(`UPDATE alerts SET status = 'resolved', resolved_at = ? WHERE id = ?`, [NOW, id]);
  });
});
