// One alert as its detail page shows it: the merchant to call, the diagnosis, the timeline with
// the names of the people who acted, and a terminal's alert history.
import { TXN_VALUE_DAYS } from "@/db/alerts-rollup";
import type { Db } from "@/db/client";
import type { AlertEventKind, AlertSeverity, AlertStatus, CallOutcome, IncidentKind, Resolution } from "@/lib/domain/alerts";
import { subtreePattern, type Scope } from "@/lib/domain/scope";
import type { ProblemCategory } from "@/lib/domain/enums";
import type { Finding } from "@/lib/domain/diagnosis";
import { DAY_MS, shanghaiDayStart } from "@/lib/domain/time";
import { prioritySql } from "./priority";
import { ALERT_FROM, findingsFor, MUTED_SQL, TXN7D_SQL, type AlertTerminalFields } from "./alerts-queue";


export interface TimelineItem {
  id: number;
  at: number;
  kind: AlertEventKind;
  actorId: number | null;
  /** The person's name; null when the system acted. */
  actorName: string | null;
  data: Record<string, unknown>;
}

export interface AlertDetail extends AlertTerminalFields {
  id: number;
  category: ProblemCategory;
  severity: AlertSeverity;
  status: AlertStatus;
  firstSeenAt: number;
  openedAt: number | null;
  acknowledgedAt: number | null;
  acknowledgedByName: string | null;
  assigneeId: number | null;
  assigneeName: string | null;
  snoozedUntil: number | null;
  verifyUntil: number | null;
  clearedAt: number | null;
  resolvedAt: number | null;
  resolvedByName: string | null;
  resolution: Resolution | null;
  reopenCount: number;
  lastCallOutcome: CallOutcome | null;
  incident: { id: number; kind: IncidentKind; status: string } | null;
  findings: Finding[];
  timeline: TimelineItem[];
}

type Row = Omit<AlertDetail, "findings" | "timeline" | "muted" | "incident"> & {
  muted: number;
  snapshot: string;
  current: string | null;
  incidentId: number | null;
  incidentKind: IncidentKind | null;
  incidentStatus: string | null;
};

export async function getAlertDetail(db: Db, scope: Scope, id: number, now: number): Promise<AlertDetail | undefined> {
  const row = await db.get<Row>(
    `SELECT a.id, a.category, a.severity, a.status, a.first_seen_at AS "firstSeenAt", a.opened_at AS "openedAt",
            a.acknowledged_at AS "acknowledgedAt", ack.name AS "acknowledgedByName", a.assignee_id AS "assigneeId", u.name AS "assigneeName",
            a.snoozed_until AS "snoozedUntil", a.verify_until AS "verifyUntil", a.cleared_at AS "clearedAt", a.resolved_at AS "resolvedAt",
            res.name AS "resolvedByName", a.resolution, a.reopen_count AS "reopenCount", a.last_call_outcome AS "lastCallOutcome",
            a.incident_id AS "incidentId", i.kind AS "incidentKind", i.status AS "incidentStatus",
            a.terminal_id AS "terminalId", s.status AS "terminalStatus", t.sn, t.model, t.carrier, m.name AS merchant,
            m.contact_name AS "contactName", m.phone, m.city, m.address, ag.name AS "agentName",
            ${TXN7D_SQL} AS txn7d, ${prioritySql(db, TXN7D_SQL)} AS priority, ${MUTED_SQL} AS muted, a.findings AS snapshot,
            (SELECT f.findings FROM terminal_findings f WHERE f.terminal_id = s.terminal_id) AS current
       FROM ${ALERT_FROM}
       LEFT JOIN users ack ON ack.id = a.acknowledged_by
       LEFT JOIN users res ON res.id = a.resolved_by
       LEFT JOIN incidents i ON i.id = a.incident_id
      WHERE a.id = @id AND ag.path LIKE @scope`,
    { id, scope: subtreePattern(scope), now, since: shanghaiDayStart(now) - (TXN_VALUE_DAYS - 1) * DAY_MS },
  );
  if (!row) return undefined;
  const { snapshot, current, incidentId, incidentKind, incidentStatus, ...rest } = row;
  return {
    ...rest,
    muted: row.muted === 1,
    incident: incidentId !== null && incidentKind !== null ? { id: incidentId, kind: incidentKind, status: incidentStatus ?? "open" } : null,
    findings: findingsFor(row.category, current, snapshot),
    timeline: await alertTimeline(db, id),
  };
}

export function alertTimeline(db: Db, alertId: number): Promise<TimelineItem[]> {
  return timelineRows(db, `e.alert_id = ?`, alertId);
}

export function incidentTimeline(db: Db, incidentId: number): Promise<TimelineItem[]> {
  return timelineRows(db, `e.incident_id = ? AND e.alert_id IS NULL`, incidentId);
}

async function timelineRows(db: Db, where: string, id: number): Promise<TimelineItem[]> {
  const rows = await db.all<Omit<TimelineItem, "data"> & { data: string }>(
    `SELECT e.id, e.at, e.kind, e.actor_id AS "actorId", u.name AS "actorName", e.data FROM alert_events e LEFT JOIN users u ON u.id = e.actor_id WHERE ${where} ORDER BY e.id`,
    [id],
  );
  return rows.map((r) => ({ ...r, data: JSON.parse(r.data) as Record<string, unknown> }));
}

export interface HistoryRow {
  id: number;
  category: ProblemCategory;
  severity: AlertSeverity;
  status: AlertStatus;
  firstSeenAt: number;
  resolvedAt: number | null;
  resolution: Resolution | null;
  reopenCount: number;
  events: number;
}

/** Every alert a terminal had, newest first; empty when the terminal is outside the scope. */
export function terminalAlertHistory(db: Db, scope: Scope, sn: string, limit = 50): Promise<HistoryRow[]> {
  return db.all<HistoryRow>(
    `SELECT a.id, a.category, a.severity, a.status, a.first_seen_at AS "firstSeenAt", a.resolved_at AS "resolvedAt", a.resolution,
            a.reopen_count AS "reopenCount", (SELECT count(*) FROM alert_events e WHERE e.alert_id = a.id) AS events
       FROM alerts a JOIN terminals t ON t.id = a.terminal_id JOIN agents ag ON ag.id = t.agent_id
      WHERE t.sn = ? AND ag.path LIKE ? ORDER BY a.first_seen_at DESC, a.id DESC LIMIT ?`,
    [sn, subtreePattern(scope), limit],
  );
}

/** Names of the people a timeline mentions (assignees), by user id. */
export async function userNames(db: Db, items: TimelineItem[]): Promise<Map<number, string>> {
  const ids = [...new Set(items.filter((e) => e.kind === "assigned" && typeof e.data.to === "number").map((e) => e.data.to as number))];
  if (ids.length === 0) return new Map();
  const rows = await db.all<{ id: number; name: string }>(`SELECT id, name FROM users WHERE id IN (${ids.map(() => "?").join(",")})`, ids);
  return new Map(rows.map((r) => [r.id, r.name]));
}
