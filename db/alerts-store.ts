// Prepared statements of the alert write path. Raw SQL on purpose: applyDiagnosis runs inside the
// ingest transaction for every touched terminal, so each statement is prepared once per handle.
import type Database from "better-sqlite3";
import type { AlertState, TimelineEntry } from "@/lib/alerts/lifecycle";
import type { ProblemCategory } from "@/lib/domain/enums";
import type { Db } from "./client";

/** An alert row as the lifecycle sees it, with its identity. */
export interface AlertRecord extends AlertState {
  id: number;
  terminalId: number;
  category: ProblemCategory;
  incidentId: number | null;
}

const COLUMNS = `id, terminal_id AS terminalId, category, severity, status, first_seen_at AS firstSeenAt,
  pending_since AS pendingSince, opened_at AS openedAt, acknowledged_at AS acknowledgedAt, acknowledged_by AS acknowledgedBy,
  assignee_id AS assigneeId, snoozed_until AS snoozedUntil, verify_until AS verifyUntil, cleared_at AS clearedAt,
  resolved_at AS resolvedAt, resolved_by AS resolvedBy, resolution, last_reminder_at AS lastReminderAt,
  reopen_count AS reopenCount, last_call_outcome AS lastCallOutcome, last_call_at AS lastCallAt, incident_id AS incidentId`;

const STATE_SET = `severity = @severity, status = @status, first_seen_at = @firstSeenAt, pending_since = @pendingSince,
  opened_at = @openedAt, acknowledged_at = @acknowledgedAt, acknowledged_by = @acknowledgedBy, assignee_id = @assigneeId,
  snoozed_until = @snoozedUntil, verify_until = @verifyUntil, cleared_at = @clearedAt, resolved_at = @resolvedAt,
  resolved_by = @resolvedBy, resolution = @resolution, last_reminder_at = @lastReminderAt, reopen_count = @reopenCount,
  last_call_outcome = @lastCallOutcome, last_call_at = @lastCallAt, updated_at = @now`;

export interface AlertStatements {
  sqlite: Database.Database;
  /** The active alerts of one terminal (0-4 rows), through the partial unique index. */
  activeFor(terminalId: number): AlertRecord[];
  /** The latest alert of (terminal, category) resolved at or after `since`, to reopen. */
  resolvedSince(terminalId: number, category: ProblemCategory, since: number): AlertRecord | undefined;
  insert(terminalId: number, category: ProblemCategory, state: AlertState, findings: string, now: number): number;
  update(id: number, state: AlertState, now: number): void;
  /** Update that also replaces the findings snapshot (on creation, escalation and reopen). */
  updateWithFindings(id: number, state: AlertState, findings: string, now: number): void;
  /** A reopened alert starts outside any incident. */
  clearIncident(id: number): void;
  event(alertId: number | null, incidentId: number | null, e: TimelineEntry): void;
  byId(id: number): AlertRecord | undefined;
  activeTerminalIds(): number[];
  /** Active alerts a tick may change: pending, healthy again, snooze or verify due, critical and open. */
  dueForTick(now: number): AlertRecord[];
}

const cache = new WeakMap<Database.Database, AlertStatements>();

export function alertStatements(db: Db | { $client: Database.Database }): AlertStatements {
  const sqlite = db.$client;
  const hit = cache.get(sqlite);
  if (hit) return hit;
  const activeFor = sqlite.prepare<[number], AlertRecord>(`SELECT ${COLUMNS} FROM alerts WHERE terminal_id = ? AND status <> 'resolved'`);
  const resolvedSince = sqlite.prepare<[number, string, number], AlertRecord>(
    `SELECT ${COLUMNS} FROM alerts WHERE terminal_id = ? AND category = ? AND resolved_at >= ? ORDER BY resolved_at DESC LIMIT 1`,
  );
  const insert = sqlite.prepare(
    `INSERT INTO alerts (terminal_id, category, severity, status, first_seen_at, pending_since, opened_at, acknowledged_at,
       acknowledged_by, assignee_id, snoozed_until, verify_until, cleared_at, resolved_at, resolved_by, resolution,
       last_reminder_at, reopen_count, last_call_outcome, last_call_at, findings, created_at, updated_at)
     VALUES (@terminalId, @category, @severity, @status, @firstSeenAt, @pendingSince, @openedAt, @acknowledgedAt,
       @acknowledgedBy, @assigneeId, @snoozedUntil, @verifyUntil, @clearedAt, @resolvedAt, @resolvedBy, @resolution,
       @lastReminderAt, @reopenCount, @lastCallOutcome, @lastCallAt, @findings, @now, @now) RETURNING id`,
  );
  const update = sqlite.prepare(`UPDATE alerts SET ${STATE_SET} WHERE id = @id`);
  const updateWithFindings = sqlite.prepare(`UPDATE alerts SET ${STATE_SET}, findings = @findings WHERE id = @id`);
  const clearIncident = sqlite.prepare(`UPDATE alerts SET incident_id = NULL WHERE id = ?`);
  const event = sqlite.prepare(
    `INSERT INTO alert_events (alert_id, incident_id, at, kind, actor_id, data) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const byId = sqlite.prepare<[number], AlertRecord>(`SELECT ${COLUMNS} FROM alerts WHERE id = ?`);
  const activeTerminalIds = sqlite.prepare<[], { id: number }>(`SELECT DISTINCT terminal_id AS id FROM alerts WHERE status <> 'resolved'`);
  const dueForTick = sqlite.prepare<{ now: number }, AlertRecord>(
    `SELECT ${COLUMNS} FROM alerts
      WHERE status <> 'resolved'
        AND (status = 'pending' OR cleared_at IS NOT NULL
             OR (status = 'snoozed' AND snoozed_until <= @now)
             OR (status = 'verifying' AND verify_until <= @now)
             OR (status = 'open' AND severity = 'critical'))
      ORDER BY id`,
  );
  const st: AlertStatements = {
    sqlite,
    activeFor: (id) => activeFor.all(id),
    resolvedSince: (id, category, since) => resolvedSince.get(id, category, since),
    insert: (terminalId, category, state, findings, now) =>
      (insert.get({ ...pick(state), terminalId, category, findings, now }) as { id: number }).id,
    update: (id, state, now) => void update.run({ ...pick(state), id, now }),
    updateWithFindings: (id, state, findings, now) => void updateWithFindings.run({ ...pick(state), id, findings, now }),
    clearIncident: (id) => void clearIncident.run(id),
    event: (alertId, incidentId, e) => void event.run(alertId, incidentId, e.at, e.kind, e.actor, JSON.stringify(e.data)),
    byId: (id) => byId.get(id),
    activeTerminalIds: () => activeTerminalIds.all().map((r) => r.id),
    dueForTick: (now) => dueForTick.all({ now }),
  };
  cache.set(sqlite, st);
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
export function saveTransition(
  st: AlertStatements,
  alert: { id: number; incidentId: number | null },
  state: AlertState,
  events: TimelineEntry[],
  now: number,
  findings?: string,
): void {
  if (findings === undefined) st.update(alert.id, state, now);
  else st.updateWithFindings(alert.id, state, findings, now);
  for (const e of events) st.event(alert.id, alert.incidentId, e);
}
