// Sign-in, sign-out and password change: the verbs behind the login page and /api/auth/*.
import { z } from "zod";
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/audit";
import { clearPairFailures, deleteExpiredSessions, deleteFailure, deleteSessionByHash, deleteUserSessions, revokeUserApiTokens } from "@/db/queries/auth-sessions";
import { findUserByEmail, findUserRecord, setPasswordHash } from "@/db/queries/auth-users";
import { AppError, unauthorized } from "@/lib/errors";
import { fromZod, invalid, SIGN_IN_FAILED } from "./errors";
import { dummyPasswordHash, hashGate, hashPassword, needsRehash, passwordSchema, verifyPassword } from "./password";
import { cancelReservation, reserveSignInAttempt } from "./rate-limit";
import { systemScope, type Scope } from "./scope";
import { sha256 } from "./secrets";
import { createSession } from "./sessions";

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, "enter your e-mail").max(254),
  password: z.string().min(1, "enter your password").max(1000),
});

export interface SignInInput {
  email: unknown;
  password: unknown;
  ip: string;
  userAgent?: string;
  /** The session cookie the browser already had: it is ended, so a fixed token never survives sign-in. */
  previousToken?: string | null;
}

export interface SignedIn {
  token: string;
  expiresAt: number;
  userId: number;
  mustChangePassword: boolean;
}

/**
 * Checks the password and opens a new session. Every failure (unknown account, wrong password,
 * deactivated account) gives the same message and takes about the same time.
 *
 * The attempt is counted (reserved) before the password is hashed, so concurrent attempts cannot
 * outrun the limit; a successful sign-in removes its own reservation.
 */
export async function signIn(db: Db, input: SignInInput, now: number): Promise<SignedIn> {
  const parsed = signInSchema.safeParse({ email: input.email, password: input.password });
  if (!parsed.success) throw invalid("enter your e-mail and password", { reason: "sign_in_input" });
  const { email, password } = parsed.data;
  // Refused at once when the hashing queue is full: no reservation, no database work.
  if (hashGate.full()) throw serverBusy();
  const reservation = await reserveSignInAttempt(db, email, input.ip, now);
  try {
    const user = await findUserByEmail(db, email);
    let ok: boolean;
    try {
      ok = user ? await verifyPassword(user.passwordHash, password) : await verifyPassword(await dummyPasswordHash(), password);
    } catch (err) {
      // Too busy to check the password: the attempt was not made, so it does not count.
      await cancelReservation(db, reservation);
      throw err;
    }
    if (!user || !ok || user.deactivatedAt !== null) {
      // The reservation row stays as the failure. Only database work inside: the password check is done.
      await db.transaction(async (tx) => {
        const scope: Scope = user
          ? { agentId: user.agentId, agentPath: user.agentPath, role: user.role, userId: null }
          : await systemScope(tx);
        await recordAudit(tx, scope, { action: "auth.sign_in_failed", target: { type: "account", id: email.slice(0, 254) }, ip: input.ip }, now);
      });
      throw unauthorized(SIGN_IN_FAILED);
    }

    // Hashed before the transaction: argon2 takes ~100 ms and must not hold the connection.
    const rehash = needsRehash(user.passwordHash) ? await hashPassword(password).catch(() => null) : null;
    return await db.transaction(async (tx) => {
      if (input.previousToken) await deleteSessionByHash(tx, sha256(input.previousToken));
      // Expired rows are dead already; clearing them here keeps the table small without a job.
      await deleteExpiredSessions(tx, now);
      const session = await createSession(tx, user.id, { ip: input.ip, userAgent: input.userAgent }, now);
      // The reservation goes, and with it the earlier failures from this same address.
      await deleteFailure(tx, reservation.id);
      await clearPairFailures(tx, email, input.ip);
      if (rehash) await setPasswordHash(tx, user.id, rehash, user.mustChangePassword, now);
      const scope: Scope = { agentId: user.agentId, agentPath: user.agentPath, role: user.role, userId: user.id };
      await recordAudit(tx, scope, { action: "auth.sign_in", target: { type: "user", id: user.id }, ip: input.ip }, now);
      return { token: session.token, expiresAt: session.expiresAt, userId: user.id, mustChangePassword: user.mustChangePassword };
    });
  } finally {
    reservation.release();
  }
}

function serverBusy(): AppError {
  return new AppError("unavailable", "the server is checking too many passwords at once; try again in a moment", { retryAfterSeconds: 1 });
}

/** Ends the session behind `token` (if any) and records it. Signing out twice is harmless. */
export async function signOut(db: Db, scope: Scope | null, token: string | undefined | null, ip: string, now: number): Promise<void> {
  if (!token) return;
  await db.transaction(async (tx) => {
    const ended = (await deleteSessionByHash(tx, sha256(token))) > 0;
    if (ended && scope) await recordAudit(tx, scope, { action: "auth.sign_out", target: { type: "user", id: scope.userId }, ip }, now);
  });
}

export const changePasswordSchema = z
  .object({
    current: z.string().min(1, "enter your current password").max(1000),
    next: passwordSchema,
    confirm: z.string(),
  })
  .refine((v) => v.next === v.confirm, { message: "the two new passwords differ", path: ["confirm"], params: { reason: "mismatch" } })
  .refine((v) => v.next !== v.current, { message: "choose a password different from the current one", path: ["next"], params: { reason: "unchanged" } });

/**
 * Changes the caller's own password after checking the current one. Every other session of the
 * user ends and every API token is revoked; the session that made the change (`keepSessionId`)
 * stays signed in.
 */
export async function changePassword(db: Db, scope: Scope, input: unknown, keepSessionId: number | undefined, now: number): Promise<void> {
  if (scope.userId === null) throw unauthorized("sign in to change your password");
  const parsed = changePasswordSchema.safeParse(input);
  if (!parsed.success) throw fromZod(parsed.error);
  const user = await findUserRecord(db, scope.userId);
  if (!user || user.deactivatedAt !== null) throw unauthorized("sign in again");
  if (!(await verifyPassword(user.passwordHash, parsed.data.current))) throw invalid("the current password is not correct", { field: "current", reason: "wrong_current_password" });
  const hash = await hashPassword(parsed.data.next);
  await db.transaction(async (tx) => {
    await setPasswordHash(tx, user.id, hash, false, now);
    await deleteUserSessions(tx, user.id, keepSessionId);
    // A token made by whoever knew the old password must not outlive it.
    const revoked = await revokeUserApiTokens(tx, user.id, now);
    await recordAudit(tx, scope, { action: "auth.password_changed", target: { type: "user", id: user.id }, after: revoked ? { revokedApiTokens: revoked } : undefined }, now);
  });
}
