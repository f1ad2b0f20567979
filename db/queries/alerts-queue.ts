// The call queue: open and acknowledged alerts in the caller's scope, outside open incidents,
// ranked by priority (lib/alerts/priority.ts), with the merchant to call and the fix script.
import { z } from "zod";
import { shanghaiDay, TXN_VALUE_DAYS } from "@/db/alerts-rollup";
import type { Db } from "@/db/client";
import { likeNoCase } from "@/db/dialect";
import { ALERT_SEVERITIES, type AlertSeverity, type AlertStatus, type CallOutcome } from "@/lib/domain/alerts";
import { prioritySql } from "./priority";
import { subtreePattern, type Scope } from "@/lib/domain/scope";
import { PROBLEM_CATEGORIES, type ProblemCategory } from "@/lib/domain/enums";
import type { Finding } from "@/lib/domain/diagnosis";
import { DAY_MS } from "@/lib/domain/time";

export const QUEUE_PAGE_SIZE = 20;

export const queueParamsSchema = z.object({
  category: z.enum(PROBLEM_CATEGORIES).optional(),
  severity: z.enum(ALERT_SEVERITIES).optional(),
  status: z.enum(["open", "acknowledged"]).optional(),
  agent: z.coerce.number().int().positive().optional(),
  city: z.string().trim().min(1).max(50).optional(),
  assignee: z.union([z.enum(["me", "none"]), z.coerce.number().int().positive()]).optional(),
  q: z.string().trim().min(1).max(64).optional(),
  page: z.coerce.number().int().min(1).max(1000).default(1),
});
export type QueueParams = z.infer<typeof queueParamsSchema>;

/** What the queue and the alert page show of an alert's terminal, merchant and ranking. */
export interface AlertTerminalFields {
  terminalId: number;
  terminalStatus: "online" | "offline" | null;
  sn: string;
  model: string;
  carrier: string;
  merchant: string;
  contactName: string;
  phone: string;
  city: string;
  address: string;
  agentName: string;
  txn7d: number;
  priority: number;
  muted: boolean;
}

export interface QueueItem extends AlertTerminalFields {
  id: number;
  category: ProblemCategory;
  severity: AlertSeverity;
  status: AlertStatus;
  openedAt: number;
  acknowledgedAt: number | null;
  assigneeId: number | null;
  assigneeName: string | null;
  lastCallOutcome: CallOutcome | null;
  lastCallAt: number | null;
  reopenCount: number;
  /** The terminal's current findings of this category, or the alert's snapshot when it is healthy now. */
  findings: Finding[];
}

export interface QueuePage {
  items: QueueItem[];
  total: number;
  page: number;
  pages: number;
}

export const TXN7D_SQL = `(SELECT coalesce(sum(d.txn_count), 0) FROM merchant_txn_daily d WHERE d.merchant_id = m.id AND d.day_start >= @since)`;

/** 1 when an active maintenance window covers the alert `a`, else 0. */
export const MUTED_SQL = `CASE WHEN EXISTS (SELECT 1 FROM silences si JOIN agents sa ON sa.id = si.agent_id
  WHERE si.starts_at <= @now AND si.ends_at > @now AND ag.path LIKE sa.path || '%'
    AND (si.city IS NULL OR si.city = m.city) AND (si.category IS NULL OR si.category = a.category)) THEN 1 ELSE 0 END`;

export const ALERT_FROM = `alerts a
  JOIN terminals t ON t.id = a.terminal_id
  JOIN merchants m ON m.id = t.merchant_id
  JOIN agents ag ON ag.id = t.agent_id
  LEFT JOIN terminal_state s ON s.terminal_id = a.terminal_id
  LEFT JOIN users u ON u.id = a.assignee_id`;

/** The joins the queue's filters and rank read: no state, no assignee (those only fill the rows shown). */
const ALERT_RANK_FROM = `alerts a
  JOIN terminals t ON t.id = a.terminal_id
  JOIN merchants m ON m.id = t.merchant_id
  JOIN agents ag ON ag.id = t.agent_id`;

