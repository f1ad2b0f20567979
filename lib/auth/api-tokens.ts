// Personal API tokens ("pfa_..."): read-only access to /api/v1/* with the owner's current scope.
// Shown once at creation; only the SHA-256 is stored.
import { z } from "zod";
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/audit";
import { findApiToken, findLiveApiToken, insertApiToken, listApiTokens, revokeApiTokenRow, touchApiToken, type TokenListRow } from "@/db/queries/auth-sessions";
import { notFound, unauthorized } from "@/lib/errors";
import { fromZod, invalid } from "./errors";
import { assertCan } from "./permissions";
import { toCaller, type Caller } from "./principal";
import type { Scope } from "./scope";
import { randomSecret, sha256 } from "./secrets";
import { MINUTE_MS } from "@/lib/domain/time";

export const API_TOKEN_PREFIX = "pfa_";
const TOUCH_EVERY_MS = MINUTE_MS;
/** Live tokens one person may hold; plenty for scripts, small enough to audit. */
export const MAX_TOKENS_PER_USER = 20;

export const createTokenSchema = z.object({ label: z.string().trim().min(1, "enter a label").max(80, "use at most 80 characters") });

function ownerId(scope: Scope): number {
  if (scope.userId === null) throw unauthorized("sign in to manage API tokens");
  return scope.userId;
}

export async function createApiToken(db: Db, scope: Scope, input: unknown, now: number, ip = ""): Promise<{ id: number; token: string; prefix: string }> {
  assertCan(scope, "tokens:own");
  const userId = ownerId(scope);
  const r = createTokenSchema.safeParse(input);
  if (!r.success) throw fromZod(r.error);
  const live = (await listApiTokens(db, userId)).filter((t) => t.revokedAt === null).length;
  if (live >= MAX_TOKENS_PER_USER) throw invalid(`you already have ${live} tokens; revoke one you no longer use first`, { reason: "too_many_tokens" });
  const token = randomSecret(API_TOKEN_PREFIX);
  const prefix = token.slice(0, 10);
  return db.transaction(async (tx) => {
    const id = await insertApiToken(tx, { userId, label: r.data.label, prefix, tokenHash: sha256(token) }, now);
    await recordAudit(tx, scope, { action: "api_token.created", target: { type: "api_token", id }, after: { label: r.data.label, prefix }, ip }, now);
    return { id, token, prefix };
  });
}

/** The caller's own tokens; nobody lists or revokes another person's tokens (deactivation does). */
export async function listOwnApiTokens(db: Db, scope: Scope): Promise<TokenListRow[]> {
  return listApiTokens(db, ownerId(scope));
}

export async function revokeApiToken(db: Db, scope: Scope, id: number, now: number, ip = ""): Promise<void> {
  const userId = ownerId(scope);
  const t = Number.isSafeInteger(id) ? await findApiToken(db, userId, id) : undefined;
  if (!t) throw notFound(`no API token with id ${id}`);
  if (t.revokedAt !== null) return;
  await db.transaction(async (tx) => {
    await revokeApiTokenRow(tx, userId, id, now);
    await recordAudit(tx, scope, { action: "api_token.revoked", target: { type: "api_token", id }, before: { label: t.label, prefix: t.prefix }, ip }, now);
  });
}

/** The caller behind a bearer token, or null when it is unknown, revoked or its owner deactivated. */
export async function resolveApiToken(db: Db, token: string, now: number): Promise<Caller | null> {
  if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) return null;
  const row = await findLiveApiToken(db, sha256(token));
  if (!row) return null;
  if ((row.lastUsedAt ?? 0) + TOUCH_EVERY_MS <= now) await touchApiToken(db, row.credentialId, now);
  return toCaller(row, "token");
}
