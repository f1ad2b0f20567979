// Labelled examples of the rules (db/schema-learning.ts): the sweep's cursor over the alert
// timeline, the alerts it touched with their timelines, the upserts, per-rule precision, and the
// reads behind the policy page's statistics and replays. Both backends.
import type { Db } from "./client";
import { readSettingValue, writeSetting } from "./settings";
import type { WindowRow } from "./ingest-store";
import type { AlertEventKind, AlertSeverity, AlertStatus, Resolution } from "@/lib/domain/alerts";
import type { ProblemCategory } from "@/lib/domain/enums";
import type { LabelReason, OutcomeLabel } from "@/lib/domain/learning";
import { subtreePattern, type Scope } from "@/lib/domain/scope";

const WINDOW_BEFORE = (errors: string) => `SELECT h.id, h.seq, h.received_at AS "receivedAt", h.device_ts AS "deviceTs", h.battery_pct AS "batteryPct",
            h.charging, h.firmware, h.signal_dbm AS "signalDbm", h.network, h.txn_count AS "txnCount", h.lat, h.lon,
            (SELECT ${errors} FROM heartbeat_errors e WHERE e.heartbeat_id = h.id) AS errors
       FROM heartbeats h WHERE h.terminal_id = ? AND h.received_at > ? AND h.received_at <= ? ORDER BY h.seq DESC LIMIT ?`;

/**
 * A terminal's stored beats received in (from, at], newest first, as ingest reads a window: what
 * the rules saw when an alert was raised at `at` (empty once retention has pruned them).
 */
export function readWindowBefore(db: Db, terminalId: number, from: number, at: number, limit: number): Promise<WindowRow[]> {
  return db.all<WindowRow>(WINDOW_BEFORE(db.dialect === "pg" ? "CAST(json_object_agg(e.code, e.count) AS text)" : "json_group_object(e.code, e.count)"), [terminalId, from, at, limit]);
}

const CURSOR_KEY = "rule_outcomes_cursor";
/** Timeline entries that can change an alert's label. */
export const LABEL_EVENT_KINDS = ["opened", "call_logged", "fix_not_confirmed", "reopened", "resolved", "cleared", "returned"] as const satisfies readonly AlertEventKind[];
const KINDS_SQL = LABEL_EVENT_KINDS.map((k) => `'${k}'`).join(", ");

export async function readCursor(db: Db): Promise<number> {
  return Number(await readSettingValue(db, CURSOR_KEY)) || 0;
}

export async function writeCursor(db: Db, eventId: number, now: number): Promise<void> {
  await writeSetting(db, CURSOR_KEY, eventId, now);
}

/** Alert ids with label-relevant timeline entries after `cursor`, and the last entry id read (at most `limit` entries). */
export async function touchedAlerts(db: Db, cursor: number, limit: number): Promise<{ alertIds: number[]; lastEventId: number; read: number }> {
  const rows = await db.all<{ id: number; alertId: number | null; kind: string }>(
    `SELECT id, alert_id AS "alertId", kind FROM alert_events WHERE id > ? ORDER BY id LIMIT ?`,
    [cursor, limit],
  );
  const ids = new Set<number>();
  for (const r of rows) if (r.alertId !== null && (LABEL_EVENT_KINDS as readonly string[]).includes(r.kind)) ids.add(Number(r.alertId));
  return { alertIds: [...ids].sort((a, b) => a - b), lastEventId: rows.length ? Number(rows[rows.length - 1]!.id) : cursor, read: rows.length };
}

/** Open alerts still labelled unknown, least recently labelled first: their label may settle with time alone. */
export async function unsettledAlerts(db: Db, limit: number): Promise<number[]> {
  const rows = await db.all<{ id: number }>(
    `SELECT a.id FROM rule_outcomes o JOIN alerts a ON a.id = o.alert_id
      WHERE o.label = 'unknown' AND a.status <> 'resolved' ORDER BY o.labelled_at, o.alert_id LIMIT ?`,
    [limit],
  );
  return rows.map((r) => Number(r.id));
}

