// Statements of the alert write path. Raw SQL on purpose: applyDiagnosis runs inside the ingest
// transaction for every touched terminal; the store caches each statement by its text.
//
// PostgreSQL, where several instances write alerts: a read that a write follows locks what it read
// (FOR UPDATE), and always under the terminal's lock, taken first (terminals rows FOR NO KEY
// UPDATE in id order, as ingest takes them), so two writers of one terminal's alerts queue instead
// of the later write silently undoing the earlier one, and never deadlock on each other. SQLite has
// one writer and needs neither.
import type { AlertSeverity, AlertState, TimelineEntry } from "@/lib/domain/alerts";
import { NOTIFY_EVENT_KINDS } from "@/lib/domain/alerts";
import type { ProblemCategory } from "@/lib/domain/enums";
import { DAY_MS } from "@/lib/domain/time";
import type { Db } from "./client";

/** An alert row as the lifecycle sees it, with its identity. */
export interface AlertRecord extends AlertState {
  id: number;
  terminalId: number;
  category: ProblemCategory;
  incidentId: number | null;
}

const COLUMNS = `id, terminal_id AS "terminalId", category, severity, status, first_seen_at AS "firstSeenAt",
  pending_since AS "pendingSince", opened_at AS "openedAt", acknowledged_at AS "acknowledgedAt", acknowledged_by AS "acknowledgedBy",
  assignee_id AS "assigneeId", snoozed_until AS "snoozedUntil", verify_until AS "verifyUntil", cleared_at AS "clearedAt",
  resolved_at AS "resolvedAt", resolved_by AS "resolvedBy", resolution, last_reminder_at AS "lastReminderAt",
  reopen_count AS "reopenCount", last_call_outcome AS "lastCallOutcome", last_call_at AS "lastCallAt", incident_id AS "incidentId"`;

const STATE_SET = `severity = @severity, status = @status, first_seen_at = @firstSeenAt, pending_since = @pendingSince,
  opened_at = @openedAt, acknowledged_at = @acknowledgedAt, acknowledged_by = @acknowledgedBy, assignee_id = @assigneeId,
  snoozed_until = @snoozedUntil, verify_until = @verifyUntil, cleared_at = @clearedAt, resolved_at = @resolvedAt,
  resolved_by = @resolvedBy, resolution = @resolution, last_reminder_at = @lastReminderAt, reopen_count = @reopenCount,
  last_call_outcome = @lastCallOutcome, last_call_at = @lastCallAt, updated_at = @now, queue_rank = NULL`;

const ACTIVE_FOR = `SELECT ${COLUMNS} FROM alerts WHERE terminal_id = ? AND status <> 'resolved'`;
const RESOLVED_SINCE = `SELECT ${COLUMNS} FROM alerts WHERE terminal_id = ? AND category = ? AND resolved_at >= ? ORDER BY resolved_at DESC LIMIT 1`;
// PostgreSQL: the caller holds the terminal's lock; these lock the alert rows it will write.
const ACTIVE_FOR_PG = `${ACTIVE_FOR} ORDER BY id FOR UPDATE`;
const RESOLVED_SINCE_PG = `${RESOLVED_SINCE} FOR UPDATE`;
const INSERT = `INSERT INTO alerts (terminal_id, category, severity, status, first_seen_at, pending_since, opened_at, acknowledged_at,
    acknowledged_by, assignee_id, snoozed_until, verify_until, cleared_at, resolved_at, resolved_by, resolution,
    last_reminder_at, reopen_count, last_call_outcome, last_call_at, findings, created_at, updated_at)
  VALUES (@terminalId, @category, @severity, @status, @firstSeenAt, @pendingSince, @openedAt, @acknowledgedAt,
    @acknowledgedBy, @assigneeId, @snoozedUntil, @verifyUntil, @clearedAt, @resolvedAt, @resolvedBy, @resolution,
    @lastReminderAt, @reopenCount, @lastCallOutcome, @lastCallAt, @findings, @now, @now) RETURNING id`;
