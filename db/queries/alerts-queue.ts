// The call queue: open and acknowledged alerts in the caller's scope, outside open incidents,
// ranked by priority (lib/alerts/priority.ts), with the merchant to call and the fix script.
import { z } from "zod";
import { shanghaiDay, TXN_VALUE_DAYS } from "@/db/alerts-rollup";
import type { Db } from "@/db/client";
import { idIn, idList, likeNoCase } from "@/db/dialect";
import { ALERT_SEVERITIES, type AlertSeverity, type AlertStatus, type CallOutcome } from "@/lib/domain/alerts";
import { subtreeCounters } from "@/db/counters";
import { cappedCount } from "./count";
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
  /** Alerts matching the filters; at least this many (QUEUE_COUNT_CAP) when totalExact is false. */
  total: number;
  totalExact: boolean;
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
/** The same without the merchant, when no filter reads it (the merchant's value is found by t.merchant_id). */
const ALERT_RANK_FROM_NO_MERCHANT = `alerts a
  JOIN terminals t ON t.id = a.terminal_id
  JOIN agents ag ON ag.id = t.agent_id`;

/** TXN7D_SQL by the terminal's merchant id, for reads that do not join the merchant. */
const TXN7D_BY_TERMINAL_SQL = `(SELECT coalesce(sum(d.txn_count), 0) FROM merchant_txn_daily d WHERE d.merchant_id = t.merchant_id AND d.day_start >= @since)`;

/** Most alerts the queue's total counts one by one; beyond it the page says "more than 1,000". */
export const QUEUE_COUNT_CAP = 1_000;
/** Candidates read beyond a page's last row, so ranks that moved since the sweep still land on the right page. */
const RERANK_MARGIN = QUEUE_PAGE_SIZE;

type WideRow = Omit<QueueItem, "findings" | "muted"> & { muted: number; snapshot: string; current: string | null };

/** The queue's WHERE (scope, open or acknowledged, outside open incidents, the filters) and the cheapest FROM for it. */
function queueWhere(db: Db, scope: Scope, p: QueueParams, now: number): { from: string; cond: string; params: Record<string, unknown> } {
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
  return { from: p.city || p.q ? ALERT_RANK_FROM : ALERT_RANK_FROM_NO_MERCHANT, cond: where.join(" AND "), params };
}

/**
 * The FROM that reads alerts through alerts_queue_rank_idx. Without statistics SQLite prefers the
 * status index and sorts every open alert; the rank index is what makes a page's cost independent
 * of their number. PostgreSQL plans from its statistics.
 */
function rankWalk(db: Db, from: string): string {
  return db.dialect === "pg" ? from : from.replace(/^alerts a\b/, "alerts a INDEXED BY alerts_queue_rank_idx");
}

/** The alerts of a page's candidates that carry a stored rank, highest first: a walk of alerts_queue_rank_idx (plan tests read it). */
export function storedRankStatement(db: Db, scope: Scope, p: QueueParams, now: number): { sql: string; params: Record<string, unknown> } {
  const { from, cond, params } = queueWhere(db, scope, p, now);
  const walk = rankWalk(db, from);
  return {
    sql: `SELECT a.id AS id, a.queue_rank AS rank FROM ${walk} WHERE ${cond} AND a.queue_rank >= 0 ORDER BY a.queue_rank DESC${db.dialect === "pg" ? " NULLS LAST" : ""}, a.id LIMIT @want`,
    params: { ...params, want: (p.page - 1) * QUEUE_PAGE_SIZE + QUEUE_PAGE_SIZE + RERANK_MARGIN },
  };
}

/**
 * One page of the queue, highest priority first. The order comes from the rank the sweep stored
 * (alerts_queue_rank_idx, walked from the top: the first page reads a few dozen index entries
 * whatever the number of open alerts), merged with the alerts changed since that sweep, which are
 * ranked live; the page's candidates are then ordered by their priority at `now`, the number the
 * page shows. See docs/alerts.md, "The call queue".
 */