export interface AlertForLabel {
  id: number;
  terminalId: number;
  category: ProblemCategory;
  severity: AlertSeverity;
  status: AlertStatus;
  resolution: Resolution | null;
  createdAt: number;
  clearedAt: number | null;
  resolvedAt: number | null;
  findings: string; // JSON Finding[]
  events: { kind: AlertEventKind; at: number; data: Record<string, unknown> }[];
}

/** The alerts with their label-relevant timelines, oldest entry first. */
export async function alertsForLabel(db: Db, ids: readonly number[]): Promise<AlertForLabel[]> {
  if (ids.length === 0) return [];
  const list = ids.map(Number).filter(Number.isSafeInteger).join(", ");
  const alerts = await db.all<Omit<AlertForLabel, "events">>(
    `SELECT id, terminal_id AS "terminalId", category, severity, status, resolution, created_at AS "createdAt",
            cleared_at AS "clearedAt", resolved_at AS "resolvedAt", findings
       FROM alerts WHERE id IN (${list}) ORDER BY id`,
  );
  const events = await db.all<{ alertId: number; kind: AlertEventKind; at: number; data: string }>(
    `SELECT alert_id AS "alertId", kind, at, data FROM alert_events WHERE alert_id IN (${list}) AND kind IN (${KINDS_SQL}) ORDER BY alert_id, id`,
  );
  const byAlert = new Map<number, AlertForLabel["events"]>();
  for (const e of events) {
    const k = Number(e.alertId);
    const parsed = typeof e.data === "string" ? (JSON.parse(e.data) as Record<string, unknown>) : (e.data as Record<string, unknown>);
    byAlert.set(k, [...(byAlert.get(k) ?? []), { kind: e.kind, at: Number(e.at), data: parsed }]);
  }
  return alerts.map((a) => ({
    ...a,
    id: Number(a.id),
    terminalId: Number(a.terminalId),
    createdAt: Number(a.createdAt),
    clearedAt: a.clearedAt === null ? null : Number(a.clearedAt),
    resolvedAt: a.resolvedAt === null ? null : Number(a.resolvedAt),
    events: byAlert.get(Number(a.id)) ?? [],
  }));
}

export interface OutcomeRow {
  alertId: number;
  terminalId: number;
  category: ProblemCategory;
  ruleId: string;
  code: string;
  severity: AlertSeverity;
  raisedAt: number;
  label: OutcomeLabel;
  reason: LabelReason;
  fixedAt: number | null;
}

export async function upsertOutcome(db: Db, o: OutcomeRow, now: number): Promise<void> {
  await db.run(
    `INSERT INTO rule_outcomes (alert_id, terminal_id, category, rule_id, code, severity, raised_at, label, reason, fixed_at, labelled_at)
     VALUES (@alertId, @terminalId, @category, @ruleId, @code, @severity, @raisedAt, @label, @reason, @fixedAt, @now)
     ON CONFLICT (alert_id) DO UPDATE SET rule_id = excluded.rule_id, code = excluded.code, severity = excluded.severity,
        label = excluded.label, reason = excluded.reason, fixed_at = excluded.fixed_at, labelled_at = excluded.labelled_at`,
    { ...o, now },
  );
}

/** Labelled counts per rule over alerts raised since `since` (every terminal: the policy is network-wide). */
export async function precisionCounts(db: Db, since: number): Promise<{ ruleId: string; confirmed: number; falseAlarms: number }[]> {
  const rows = await db.all<{ ruleId: string; confirmed: number; falseAlarms: number }>(
    `SELECT rule_id AS "ruleId", sum(CASE WHEN label = 'confirmed' THEN 1 ELSE 0 END) AS confirmed,
            sum(CASE WHEN label = 'false_alarm' THEN 1 ELSE 0 END) AS "falseAlarms"
       FROM rule_outcomes WHERE raised_at > ? GROUP BY rule_id ORDER BY rule_id`,
    [since],
  );
  return rows.map((r) => ({ ruleId: r.ruleId, confirmed: Number(r.confirmed), falseAlarms: Number(r.falseAlarms) }));
}

