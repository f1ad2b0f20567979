// Reads the alert verbs need: an alert inside the caller's scope, and who may be assigned.
import type { Scope } from "@/lib/domain/scope";
import { subtreePattern } from "@/lib/domain/scope";
import type { Role } from "@/lib/domain/enums";
import type { AlertRecord } from "./alert-writes";
import type { Db } from "./client";

export interface ScopedAlert extends AlertRecord {
  agentId: number;
  agentPath: string;
}

const COLUMNS = `a.id, a.terminal_id AS "terminalId", a.category, a.severity, a.status, a.first_seen_at AS "firstSeenAt",
  a.pending_since AS "pendingSince", a.opened_at AS "openedAt", a.acknowledged_at AS "acknowledgedAt", a.acknowledged_by AS "acknowledgedBy",
  a.assignee_id AS "assigneeId", a.snoozed_until AS "snoozedUntil", a.verify_until AS "verifyUntil", a.cleared_at AS "clearedAt",
  a.resolved_at AS "resolvedAt", a.resolved_by AS "resolvedBy", a.resolution, a.last_reminder_at AS "lastReminderAt",
  a.reopen_count AS "reopenCount", a.last_call_outcome AS "lastCallOutcome", a.last_call_at AS "lastCallAt", a.incident_id AS "incidentId",
  t.agent_id AS "agentId", ag.path AS "agentPath"`;

const IN_SCOPE = `SELECT ${COLUMNS} FROM alerts a JOIN terminals t ON t.id = a.terminal_id JOIN agents ag ON ag.id = t.agent_id WHERE a.id = ? AND ag.path LIKE ?`;
// PostgreSQL: the action writes what it read, so the alert row is locked (its terminal already is,
// see AlertStatements.lockTerminalsOf).
const IN_SCOPE_PG = `${IN_SCOPE} FOR UPDATE OF a`;

/** The alert when its terminal is in the caller's subtree; otherwise undefined, as if it did not exist. */
export function alertInScope(db: Db, scope: Scope, id: number): Promise<ScopedAlert | undefined> {
  return db.get<ScopedAlert>(db.dialect === "pg" ? IN_SCOPE_PG : IN_SCOPE, [id, subtreePattern(scope)]);
}

export interface Assignable {
  id: number;
  name: string;
  email: string;
  role: Role;
  agentPath: string;
}

/** An active user who may act on alerts (admin or manager). */
export function assignableUser(db: Db, userId: number): Promise<Assignable | undefined> {
  return db.get<Assignable>(
    `SELECT u.id, u.name, u.email, u.role, a.path AS "agentPath" FROM users u JOIN agents a ON a.id = u.agent_id
      WHERE u.id = ? AND u.deactivated_at IS NULL AND u.role IN ('admin', 'manager')`,
    [userId],
  );
}

/**
 * Colleagues the caller can hand alerts to: active admins and managers whose agent is the
 * caller's own, one above it (they see the caller's alerts) or one inside the caller's subtree.
 */
export function colleagues(db: Db, scope: Scope): Promise<Assignable[]> {
  return db.all<Assignable>(
    `SELECT u.id, u.name, u.email, u.role, a.path AS "agentPath" FROM users u JOIN agents a ON a.id = u.agent_id
      WHERE u.deactivated_at IS NULL AND u.role IN ('admin', 'manager') AND (a.path LIKE ? OR ? LIKE a.path || '%')
      ORDER BY u.name`,
    [subtreePattern(scope), scope.agentPath],
  );
}