export async function listQueue(db: Db, scope: Scope, p: QueueParams, now: number, opts: { countCap?: number } = {}): Promise<QueuePage> {
  const { from, cond, params } = queueWhere(db, scope, p, now);
  // Counted the way the page reads: ranked alerts through the rank index, then the few changed since the sweep.
  const cap = opts.countCap ?? QUEUE_COUNT_CAP;
  const walk = rankWalk(db, from);
  const ranked = await cappedCount(db, walk, { sql: `${cond} AND a.queue_rank >= 0`, params }, cap);
  const unranked = await cappedCount(db, from, { sql: `${cond} AND a.queue_rank IS NULL`, params }, cap);
  const total = ranked.n + unranked.n > cap || !ranked.exact || !unranked.exact ? { n: cap, exact: false } : { n: ranked.n + unranked.n, exact: true };
  const offset = (p.page - 1) * QUEUE_PAGE_SIZE;
  const st = storedRankStatement(db, scope, p, now);
  const want = st.params;
  const stored = await db.all<{ id: number; rank: number }>(st.sql, want);
  const changed = await db.all<{ id: number; rank: number }>(
    `SELECT a.id AS id, ${prioritySql(db, TXN7D_BY_TERMINAL_SQL)} AS rank FROM ${from} WHERE ${cond} AND a.queue_rank IS NULL ORDER BY 2 DESC, a.id LIMIT @want`,
    want,
  );
  const byRank = (x: { id: number; rank: number }, y: { id: number; rank: number }) => Number(y.rank) - Number(x.rank) || Number(x.id) - Number(y.id);
  const candidates = [...stored, ...changed].sort(byRank).slice(0, Number(want.want)).map((r) => Number(r.id));
  // Their priority now (the rank times moved on since the sweep), which orders and labels the page.
  const live = candidates.length === 0 ? [] : await db.all<{ id: number; rank: number }>(
    `SELECT a.id AS id, ${prioritySql(db, TXN7D_BY_TERMINAL_SQL)} AS rank FROM alerts a JOIN terminals t ON t.id = a.terminal_id WHERE ${idIn(db, "a.id")}`,
    { now, since: params.since, ids: idList(db, candidates) },
  );
  const ids = live.sort(byRank).slice(offset, offset + QUEUE_PAGE_SIZE).map((r) => Number(r.id));
  const byId = new Map<number, WideRow>();
  if (ids.length > 0) {
    const wide = await db.all<WideRow>(
      `SELECT a.id, a.category, a.severity, a.status, a.opened_at AS "openedAt", a.acknowledged_at AS "acknowledgedAt",
              a.assignee_id AS "assigneeId", u.name AS "assigneeName", a.last_call_outcome AS "lastCallOutcome", a.last_call_at AS "lastCallAt",
              a.reopen_count AS "reopenCount", a.terminal_id AS "terminalId", s.status AS "terminalStatus", t.sn, t.model, t.carrier,
              m.name AS merchant, m.contact_name AS "contactName", m.phone, m.city, m.address, ag.name AS "agentName",
              ${TXN7D_SQL} AS txn7d, ${prioritySql(db, TXN7D_SQL)} AS priority, ${MUTED_SQL} AS muted,
              a.findings AS snapshot, (SELECT f.findings FROM terminal_findings f WHERE f.terminal_id = s.terminal_id) AS current
         FROM ${ALERT_FROM} WHERE ${idIn(db, "a.id")} AND ag.path LIKE @scope`,
      { scope: params.scope, now: params.now, since: params.since, ids: idList(db, ids) },
    );
    for (const r of wide) byId.set(Number(r.id), r);
  }
  const rows = ids.map((id) => byId.get(id)).filter((r) => r !== undefined);
  return {
    items: rows.map(({ snapshot, current, ...r }) => ({ ...r, muted: r.muted === 1, findings: findingsFor(r.category, current, snapshot) })),
    total: total.n,
    totalExact: total.exact,
    page: p.page,
    pages: Math.max(1, Math.ceil(total.n / QUEUE_PAGE_SIZE)),
  };
}

/** Current evidence beats the snapshot taken when the alert last worsened. */
export function findingsFor(category: ProblemCategory, current: string | null, snapshot: string): Finding[] {
  const now = (JSON.parse(current ?? "[]") as Finding[]).filter((f) => f.category === category);
  return now.length ? now : (JSON.parse(snapshot) as Finding[]);
}

/**
 * Values for the queue's filters within the scope: the cities where a terminal has a problem now
 * (from the fleet counters: a DISTINCT over the open alerts' merchants cost 40 ms a view at 85,000
 * open alerts) and the agents.
 */
export async function queueFilterOptions(db: Db, scope: Scope): Promise<{ cities: string[]; agents: { id: number; name: string; depth: number }[] }> {
  const pattern = subtreePattern(scope);
  const cities = (await subtreeCounters(db, scope.agentPath, ["city"]))
    .filter((r) => Number(r.problems) > 0 && r.k1 !== "")
    .map((r) => r.k1)
    .sort();
  const agents = (await db.all<{ id: number; name: string; path: string }>(`SELECT id, name, path FROM agents WHERE path LIKE ? ORDER BY path`, [pattern])).map((a) => ({
    id: a.id,
    name: a.name,
    depth: a.path.split("/").length - scope.agentPath.split("/").length,
  }));
  return { cities, agents };
}
