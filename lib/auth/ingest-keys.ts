import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@/db/client";
import { activeIngestKey, insertIngestKey, touchIngestKey } from "@/db/queries/auth-keys";
import { unauthorized } from "@/lib/errors";
import type { IngestScope } from "@/lib/ingest/ingest";
import { MINUTE_MS } from "@/lib/domain/time";

const KEY_PREFIX = "pfh_";
/** last_used_at is written at most this often per key, so ingest does not pay a write per request. */
const LAST_USED_RESOLUTION_MS = MINUTE_MS;

export function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** Keys carry 192 random bits, so a fast hash is enough: there is nothing to guess from it. */
export function generateKey(): string {
  return KEY_PREFIX + randomBytes(24).toString("base64url");
}

export interface CreatedKey {
  id: number;
  key: string;
  prefix: string;
  agentId: number;
}

export async function createIngestKey(db: Db, agentId: number, label: string, now: number): Promise<CreatedKey> {
  const key = generateKey();
  const prefix = key.slice(0, 10);
  const id = await insertIngestKey(db, { agentId, label, prefix, keyHash: hashKey(key) }, now);
  if (id === undefined) throw new Error(`no agent with id ${agentId}`);
  return { id, key, prefix, agentId };
}

export interface IngestPrincipal extends IngestScope {
  keyId: number;
}

const lastTouched = new Map<number, number>();

/** Resolves `Authorization: Bearer <key>` to the key's agent scope, or throws 401. */
export async function authenticateIngestKey(db: Db, authorization: string | undefined | null, now: number): Promise<IngestPrincipal> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!m) throw unauthorized(`send the ingest key as "Authorization: Bearer <key>"`);
  const row = await activeIngestKey(db, hashKey(m[1]!));
  if (!row) throw unauthorized("the ingest key is unknown or revoked; ask an admin for a valid key");
  if ((lastTouched.get(row.keyId) ?? 0) + LAST_USED_RESOLUTION_MS <= now) {
    lastTouched.set(row.keyId, now);
    await touchIngestKey(db, row.keyId, now);
  }
  return row;
}
