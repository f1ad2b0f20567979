// Statements of the alert write path. Raw SQL on purpose: applyDiagnosis runs inside the ingest
// transaction for every touched terminal; the store caches each statement by its text.
import type { AlertState, TimelineEntry } from "@/lib/domain/alerts";
import type { ProblemCategory } from "@/lib/domain/enums";
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
  last_call_outcome = @lastCallOutcome, last_call_at = @lastCallAt, updated_at = @now`;

const ACTIVE_FOR = `SELECT ${COLUMNS} FROM alerts WHERE terminal_id = ? AND status <> 'resolved'`;
const RESOLVED_SINCE = `SELECT ${COLUMNS} FROM alerts WHERE terminal_id = ? AND category = ? AND resolved_at >= ? ORDER BY resolved_at DESC LIMIT 1`;
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
const BY_ID = `SELECT ${COLUMNS} FROM alerts WHERE id = ?`;
const ACTIVE_TERMINAL_IDS = `SELECT DISTINCT terminal_id AS id FROM alerts WHERE status <> 'resolved'`;
const DUE_FOR_TICK = `SELECT ${COLUMNS} FROM alerts
  WHERE status <> 'resolved'
    AND (status = 'pending' OR cleared_at IS NOT NULL
         OR (status = 'snoozed' AND snoozed_until <= @now)
         OR (status = 'verifying' AND verify_until <= @now)
         OR (status = 'open' AND severity = 'critical'))
  ORDER BY id`;

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
  /** Active alerts a tick may change: pending, healthy again, snooze or verify due, critical and open. */
  dueForTick(now: number): Promise<AlertRecord[]>;
}

const cache = new WeakMap<Db, AlertStatements>();

/** The alert statements over `db` (one object per store; statements join any open transaction). */
export function alertStatements(db: Db): AlertStatements {
  const hit = cache.get(db);
  if (hit) return hit;
  const st: AlertStatements = {
    activeFor: (id) => db.all<AlertRecord>(ACTIVE_FOR, [id]),
    resolvedSince: (id, category, since) => db.get<AlertRecord>(RESOLVED_SINCE, [id, category, since]),
    insert: async (terminalId, category, state, findings, now) =>
      (await db.get<{ id: number }>(INSERT, { ...pick(state), terminalId, category, findings, now }))!.id,
    update: async (id, state, now) => void (await db.run(UPDATE, { ...pick(state), id, now })),
    updateWithFindings: async (id, state, findings, now) => void (await db.run(UPDATE_WITH_FINDINGS, { ...pick(state), id, findings, now })),
    clearIncident: async (id) => void (await db.run(CLEAR_INCIDENT, [id])),
    event: async (alertId, incidentId, e) => void (await db.run(EVENT, [alertId, incidentId, e.at, e.kind, e.actor, JSON.stringify(e.data)])),
    byId: (id) => db.get<AlertRecord>(BY_ID, [id]),
    activeTerminalIds: async () => (await db.all<{ id: number }>(ACTIVE_TERMINAL_IDS)).map((r) => r.id),
    dueForTick: (now) => db.all<AlertRecord>(DUE_FOR_TICK, { now }),
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