/** Replaces every rule's precision row (one small table, rewritten whole). */
export async function replacePrecision(db: Db, rows: readonly { ruleId: string; confirmed: number; falseAlarms: number; factor: number }[], now: number): Promise<void> {
  await db.run(`DELETE FROM rule_precision`);
  for (const r of rows) {
    await db.run(`INSERT INTO rule_precision (rule_id, confirmed, false_alarms, factor_permille, updated_at) VALUES (?, ?, ?, ?, ?)`, [
      r.ruleId,
      r.confirmed,
      r.falseAlarms,
      Math.round(r.factor * 1000),
      now,
    ]);
  }
}

/** The leading finding's rule of alert `a`, in the store's dialect (findings are JSON text on both). */
export function alertRuleIdSql(db: Pick<Db, "dialect">, alias = "a"): string {
  return db.dialect === "pg" ? `(CAST(${alias}.findings AS json) -> 0 ->> 'ruleId')` : `json_extract(${alias}.findings, '$[0].ruleId')`;
}

/** The queue rank's precision factor of alert `a`: 1 when its rule has no precision row. */
export function precisionFactorSql(db: Pick<Db, "dialect">, alias = "a"): string {
  return `coalesce((SELECT rp.factor_permille FROM rule_precision rp WHERE rp.rule_id = ${alertRuleIdSql(db, alias)}) / 1000.0, 1.0)`;
}

/** An example as the statistics and replays read it: with when its alert ended (resolved), if it has. */
export interface ListedOutcome extends OutcomeRow {
  endedAt: number | null;
}

/** Examples raised in (since, until] in the scope's subtree, newest first, for the statistics and replays. */
export async function listOutcomes(db: Db, scope: Scope, since: number, until: number): Promise<ListedOutcome[]> {
  const rows = await db.all<ListedOutcome>(
    `SELECT o.alert_id AS "alertId", o.terminal_id AS "terminalId", o.category, o.rule_id AS "ruleId", o.code, o.severity,
            o.raised_at AS "raisedAt", o.label, o.reason, o.fixed_at AS "fixedAt", a.resolved_at AS "endedAt"
       FROM rule_outcomes o JOIN terminals t ON t.id = o.terminal_id JOIN agents ag ON ag.id = t.agent_id
       LEFT JOIN alerts a ON a.id = o.alert_id
      WHERE ag.path LIKE ? AND o.raised_at > ? AND o.raised_at <= ? ORDER BY o.raised_at DESC, o.alert_id DESC`,
    [subtreePattern(scope), since, until],
  );
  const num = (v: number | null) => (v === null ? null : Number(v));
  return rows.map((r) => ({ ...r, alertId: Number(r.alertId), terminalId: Number(r.terminalId), raisedAt: Number(r.raisedAt), fixedAt: num(r.fixedAt), endedAt: num(r.endedAt) }));
}

/** Open or acknowledged alerts in the scope, opened at or before `openedBefore`, with no call yet (oldest first). */
export async function alertsAwaitingCall(db: Db, scope: Scope, openedBefore: number, limit: number): Promise<{ id: number; sn: string; category: ProblemCategory }[]> {
  const rows = await db.all<{ id: number; sn: string; category: ProblemCategory }>(
    `SELECT a.id, t.sn, a.category FROM alerts a JOIN terminals t ON t.id = a.terminal_id JOIN agents ag ON ag.id = t.agent_id
      WHERE ag.path LIKE ? AND a.status IN ('open', 'acknowledged') AND a.last_call_at IS NULL AND a.opened_at <= ?
      ORDER BY a.opened_at, a.id LIMIT ?`,
    [subtreePattern(scope), openedBefore, limit],
  );
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}
