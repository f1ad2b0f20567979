// Users and the agents they belong to, always read through the caller's scope where it matters.
import { and, asc, eq, like, sql } from "drizzle-orm";
import type { Scope } from "@/lib/auth/scope";
import { subtreePattern } from "@/lib/auth/scope";
import type { Role } from "@/lib/domain/enums";
import type { Db } from "../client";
import { agents } from "../schema";
import { users, type User } from "../schema-auth";

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

const userColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  agentId: users.agentId,
  agentCode: agents.code,
  agentName: agents.name,
  agentPath: agents.path,
  mustChangePassword: users.mustChangePassword,
  deactivatedAt: users.deactivatedAt,
  createdAt: users.createdAt,
};

export function findUserByEmail(db: Db, email: string): (User & { agentPath: string }) | undefined {
  const row = db.select({ user: users, agentPath: agents.path }).from(users).innerJoin(agents, eq(agents.id, users.agentId)).where(eq(users.email, email)).get();
  return row ? { ...row.user, agentPath: row.agentPath } : undefined;
}

export function findUserRecord(db: Db, id: number): User | undefined {
  return db.select().from(users).where(eq(users.id, id)).get();
}

/** One user, or undefined when they do not exist or sit outside the scope (the caller answers 404). */
export function getUserInScope(db: Db, scope: Scope, id: number): UserRow | undefined {
  return db
    .select(userColumns)
    .from(users)
    .innerJoin(agents, eq(agents.id, users.agentId))
    .where(and(eq(users.id, id), like(agents.path, subtreePattern(scope))))
    .get();
}

export function listUsersInScope(db: Db, scope: Scope): UserRow[] {
  return db
    .select(userColumns)
    .from(users)
    .innerJoin(agents, eq(agents.id, users.agentId))
    .where(like(agents.path, subtreePattern(scope)))
    .orderBy(asc(agents.path), asc(users.email))
    .all();
}

export interface NewUserRow {
  email: string;
  name: string;
  passwordHash: string;
  role: Role;
  agentId: number;
  mustChangePassword: boolean;
}

export function insertUser(db: Db, u: NewUserRow, now: number): number {
  return db
    .insert(users)
    .values({ ...u, passwordChangedAt: now, createdAt: now, updatedAt: now })
    .returning({ id: users.id })
    .get().id;
}

export function updateUserRow(db: Db, id: number, patch: Partial<Pick<User, "name" | "role" | "agentId" | "deactivatedAt" | "mustChangePassword">>, now: number): void {
  db.update(users).set({ ...patch, updatedAt: now }).where(eq(users.id, id)).run();
}

export function setPasswordHash(db: Db, id: number, passwordHash: string, mustChangePassword: boolean, now: number): void {
  db.update(users).set({ passwordHash, mustChangePassword, passwordChangedAt: now, updatedAt: now }).where(eq(users.id, id)).run();
}

export interface AgentRef {
  id: number;
  code: string;
  name: string;
  path: string;
  parentId: number | null;
}

/** An agent by id or code, only when it lies in the scope's subtree. */
export function findAgentInScope(db: Db, scope: Scope, idOrCode: string | number): AgentRef | undefined {
  const key = String(idOrCode).trim();
  const id = /^\d+$/.test(key) ? Number(key) : -1;
  return db
    .select({ id: agents.id, code: agents.code, name: agents.name, path: agents.path, parentId: agents.parentId })
    .from(agents)
    .where(and(sql`(${agents.id} = ${id} OR ${agents.code} = ${key})`, like(agents.path, subtreePattern(scope))))
    .get();
}

export function listAgentsInScope(db: Db, scope: Scope): AgentRef[] {
  return db
    .select({ id: agents.id, code: agents.code, name: agents.name, path: agents.path, parentId: agents.parentId })
    .from(agents)
    .where(like(agents.path, subtreePattern(scope)))
    .orderBy(asc(agents.path))
    .all();
}

export function findAgentByCode(db: Db, code: string): AgentRef | undefined {
  return db
    .select({ id: agents.id, code: agents.code, name: agents.name, path: agents.path, parentId: agents.parentId })
    .from(agents)
    .where(eq(agents.code, code))
    .get();
}
