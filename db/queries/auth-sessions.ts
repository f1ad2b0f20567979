// Sessions, API tokens and sign-in failures. Secrets are looked up by their SHA-256 only.
import type { Role } from "@/lib/domain/enums";
import type { Db } from "../client";

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

const PRINCIPAL = `u.id AS "userId", u.email, u.name, u.role, u.agent_id AS "agentId", a.path AS "agentPath", a.code AS "agentCode",
                   a.name AS "agentName", u.must_change_password AS "mustChangePassword"`;

type RawPrincipal = Omit<PrincipalRow, "mustChangePassword"> & { mustChangePassword: number | boolean };

function toPrincipal(r: RawPrincipal | undefined): PrincipalRow | undefined {
  return r ? { ...r, mustChangePassword: Boolean(r.mustChangePassword) } : undefined;
}

export interface NewSession {
  tokenHash: string;
  userId: number;
  expiresAt: number;
  ip: string;
  userAgent: string;
}

export async function insertSession(db: Db, s: NewSession, now: number): Promise<number> {
  const row = await db.get<{ id: number }>(
    `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    [s.tokenHash, s.userId, now, now, s.expiresAt, s.ip, s.userAgent],
  );
  return row!.id;
}

const FIND_LIVE_SESSION = `SELECT ${PRINCIPAL}, s.id AS "credentialId", s.last_seen_at AS "lastUsedAt", s.expires_at AS "expiresAt"
  FROM sessions s JOIN users u ON u.id = s.user_id JOIN agents a ON a.id = u.agent_id
 WHERE s.token_hash = ? AND s.expires_at > ? AND u.deactivated_at IS NULL`;

/** The live session for a token hash: not expired, and its user not deactivated. */
export async function findLiveSession(db: Db, tokenHash: string, now: number): Promise<PrincipalRow | undefined> {
  return toPrincipal(await db.get<RawPrincipal>(FIND_LIVE_SESSION, [tokenHash, now]));
}

export async function touchSession(db: Db, id: number, now: number, expiresAt: number): Promise<void> {
  await db.run(`UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id = ?`, [now, expiresAt, id]);
}

export async function deleteSessionByHash(db: Db, tokenHash: string): Promise<number> {
  return (await db.run(`DELETE FROM sessions WHERE token_hash = ?`, [tokenHash])).changes;
}

/** Ends every session of a user, optionally keeping one (the one that changed the password). */
export async function deleteUserSessions(db: Db, userId: number, keepId?: number): Promise<number> {
  const r =
    keepId === undefined
      ? await db.run(`DELETE FROM sessions WHERE user_id = ?`, [userId])
      : await db.run(`DELETE FROM sessions WHERE user_id = ? AND id <> ?`, [userId, keepId]);
  return r.changes;
}

export async function deleteExpiredSessions(db: Db, now: number): Promise<number> {
  return (await db.run(`DELETE FROM sessions WHERE expires_at < ?`, [now])).changes;
}

export async function countUserSessions(db: Db, userId: number): Promise<number> {
  const row = await db.get<{ n: number }>(`SELECT count(*) AS n FROM sessions WHERE user_id = ?`, [userId]);
  return Number(row?.n ?? 0);
}

// --- sign-in failures --------------------------------------------------------------------------
// Each attempt inserts its row before the password is checked (a reservation); a failed attempt
// leaves it as the failure, a successful one deletes it. Counting and inserting happen in one
// transaction, serialised per key (below), so concurrent attempts cannot all see "under the limit".

export async function insertFailure(db: Db, account: string, address: string, now: number): Promise<number> {
  const row = await db.get<{ id: number }>(`INSERT INTO sign_in_failures (account, address, at) VALUES (?, ?, ?) RETURNING id`, [account, address, now]);
  return row!.id;
}

export async function deleteFailure(db: Db, id: number): Promise<void> {
  await db.run(`DELETE FROM sign_in_failures WHERE id = ?`, [id]);
}

/**
 * Serialises count-and-insert for the given keys across every server sharing the database. On
 * PostgreSQL: transaction-level advisory locks, taken in a fixed order so two attempts never
 * wait on each other crosswise. On SQLite the one writer connection already serialises transactions.
 * Call inside a transaction.
 */
export async function lockAttemptKeys(db: Db, keys: bigint[]): Promise<void> {
  if (db.dialect !== "pg") return;
  const sorted = [...new Set(keys)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const k of sorted) await db.get(`SELECT pg_advisory_xact_lock(CAST(? AS bigint)) AS locked`, [k.toString()]);
}

// The column is one of fixed names, never caller text.
const FAILURE_STATS = {
  account: `SELECT count(*) AS n, min(at) AS oldest FROM sign_in_failures WHERE account = ? AND at > ?`,
  address: `SELECT count(*) AS n, min(at) AS oldest FROM sign_in_failures WHERE address = ? AND at > ?`,
} as const;
const PAIR_STATS = `SELECT count(*) AS n, min(at) AS oldest FROM sign_in_failures WHERE account = ? AND address = ? AND at > ?`;

export interface FailureStats {
  count: number;
  oldest: number | undefined;
}

const toStats = (row: { n: number | string; oldest: number | string | null } | undefined): FailureStats => ({
  count: Number(row?.n ?? 0),
  oldest: row?.oldest === null || row?.oldest === undefined ? undefined : Number(row.oldest),
});

/** Failures inside the window and the oldest of them (when it leaves, one more attempt is allowed). */
export async function failureStats(db: Db, by: "account" | "address", value: string, since: number): Promise<FailureStats> {
  return toStats(await db.get(FAILURE_STATS[by], [value, since]));
}

/** Failures of one account from one address inside the window. */
export async function pairFailureStats(db: Db, account: string, address: string, since: number): Promise<FailureStats> {
  return toStats(await db.get(PAIR_STATS, [account, address, since]));
}

export async function countFailures(db: Db, by: "account" | "address", value: string, since: number): Promise<number> {
  return (await failureStats(db, by, value, since)).count;
}

/** Oldest failure still inside the window: when it leaves, one more attempt is allowed. */
export async function oldestFailureSince(db: Db, by: "account" | "address", value: string, since: number): Promise<number | undefined> {
  return (await failureStats(db, by, value, since)).oldest;
}

export async function clearAccountFailures(db: Db, account: string): Promise<void> {
  await db.run(`DELETE FROM sign_in_failures WHERE account = ?`, [account]);
}

/** A successful sign-in forgives the failures made from the same address, not a stranger's. */
export async function clearPairFailures(db: Db, account: string, address: string): Promise<void> {
  await db.run(`DELETE FROM sign_in_failures WHERE account = ? AND address = ?`, [account, address]);
}

export async function pruneFailures(db: Db, before: number): Promise<number> {
  return (await db.run(`DELETE FROM sign_in_failures WHERE at < ?`, [before])).changes;
}

/**
 * Has this account signed in successfully from this address before (within `since`)? Read from
 * the audit log, so it holds across restarts and instances.
 */
export async function signedInFromBefore(db: Db, account: string, address: string, since: number): Promise<boolean> {
  const row = await db.get(
    `SELECT 1 AS hit FROM audit_log l JOIN users u ON u.id = l.user_id
      WHERE u.email = ? AND l.action = 'auth.sign_in' AND l.ip = ? AND l.at > ? LIMIT 1`,
    [account, address, since],
  );
  return row !== undefined;
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

export async function insertApiToken(db: Db, t: { userId: number; label: string; prefix: string; tokenHash: string }, now: number): Promise<number> {
  const row = await db.get<{ id: number }>(
    `INSERT INTO api_tokens (user_id, label, prefix, token_hash, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
    [t.userId, t.label, t.prefix, t.tokenHash, now],
  );
  return row!.id;
}

const SELECT_TOKENS = `SELECT id, label, prefix, created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"
  FROM api_tokens WHERE user_id = ?`;

export async function listApiTokens(db: Db, userId: number): Promise<TokenListRow[]> {
  return db.all<TokenListRow>(`${SELECT_TOKENS} ORDER BY created_at DESC, id DESC`, [userId]);
}

export async function findApiToken(db: Db, userId: number, id: number): Promise<TokenListRow | undefined> {
  return db.get<TokenListRow>(`${SELECT_TOKENS} AND id = ?`, [userId, id]);
}

const FIND_LIVE_TOKEN = `SELECT ${PRINCIPAL}, t.id AS "credentialId", t.last_used_at AS "lastUsedAt", t.revoked_at AS "expiresAt"
  FROM api_tokens t JOIN users u ON u.id = t.user_id JOIN agents a ON a.id = u.agent_id
 WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.deactivated_at IS NULL`;

export async function findLiveApiToken(db: Db, tokenHash: string): Promise<PrincipalRow | undefined> {
  return toPrincipal(await db.get<RawPrincipal>(FIND_LIVE_TOKEN, [tokenHash]));
}

export async function touchApiToken(db: Db, id: number, now: number): Promise<void> {
  await db.run(`UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, [now, id]);
}

export async function revokeApiTokenRow(db: Db, userId: number, id: number, now: number): Promise<number> {
  return (await db.run(`UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL`, [now, id, userId])).changes;
}

export async function revokeUserApiTokens(db: Db, userId: number, now: number): Promise<number> {
  return (await db.run(`UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`, [now, userId])).changes;
}
