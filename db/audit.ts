// The audit log: append-only, read through the caller's scope (entries of agents in their subtree).
import type { AuditAction } from "@/lib/domain/audit-actions";
import { subtreePattern, type Scope } from "@/lib/domain/scope";
import type { Db } from "./client";

export interface AuditInput {
  action: AuditAction;
  /** "type:id" (e.g. "user:12") or an object. */
  target: string | { type: string; id?: string | number | null };
  before?: unknown;
  after?: unknown;
  /** The agent the change belongs to; defaults to the caller's own agent. */
  agentId?: number;
  ip?: string;
}

/** A JSON snapshot column: null stays SQL NULL, anything else is stored as JSON text. */
function jsonOrNull(v: unknown): string | null {
  return v === undefined || v === null ? null : JSON.stringify(v);
}

function parseJson(v: unknown): unknown {
  return typeof v === "string" ? JSON.parse(v) : (v ?? null);
}

// The actor's e-mail is read in the same statement as the insert: one round trip per entry.
const INSERT_AUDIT = `INSERT INTO audit_log (at, user_id, actor, agent_id, action, target_type, target_id, before, after, ip)
  VALUES (@at, @userId, COALESCE((SELECT email FROM users WHERE id = @userId), @fallbackActor), @agentId, @action, @targetType, @targetId, @before, @after, @ip)
  RETURNING id`;

/**
 * Appends one entry. Call it inside the same transaction as the change it records, so the log
 * never claims a change that was rolled back. Returns the entry id.
 */
export async function recordAudit(db: Db, scope: Scope, entry: AuditInput, now: number): Promise<number> {
  const [targetType, targetId] =
    typeof entry.target === "string"
      ? splitTarget(entry.target)
      : [entry.target.type, entry.target.id === undefined || entry.target.id === null ? "" : String(entry.target.id)];
  const row = await db.get<{ id: number }>(INSERT_AUDIT, {
    at: now,
    userId: scope.userId,
    fallbackActor: scope.userId === null ? "system" : `user ${scope.userId}`,
    agentId: entry.agentId ?? scope.agentId,
    action: entry.action,
    targetType,
    targetId,
    before: jsonOrNull(entry.before),
    after: jsonOrNull(entry.after),
    ip: entry.ip ?? "",
  });
  return row!.id;
}

function splitTarget(target: string): [string, string] {
  const i = target.indexOf(":");
  return i < 0 ? [target, ""] : [target.slice(0, i), target.slice(i + 1)];
}

export interface AuditFilter {
  action?: string;
  /** Plain text matched inside the actor or the target id; wildcards are literal. */
  q?: string;
  from?: number; // epoch ms, inclusive
  to?: number; // epoch ms, exclusive
  limit?: number;
  offset?: number;
}

export interface AuditRow {
  id: number;
  at: number;
  actor: string;
  agentCode: string;
  action: string;
  targetType: string;
  targetId: string;
  before: unknown;
  after: unknown;
  ip: string;
}

/** `%`, `_` and `\` typed by a person are text, not patterns. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listAudit(db: Db, scope: Scope, f: AuditFilter = {}): Promise<{ rows: AuditRow[]; total: number }> {
  // Each condition is a fixed fragment; only parameters carry the caller's values.
  const where: string[] = ["a.path LIKE ?"];
  const params: unknown[] = [subtreePattern(scope)];
  if (f.action) {
    where.push("l.action = ?");
    params.push(f.action);
  }
  if (f.q) {
    const pattern = likeContains(f.q);
    // lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
    where.push(`(lower(l.actor) LIKE lower(?) ESCAPE '\\' OR lower(l.target_id) LIKE lower(?) ESCAPE '\\')`);
    params.push(pattern, pattern);
  }
  if (f.from !== undefined) {
    where.push("l.at >= ?");
    params.push(f.from);
  }
  if (f.to !== undefined) {
    where.push("l.at < ?");
    params.push(f.to);
  }
  const from = `FROM audit_log l JOIN agents a ON a.id = l.agent_id WHERE ${where.join(" AND ")}`;
  const rows = await db.all<AuditRow>(
    `SELECT l.id, l.at, l.actor, a.code AS "agentCode", l.action, l.target_type AS "targetType", l.target_id AS "targetId",
            l.before, l.after, l.ip
       ${from} ORDER BY l.at DESC, l.id DESC LIMIT ? OFFSET ?`,
    [...params, Math.min(f.limit ?? 50, 500), f.offset ?? 0],
  );
  const total = await db.get<{ n: number }>(`SELECT count(*) AS n ${from}`, params);
  return { rows: rows.map((r) => ({ ...r, before: parseJson(r.before), after: parseJson(r.after) })), total: Number(total?.n ?? 0) };
}