const UPDATE = `UPDATE alerts SET ${STATE_SET} WHERE id = @id`;
const UPDATE_WITH_FINDINGS = `UPDATE alerts SET ${STATE_SET}, findings = @findings WHERE id = @id`;
const CLEAR_INCIDENT = `UPDATE alerts SET incident_id = NULL WHERE id = ?`;
const EVENT = `INSERT INTO alert_events (alert_id, incident_id, at, kind, actor_id, data) VALUES (?, ?, ?, ?, ?, ?)`;

/**
 * pg_advisory_xact_lock key that orders notify-worthy timeline entries before the composer's read.
 * A transaction writing such an entry holds it shared from before the entry's id is drawn until
 * it ends; the composer takes it exclusively before reading past its cursor (lockNotifyWriters in
 * db/alerts-outbox.ts), so every entry with a lower id than one it reads has committed or rolled
 * back. Other keys of this product: 7340001 (migrations), 7340002 (partitions), 7340003 (leader).
 */
export const NOTIFY_WRITERS_LOCK_KEY = 7340004;
const NOTIFY_KINDS: ReadonlySet<string> = new Set(NOTIFY_EVENT_KINDS);
// The shared lock and the insert in one statement: the materialised CTE runs (and waits for the
// lock) before the row, and with it the id from the sequence, is formed.
const EVENT_NOTIFY_PG = `WITH writer AS MATERIALIZED (SELECT pg_advisory_xact_lock_shared(${NOTIFY_WRITERS_LOCK_KEY}))
  INSERT INTO alert_events (alert_id, incident_id, at, kind, actor_id, data) SELECT ?, ?, ?, ?, ?, ? FROM writer`;
const BY_ID = `SELECT ${COLUMNS} FROM alerts WHERE id = ?`;
const ACTIVE_TERMINAL_IDS = `SELECT DISTINCT terminal_id AS id FROM alerts WHERE status <> 'resolved'`;
/**
 * The alerts a tick at @now may change (lib/alerts/lifecycle.ts decides; this only narrows what
 * it reads): pending ones whose hold has passed (a flapping fleet keeps thousands pending, each
 * with its findings: reading them all each minute held the SQLite server 110-150 ms), cleared ones that verify or have been healthy long enough to resolve,
 * snoozes and verifications that ran out, and open criticals whose next reminder is due, written
 * as nextReminderAt is. Reading every open critical each minute (with its findings) was a 553 ms
 * statement at 25,000 open alerts, blocking the SQLite server for all of it.
 */
function dueWhere(pg: boolean): string {
  const max = pg ? "greatest" : "max";
  const min = pg ? "least" : "min";
  const ms = (name: string) => (pg ? `CAST(@${name} AS bigint)` : `@${name}`);
  return `status <> 'resolved'
    AND ((status = 'pending' AND cleared_at IS NULL AND pending_since IS NOT NULL
          AND pending_since <= ${ms("now")} - CASE severity WHEN 'critical' THEN ${ms("holdCriticalMs")} ELSE ${ms("holdWarningMs")} END)
         OR (cleared_at IS NOT NULL AND (status = 'verifying' OR cleared_at <= ${ms("now")} - ${ms("autoResolveAfterMs")}))
         OR (status = 'snoozed' AND snoozed_until <= @now)
         OR (status = 'verifying' AND verify_until <= @now)
         OR (status = 'open' AND severity = 'critical' AND cleared_at IS NULL AND opened_at IS NOT NULL
             AND CASE WHEN last_reminder_at IS NULL THEN opened_at + ${ms("reminderAfterMs")}
                      ELSE last_reminder_at + ${min}(${max}(${ms("reminderAfterMs")}, last_reminder_at - opened_at), ${DAY_MS}) END <= @now))`;
}
// Named: without statistics SQLite prefers the rowid order of the whole table (every alert ever
// raised, with its findings), 14-18 ms a minute at 20,000 terminals; the index holds the active ones.
const DUE_IDS_SQLITE = `SELECT id FROM alerts INDEXED BY alerts_active_idx WHERE ${dueWhere(false)} ORDER BY id`;
const DUE_FOR_TICK_SQLITE = `SELECT ${COLUMNS} FROM alerts WHERE ${dueWhere(false)} ORDER BY id`;
const DUE_FOR_TICK_IDS_SQLITE = `SELECT ${COLUMNS} FROM alerts WHERE ${dueWhere(false)} AND id IN (SELECT value FROM json_each(@ids)) ORDER BY id`;
// PostgreSQL, in two statements: first the terminals of the due alerts are locked, in id order
// (the order ingest locks them), then their due alerts are read again, locked, under those locks:
// an alert ingest changed meanwhile is read as ingest left it.
const LOCK_DUE_TERMINALS_PG = `SELECT t.id FROM terminals t
  WHERE t.id IN (SELECT terminal_id FROM alerts WHERE ${dueWhere(true)})
  ORDER BY t.id FOR NO KEY UPDATE OF t`;
