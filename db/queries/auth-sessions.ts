// Sessions, API tokens and sign-in failures. Secrets are looked up by their SHA-256 only.
import { and, count, desc, eq, gt, isNull, lt, ne } from "drizzle-orm";
import type { Role } from "@/lib/domain/enums";
import type { Db } from "../client";
import { agents } from "../schema";
import { apiTokens, sessions, signInFailures, users } from "../schema-auth";

/** Who a session or token belongs to, as of now (role and agent are read on every request). */
export interface PrincipalRow {
  credentialId: number;
  userId: number;
  email: string;
  name: string;
  role: Role;
  agentId: number;
  agentPath: string;
  agentCode: string;
  agentName: string;
  mustChangePassword: boolean;
  lastUsedAt: number | null;
  expiresAt: number | null;
}

const principal = {
  userId: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  agentId: users.agentId,
  agentPath: agents.path,
  agentCode: agents.code,
  agentName: agents.name,
  mustChangePassword: users.mustChangePassword,
};

export interface NewSession {
  tokenHash: string;
  userId: number;
  expiresAt: number;
  ip: string;
  userAgent: string;
}

export function insertSession(db: Db, s: NewSession, now: number): number {
  return db.insert(sessions).values({ ...s, createdAt: now, lastSeenAt: now }).returning({ id: sessions.id }).get().id;
}

/** The live session for a token hash: not expired, and its user not deactivated. */
export function findLiveSession(db: Db, tokenHash: string, now: number): PrincipalRow | undefined {
  return db
    .select({ ...principal, credentialId: sessions.id, lastUsedAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(agents, eq(agents.id, users.agentId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now), isNull(users.deactivatedAt)))
    .get();
}

export function touchSession(db: Db, id: number, now: number, expiresAt: number): void {
  db.update(sessions).set({ lastSeenAt: now, expiresAt }).where(eq(sessions.id, id)).run();
}

export function deleteSessionByHash(db: Db, tokenHash: string): number {
  return db.delete(sessions).where(eq(sessions.tokenHash, tokenHash)).run().changes;
}

/** Ends every session of a user, optionally keeping one (the one that changed the password). */
export function deleteUserSessions(db: Db, userId: number, keepId?: number): number {
  const where = keepId === undefined ? eq(sessions.userId, userId) : and(eq(sessions.userId, userId), ne(sessions.id, keepId));
  return db.delete(sessions).where(where).run().changes;
}

export function deleteExpiredSessions(db: Db, now: number): number {
  return db.delete(sessions).where(lt(sessions.expiresAt, now)).run().changes;
}

export function countUserSessions(db: Db, userId: number): number {
  return db.select({ n: count() }).from(sessions).where(eq(sessions.userId, userId)).get()?.n ?? 0;
}

// --- sign-in failures --------------------------------------------------------------------------

export function insertFailure(db: Db, account: string, address: string, now: number): void {
  db.insert(signInFailures).values({ account, address, at: now }).run();
}

export function countFailures(db: Db, by: "account" | "address", value: string, since: number): number {
  const col = by === "account" ? signInFailures.account : signInFailures.address;
  return db.select({ n: count() }).from(signInFailures).where(and(eq(col, value), gt(signInFailures.at, since))).get()?.n ?? 0;
}

/** Oldest failure still inside the window: when it leaves, one more attempt is allowed. */
export function oldestFailureSince(db: Db, by: "account" | "address", value: string, since: number): number | undefined {
  const col = by === "account" ? signInFailures.account : signInFailures.address;
  return db.select({ at: signInFailures.at }).from(signInFailures).where(and(eq(col, value), gt(signInFailures.at, since))).orderBy(signInFailures.at).limit(1).get()?.at;
}

export function clearAccountFailures(db: Db, account: string): void {
  db.delete(signInFailures).where(eq(signInFailures.account, account)).run();
}

export function pruneFailures(db: Db, before: number): number {
  return db.delete(signInFailures).where(lt(signInFailures.at, before)).run().changes;
}

// --- API tokens ----------------------------------------------------------------------------------

export interface TokenListRow {
  id: number;
  label: string;
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export function insertApiToken(db: Db, t: { userId: number; label: string; prefix: string; tokenHash: string }, now: number): number {
  return db.insert(apiTokens).values({ ...t, createdAt: now }).returning({ id: apiTokens.id }).get().id;
}

export function listApiTokens(db: Db, userId: number): TokenListRow[] {
  return db
    .select({ id: apiTokens.id, label: apiTokens.label, prefix: apiTokens.prefix, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
    .all();
}

export function findApiToken(db: Db, userId: number, id: number): TokenListRow | undefined {
  return listApiTokens(db, userId).find((t) => t.id === id);
}

export function findLiveApiToken(db: Db, tokenHash: string): PrincipalRow | undefined {
  return db
    .select({ ...principal, credentialId: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt, expiresAt: apiTokens.revokedAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .innerJoin(agents, eq(agents.id, users.agentId))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), isNull(users.deactivatedAt)))
    .get();
}

export function touchApiToken(db: Db, id: number, now: number): void {
  db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, id)).run();
}

export function revokeApiTokenRow(db: Db, userId: number, id: number, now: number): number {
  return db.update(apiTokens).set({ revokedAt: now }).where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt))).run().changes;
}

export function revokeUserApiTokens(db: Db, userId: number, now: number): number {
  return db.update(apiTokens).set({ revokedAt: now }).where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt))).run().changes;
}
