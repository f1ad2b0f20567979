// The audit log: append-only, read through the caller's scope (entries of agents in their subtree).
import { and, desc, eq, gte, like, lt, sql, type SQL } from "drizzle-orm";
import type { AuditAction } from "@/lib/audit/actions";
import { subtreePattern, type Scope } from "@/lib/auth/scope";
import type { Db } from "./client";
import { agents } from "./schema";
import { auditLog, users } from "./schema-auth";

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

/**
 * Appends one entry. Call it inside the same transaction as the change it records, so the log
 * never claims a change that was rolled back. Returns the entry id.
 */
export function recordAudit(db: Db, scope: Scope, entry: AuditInput, now: number): number {
  const [targetType, targetId] =
    typeof entry.target === "string"
      ? splitTarget(entry.target)
      : [entry.target.type, entry.target.id === undefined || entry.target.id === null ? "" : String(entry.target.id)];
  const actor = scope.userId === null ? "system" : (db.select({ email: users.email }).from(users).where(eq(users.id, scope.userId)).get()?.email ?? `user ${scope.userId}`);
  return db
    .insert(auditLog)
    .values({
      at: now,
      userId: scope.userId,
      actor,
      agentId: entry.agentId ?? scope.agentId,
      action: entry.action,
      targetType,
      targetId,
      before: entry.before === undefined ? null : entry.before,
      after: entry.after === undefined ? null : entry.after,
      ip: entry.ip ?? "",
    })
    .returning({ id: auditLog.id })
    .get().id;
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

export function listAudit(db: Db, scope: Scope, f: AuditFilter = {}): { rows: AuditRow[]; total: number } {
  const where: SQL[] = [like(agents.path, subtreePattern(scope))];
  if (f.action) where.push(eq(auditLog.action, f.action));
  if (f.q) {
    const pattern = likeContains(f.q);
    where.push(sql`(${auditLog.actor} LIKE ${pattern} ESCAPE '\\' OR ${auditLog.targetId} LIKE ${pattern} ESCAPE '\\')`);
  }
  if (f.from !== undefined) where.push(gte(auditLog.at, f.from));
  if (f.to !== undefined) where.push(lt(auditLog.at, f.to));
  const cond = and(...where);
  const rows = db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actor: auditLog.actor,
      agentCode: agents.code,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      before: auditLog.before,
      after: auditLog.after,
      ip: auditLog.ip,
    })
    .from(auditLog)
    .innerJoin(agents, eq(agents.id, auditLog.agentId))
    .where(cond)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(Math.min(f.limit ?? 50, 500))
    .offset(f.offset ?? 0)
    .all();
  const total = db.select({ n: sql<number>`count(*)` }).from(auditLog).innerJoin(agents, eq(agents.id, auditLog.agentId)).where(cond).get()?.n ?? 0;
  return { rows, total };
}
