// Managing people: create (with a temporary password), change role or agent, deactivate,
// reactivate, reset a password. Admins act only on users and agents inside their own subtree.
import { z } from "zod";
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/audit";
import { deleteUserSessions, revokeUserApiTokens } from "@/db/queries/auth-sessions";
import { findAgentInScope, findUserByEmail, getUserInScope, insertUser, setPasswordHash, updateUserRow, type UserRow } from "@/db/queries/auth-users";
import { ROLES } from "@/lib/domain/enums";
import { notFound } from "@/lib/errors";
import { conflict, fromZod, invalid } from "./errors";
import { generatePassword, hashPassword, passwordSchema } from "./password";
import { assertCan } from "./permissions";
import type { Scope } from "./scope";

const email = z.string().trim().toLowerCase().email("enter a valid e-mail address").max(254);
const name = z.string().trim().min(1, "enter a name").max(100, "use at most 100 characters");
const agent = z.string().trim().min(1, "choose an agent").max(64);

export const createUserSchema = z.object({ email, name, role: z.enum(ROLES), agent, password: passwordSchema.optional() });
export const updateUserSchema = z.object({ name: name.optional(), role: z.enum(ROLES).optional(), agent: agent.optional() });

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw fromZod(r.error);
}

const publicUser = (u: UserRow) => ({ email: u.email, name: u.name, role: u.role, agent: u.agentCode, deactivated: u.deactivatedAt !== null });

async function mustFindUser(db: Db, scope: Scope, id: number): Promise<UserRow> {
  const u = Number.isSafeInteger(id) ? await getUserInScope(db, scope, id) : undefined;
  if (!u) throw notFound(`no user with id ${id}`);
  return u;
}

async function mustFindAgent(db: Db, scope: Scope, code: string) {
  const a = await findAgentInScope(db, scope, code);
  if (!a) throw invalid(`agent: no agent "${code}" in your part of the network`, { field: "agent", reason: "unknown_agent" });
  return a;
}

/** Creates a user; without a password one is generated and returned once (they must change it). */
export async function createUser(db: Db, scope: Scope, input: unknown, now: number, ip = ""): Promise<{ id: number; temporaryPassword: string | null }> {
  assertCan(scope, "users:manage");
  const v = parse(createUserSchema, input);
  const a = await mustFindAgent(db, scope, v.agent);
  if (await findUserByEmail(db, v.email)) throw conflict(`a user with e-mail ${v.email} already exists`, { field: "email" });
  const temporaryPassword = v.password ? null : generatePassword();
  // Hashed before the transaction: argon2 must not hold the connection.
  const passwordHash = await hashPassword(v.password ?? temporaryPassword!);
  return db.transaction(async (tx) => {
    // Checked again inside the transaction: two admins may create the same e-mail at once.
    if (await findUserByEmail(tx, v.email)) throw conflict(`a user with e-mail ${v.email} already exists`, { field: "email" });
    const id = await insertUser(tx, { email: v.email, name: v.name, passwordHash, role: v.role, agentId: a.id, mustChangePassword: temporaryPassword !== null }, now);
    await recordAudit(tx, scope, { action: "user.created", target: { type: "user", id }, agentId: a.id, after: { email: v.email, name: v.name, role: v.role, agent: a.code }, ip }, now);
    return { id, temporaryPassword };
  });
}

export async function updateUser(db: Db, scope: Scope, id: number, input: unknown, now: number, ip = ""): Promise<void> {
  assertCan(scope, "users:manage");
  const u = await mustFindUser(db, scope, id);
  const v = parse(updateUserSchema, input);
  const a = v.agent ? await mustFindAgent(db, scope, v.agent) : undefined;
  if (u.id === scope.userId && ((v.role && v.role !== u.role) || (a && a.id !== u.agentId))) {
    throw invalid("you cannot change your own role or agent; ask another admin", { field: v.role ? "role" : "agent", reason: "self_lockout" });
  }
  const patch = { ...(v.name ? { name: v.name } : {}), ...(v.role ? { role: v.role } : {}), ...(a ? { agentId: a.id } : {}) };
  if (Object.keys(patch).length === 0) return;
  await db.transaction(async (tx) => {
    await updateUserRow(tx, u.id, patch, now);
    const after = { ...publicUser(u), ...(v.name ? { name: v.name } : {}), ...(v.role ? { role: v.role } : {}), ...(a ? { agent: a.code } : {}) };
    await recordAudit(tx, scope, { action: "user.updated", target: { type: "user", id: u.id }, agentId: a?.id ?? u.agentId, before: publicUser(u), after, ip }, now);
  });
}

/** Deactivation takes effect at once: sessions are deleted and API tokens revoked in the same transaction. */
export async function deactivateUser(db: Db, scope: Scope, id: number, now: number, ip = ""): Promise<void> {
  assertCan(scope, "users:manage");
  const u = await mustFindUser(db, scope, id);
  if (u.id === scope.userId) throw invalid("you cannot deactivate yourself; ask another admin", { reason: "self_lockout" });
  if (u.deactivatedAt !== null) return;
  await db.transaction(async (tx) => {
    await updateUserRow(tx, u.id, { deactivatedAt: now }, now);
    await deleteUserSessions(tx, u.id);
    await revokeUserApiTokens(tx, u.id, now);
    await recordAudit(tx, scope, { action: "user.deactivated", target: { type: "user", id: u.id }, agentId: u.agentId, before: publicUser(u), after: { ...publicUser(u), deactivated: true }, ip }, now);
  });
}

export async function reactivateUser(db: Db, scope: Scope, id: number, now: number, ip = ""): Promise<void> {
  assertCan(scope, "users:manage");
  const u = await mustFindUser(db, scope, id);
  if (u.deactivatedAt === null) return;
  await db.transaction(async (tx) => {
    await updateUserRow(tx, u.id, { deactivatedAt: null }, now);
    await recordAudit(tx, scope, { action: "user.reactivated", target: { type: "user", id: u.id }, agentId: u.agentId, before: publicUser(u), after: { ...publicUser(u), deactivated: false }, ip }, now);
  });
}

/** A new temporary password, shown once; the user's sessions end, their API tokens are revoked, and they must choose their own. */
export async function resetPassword(db: Db, scope: Scope, id: number, now: number, ip = ""): Promise<string> {
  assertCan(scope, "users:manage");
  const u = await mustFindUser(db, scope, id);
  const temporaryPassword = generatePassword();
  const hash = await hashPassword(temporaryPassword);
  await db.transaction(async (tx) => {
    await setPasswordHash(tx, u.id, hash, true, now);
    await deleteUserSessions(tx, u.id);
    // Whoever held the account may have made tokens; they end with the password.
    await revokeUserApiTokens(tx, u.id, now);
    await recordAudit(tx, scope, { action: "user.password_reset", target: { type: "user", id: u.id }, agentId: u.agentId, ip }, now);
  });
  return temporaryPassword;
}