const DUE_FOR_TICK_PG = `SELECT ${COLUMNS} FROM alerts WHERE ${dueWhere(true)} AND terminal_id = ANY(@terminals::int[]) ORDER BY id FOR UPDATE`;
const LOCK_TERMINALS_OF_ALERTS_PG = `SELECT t.id FROM terminals t
  WHERE t.id IN (SELECT terminal_id FROM alerts WHERE id = ANY(?::int[]))
  ORDER BY t.id FOR NO KEY UPDATE OF t`;

/** The alert timers a tick reads (lib/alerts/config.ts): when a pending alert opens, when reminders start, when a healthy alert resolves. */
export interface TickTimers {
  reminderAfterMs: number;
  autoResolveAfterMs: number;
  /** How long a problem stays pending before its alert opens, by severity. */
  holdMs: Record<AlertSeverity, number>;
}

export interface AlertStatements {
  /** The active alerts of one terminal (0-4 rows), through the partial unique index. */
  activeFor(terminalId: number): Promise<AlertRecord[]>;
  /** The latest alert of (terminal, category) resolved at or after `since`, to reopen. */
  resolvedSince(terminalId: number, category: ProblemCategory, since: number): Promise<AlertRecord | undefined>;
  insert(terminalId: number, category: ProblemCategory, state: AlertState, findings: string, now: number): Promise<number>;
  update(id: number, state: AlertState, now: number): Promise<void>;
  /** Update that also replaces the findings snapshot (on creation, escalation and reopen). */
  updateWithFindings(id: number, state: AlertState, findings: string, now: number): Promise<void>;
  /** A reopened alert starts outside any incident. */
  clearIncident(id: number): Promise<void>;
  event(alertId: number | null, incidentId: number | null, e: TimelineEntry): Promise<void>;
  byId(id: number): Promise<AlertRecord | undefined>;
  activeTerminalIds(): Promise<number[]>;
  /**
   * Active alerts a tick may change: pending, healthy again, snooze or verify due, critical and
   * open. On PostgreSQL their terminals are locked first, in id order, and the alerts locked: call
   * it inside a transaction.
   */
  dueForTick(now: number, timers: TickTimers, ids?: number[]): Promise<AlertRecord[]>; // ids: SQLite only, those of them still due
  /**
   * SQLite: the ids of the alerts a tick may change, oldest first, read outside any transaction;
   * the tick then reads them again with dueForTick(now, timers, slice) in small transactions, each
   * slice as committed at that moment (the ingest thread writes alerts too).
   */
  dueIdsForTick(now: number, timers: TickTimers): Promise<number[]>;
  /**
   * Before a person's action reads alerts to change them: locks their terminals, in id order
   * (PostgreSQL; nothing on SQLite). Call it inside the action's transaction.
   */
  lockTerminalsOf(alertIds: number[]): Promise<void>;
}

function tickParams(now: number, timers: TickTimers) {
  return { now, reminderAfterMs: timers.reminderAfterMs, autoResolveAfterMs: timers.autoResolveAfterMs, holdWarningMs: timers.holdMs.warning, holdCriticalMs: timers.holdMs.critical };
}