export async function listQueue(db: Db, scope: Scope, p: QueueParams, now: number): Promise<QueuePage> {
  const where = [
    "ag.path LIKE @scope",
    "a.status IN ('open', 'acknowledged')",
    "(a.incident_id IS NULL OR NOT EXISTS (SELECT 1 FROM incidents i WHERE i.id = a.incident_id AND i.status = 'open'))",
  ];
  const params: Record<string, unknown> = { scope: subtreePattern(scope), now, since: shanghaiDay(now) - (TXN_VALUE_DAYS - 1) * DAY_MS };
  const add = (clause: string, name: string, value: unknown) => {
    where.push(clause);
    params[name] = value;
  };
  if (p.category) add("a.category = @category", "category", p.category);
  if (p.severity) add("a.severity = @severity", "severity", p.severity);
  if (p.status) add("a.status = @status", "status", p.status);
  if (p.city) add("m.city = @city", "city", p.city);
  if (p.agent) add("ag.path LIKE (SELECT path FROM agents WHERE id = @agent) || '%'", "agent", p.agent);
  if (p.assignee === "none") where.push("a.assignee_id IS NULL");
  else if (p.assignee !== undefined) add("a.assignee_id = @assignee", "assignee", p.assignee === "me" ? (scope.userId ?? -1) : p.assignee);
  const like = likeNoCase(db);
  if (p.q) add(`(t.sn ${like} @q ESCAPE '\\' OR m.name ${like} @q ESCAPE '\\' OR m.phone ${like} @q ESCAPE '\\')`, "q", `%${p.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const cond = where.join(" AND ");
  const total = Number((await db.get<{ n: number }>(`SELECT count(*) AS n FROM ${ALERT_RANK_FROM} WHERE ${cond}`, params))!.n);
  // The rank depends on the time, so no index holds it: every open alert of the scope is ranked.
  // That sort runs on narrow rows (id and rank); the wide ones (merchant, findings JSON, mute
  // check) are read for the page's 20 ids only.
  const ranked = await db.all<{ id: number }>(
    `SELECT a.id AS id FROM ${ALERT_RANK_FROM} WHERE ${cond} ORDER BY ${prioritySql(db, TXN7D_SQL)} DESC, a.id LIMIT @limit OFFSET @offset`,
    { ...params, limit: QUEUE_PAGE_SIZE, offset: (p.page - 1) * QUEUE_PAGE_SIZE },
  );
  const ids = ranked.map((r) => Number(r.id));
  const byId = new Map<number, Omit<QueueItem, "findings" | "muted"> & { muted: number; snapshot: string; current: string | null }>();
  if (ids.length > 0) {
    const idParams = Object.fromEntries(ids.map((id, i) => [`id${i}`, id]));
    const wide = await db.all<Omit<QueueItem, "findings" | "muted"> & { muted: number; snapshot: string; current: string | null }>(
      `SELECT a.id, a.category, a.severity, a.status, a.opened_at AS "openedAt", a.acknowledged_at AS "acknowledgedAt",
              a.assignee_id AS "assigneeId", u.name AS "assigneeName", a.last_call_outcome AS "lastCallOutcome", a.last_call_at AS "lastCallAt",
              a.reopen_count AS "reopenCount", a.terminal_id AS "terminalId", s.status AS "terminalStatus", t.sn, t.model, t.carrier,
              m.name AS merchant, m.contact_name AS "contactName", m.phone, m.city, m.address, ag.name AS "agentName",
              ${TXN7D_SQL} AS txn7d, ${prioritySql(db, TXN7D_SQL)} AS priority, ${MUTED_SQL} AS muted,
              a.findings AS snapshot, (SELECT f.findings FROM terminal_findings f WHERE f.terminal_id = s.terminal_id) AS current
         FROM ${ALERT_FROM} WHERE a.id IN (${ids.map((_, i) => `@id${i}`).join(", ")}) AND ag.path LIKE @scope`,
      { scope: params.scope, now: params.now, since: params.since, ...idParams },
    );
    for (const r of wide) byId.set(Number(r.id), r);
  }
  const rows = ids.map((id) => byId.get(id)).filter((r) => r !== undefined);
  return {
    items: rows.map(({ snapshot, current, ...r }) => ({ ...r, muted: r.muted === 1, findings: findingsFor(r.category, current, snapshot) })),
    total,
    page: p.page,
    pages: Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE)),
  };
}

/** Current evidence beats the snapshot taken when the alert last worsened. */
export function findingsFor(category: ProblemCategory, current: string | null, snapshot: string): Finding[] {
  const now = (JSON.parse(current ?? "[]") as Finding[]).filter((f) => f.category === category);
  return now.length ? now : (JSON.parse(snapshot) as Finding[]);
}

/** Values for the queue's filters within the scope: cities and agents that have alerts. */
export async function queueFilterOptions(db: Db, scope: Scope): Promise<{ cities: string[]; agents: { id: number; name: string; depth: number }[] }> {
  const pattern = subtreePattern(scope);
  const cities = (
    await db.all<{ city: string }>(
      `SELECT DISTINCT m.city FROM alerts a JOIN terminals t ON t.id = a.terminal_id JOIN merchants m ON m.id = t.merchant_id JOIN agents ag ON ag.id = t.agent_id WHERE ag.path LIKE ? AND a.status <> 'resolved' AND m.city <> '' ORDER BY m.city`,
      [pattern],
    )
  ).map((r) => r.city);
  const agents = (await db.all<{ id: number; name: string; path: string }>(`SELECT id, name, path FROM agents WHERE path LIKE ? ORDER BY path`, [pattern])).map((a) => ({
    id: a.id,
    name: a.name,
    depth: a.path.split("/").length - scope.agentPath.split("/").length,
  }));
  return { cities, agents };
}
