// Users and the agents they belong to, always read through the caller's scope where it matters.
import type { Scope } from "@/lib/domain/scope";
import { subtreePattern } from "@/lib/domain/scope";
import type { Role } from "@/lib/domain/enums";
import type { Db } from "../client";
import type { User } from "../schema-auth";

/** A user with the agent that gives their scope. */
export interface UserRow {
  id: number;
  email: string;
  name: string;
  role: Role;
  agentId: number;
  agentCode: string;
  agentName: string;
  agentPath: string;
  mustChangePassword: boolean;
  deactivatedAt: number | null;
  createdAt: number;
}

/** must_change_password is an integer 0/1 column; callers see a boolean. */
function withFlag<T extends { mustChangePassword: unknown }>(r: T | undefined): (Omit<T, "mustChangePassword"> & { mustChangePassword: boolean }) | undefined {
  return r ? { ...r, mustChangePassword: Boolean(r.mustChangePassword) } : undefined;
}

const USER_RECORD = `u.id, u.email, u.name, u.password_hash AS "passwordHash", u.role, u.agent_id AS "agentId",
                     u.must_change_password AS "mustChangePassword", u.deactivated_at AS "deactivatedAt",
                     u.password_changed_at AS "passwordChangedAt", u.created_at AS "createdAt", u.updated_at AS "updatedAt"`;

const USER_ROW = `SELECT u.id, u.email, u.name, u.role, u.agent_id AS "agentId", a.code AS "agentCode", a.name AS "agentName",
                         a.path AS "agentPath", u.must_change_password AS "mustChangePassword", u.deactivated_at AS "deactivatedAt",
                         u.created_at AS "createdAt"
                    FROM users u JOIN agents a ON a.id = u.agent_id`;

export async function findUserByEmail(db: Db, email: string): Promise<(User & { agentPath: string }) | undefined> {
  return withFlag(await db.get<User & { agentPath: string }>(`SELECT ${USER_RECORD}, a.path AS "agentPath" FROM users u JOIN agents a ON a.id = u.agent_id WHERE u.email = ?`, [email]));
}

export async function findUserRecord(db: Db, id: number): Promise<User | undefined> {
  return withFlag(await db.get<User>(`SELECT ${USER_RECORD} FROM users u WHERE u.id = ?`, [id]));
}

/** One user, or undefined when they do not exist or sit outside the scope (the caller answers 404). */
export async function getUserInScope(db: Db, scope: Scope, id: number): Promise<UserRow | undefined> {
  return withFlag(await db.get<UserRow>(`${USER_ROW} WHERE u.id = ? AND a.path LIKE ?`, [id, subtreePattern(scope)]));
}

export async function listUsersInScope(db: Db, scope: Scope): Promise<UserRow[]> {
  const rows = await db.all<UserRow>(`${USER_ROW} WHERE a.path LIKE ? ORDER BY a.path, u.email`, [subtreePattern(scope)]);
  return rows.map((r) => withFlag(r)!);
}

export interface NewUserRow {
  email: string;
  name: string;
  passwordHash: string;
  role: Role;
  agentId: number;
  mustChangePassword: boolean;
}

export async function insertUser(db: Db, u: NewUserRow, now: number): Promise<number> {
  const row = await db.get<{ id: number }>(
    `INSERT INTO users (email, name, password_hash, role, agent_id, must_change_password, password_changed_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    [u.email, u.name, u.passwordHash, u.role, u.agentId, u.mustChangePassword ? 1 : 0, now, now, now],
  );
  return row!.id;
}

type UserPatch = Partial<Pick<User, "name" | "role" | "agentId" | "deactivatedAt" | "mustChangePassword">>;

// The columns a patch may set: fixed names, so the statement text never holds caller input.
const PATCH_COLUMNS: Record<keyof UserPatch, string> = {
  name: "name",
  role: "role",
  agentId: "agent_id",
  deactivatedAt: "deactivated_at",
  mustChangePassword: "must_change_password",
};

export async function updateUserRow(db: Db, id: number, patch: UserPatch, now: number): Promise<void> {
  const sets: string[] = [];
  const params: unknown[] = [];
  for (const key of Object.keys(PATCH_COLUMNS) as (keyof UserPatch)[]) {
    if (!(key in patch) || patch[key] === undefined) continue;
    sets.push(`${PATCH_COLUMNS[key]} = ?`);
    params.push(key === "mustChangePassword" ? (patch[key] ? 1 : 0) : patch[key]);
  }
  sets.push("updated_at = ?");
  params.push(now, id);
  await db.run(`UPDATE users SET ${sets.join(", ")} WHERE id = ?`, params);
}

export async function setPasswordHash(db: Db, id: number, passwordHash: string, mustChangePassword: boolean, now: number): Promise<void> {
  await db.run(`UPDATE users SET password_hash = ?, must_change_password = ?, password_changed_at = ?, updated_at = ? WHERE id = ?`, [
    passwordHash,
    mustChangePassword ? 1 : 0,
    now,
    now,
    id,
  ]);
}

export interface AgentRef {
  id: number;
  code: string;
  name: string;
  path: string;
  parentId: number | null;
}

const AGENT_REF = `SELECT id, code, name, path, parent_id AS "parentId" FROM agents`;

/** An agent by id or code, only when it lies in the scope's subtree. */
export async function findAgentInScope(db: Db, scope: Scope, idOrCode: string | number): Promise<AgentRef | undefined> {
  const key = String(idOrCode).trim();
  const id = /^\d+$/.test(key) ? Number(key) : -1;
  return db.get<AgentRef>(`${AGENT_REF} WHERE (id = ? OR code = ?) AND path LIKE ?`, [id, key, subtreePattern(scope)]);
}

export async function listAgentsInScope(db: Db, scope: Scope): Promise<AgentRef[]> {
  return db.all<AgentRef>(`${AGENT_REF} WHERE path LIKE ? ORDER BY path`, [subtreePattern(scope)]);
}

export async function findAgentByCode(db: Db, code: string): Promise<AgentRef | undefined> {
  return db.get<AgentRef>(`${AGENT_REF} WHERE code = ?`, [code]);
}