const cache = new WeakMap<Db, AlertStatements>();

/** The alert statements over `db` (one object per store; statements join any open transaction). */
export function alertStatements(db: Db): AlertStatements {
  const hit = cache.get(db);
  if (hit) return hit;
  const pg = db.dialect === "pg";
  const st: AlertStatements = {
    activeFor: (id) => db.all<AlertRecord>(pg ? ACTIVE_FOR_PG : ACTIVE_FOR, [id]),
    resolvedSince: (id, category, since) => db.get<AlertRecord>(pg ? RESOLVED_SINCE_PG : RESOLVED_SINCE, [id, category, since]),
    insert: async (terminalId, category, state, findings, now) =>
      (await db.get<{ id: number }>(INSERT, { ...pick(state), terminalId, category, findings, now }))!.id,
    update: async (id, state, now) => void (await db.run(UPDATE, { ...pick(state), id, now })),
    updateWithFindings: async (id, state, findings, now) => void (await db.run(UPDATE_WITH_FINDINGS, { ...pick(state), id, findings, now })),
    clearIncident: async (id) => void (await db.run(CLEAR_INCIDENT, [id])),
    event: async (alertId, incidentId, e) =>
      void (await db.run(pg && NOTIFY_KINDS.has(e.kind) ? EVENT_NOTIFY_PG : EVENT, [alertId, incidentId, e.at, e.kind, e.actor, JSON.stringify(e.data)])),
    byId: (id) => db.get<AlertRecord>(BY_ID, [id]),
    activeTerminalIds: async () => (await db.all<{ id: number }>(ACTIVE_TERMINAL_IDS)).map((r) => r.id),
    dueIdsForTick: async (now, timers) => (await db.all<{ id: number }>(DUE_IDS_SQLITE, tickParams(now, timers))).map((r) => r.id),
    dueForTick: async (now, timers, ids) => {
      const p = tickParams(now, timers);
      if (!pg) return ids === undefined ? db.all<AlertRecord>(DUE_FOR_TICK_SQLITE, p) : db.all<AlertRecord>(DUE_FOR_TICK_IDS_SQLITE, { ...p, ids: JSON.stringify(ids) });
      const terminals = (await db.all<{ id: number }>(LOCK_DUE_TERMINALS_PG, p)).map((r) => r.id);
      if (terminals.length === 0) return [];
      return db.all<AlertRecord>(DUE_FOR_TICK_PG, { ...p, terminals });
    },
    lockTerminalsOf: async (alertIds) => {
      if (pg && alertIds.length > 0) await db.all(LOCK_TERMINALS_OF_ALERTS_PG, [alertIds]);
    },
  };
  cache.set(db, st);
  return st;
}

/** Only the lifecycle's fields, so a record with extra columns binds the same parameters. */
function pick(s: AlertState): AlertState {
  return {
    status: s.status, severity: s.severity, firstSeenAt: s.firstSeenAt, pendingSince: s.pendingSince, openedAt: s.openedAt,
    acknowledgedAt: s.acknowledgedAt, acknowledgedBy: s.acknowledgedBy, assigneeId: s.assigneeId, snoozedUntil: s.snoozedUntil,
    verifyUntil: s.verifyUntil, clearedAt: s.clearedAt, resolvedAt: s.resolvedAt, resolvedBy: s.resolvedBy, resolution: s.resolution,
    lastReminderAt: s.lastReminderAt, reopenCount: s.reopenCount, lastCallOutcome: s.lastCallOutcome, lastCallAt: s.lastCallAt,
  };
}

/** Writes a transition: the row (with findings when given) and its timeline entries. */
export async function saveTransition(
  st: AlertStatements,
  alert: { id: number; incidentId: number | null },
  state: AlertState,
  events: TimelineEntry[],
  now: number,
  findings?: string,
): Promise<void> {
  if (findings === undefined) await st.update(alert.id, state, now);
  else await st.updateWithFindings(alert.id, state, findings, now);
  for (const e of events) await st.event(alert.id, alert.incidentId, e);
}
