import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@/db/client";
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
  const agent = await db.get(`SELECT id FROM agents WHERE id = ?`, [agentId]);
  if (!agent) throw new Error(`no agent with id ${agentId}`);
  const key = generateKey();
  const prefix = key.slice(0, 10);
  const row = await db.get<{ id: number }>(`INSERT INTO ingest_keys (agent_id, label, prefix, key_hash, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`, [
    agentId,
    label,
    prefix,
    hashKey(key),
    now,
  ]);
  return { id: row!.id, key, prefix, agentId };
}

export interface IngestPrincipal extends IngestScope {
  keyId: number;
}

const lastTouched = new Map<number, number>();

const LOOKUP_KEY = `SELECT k.id AS "keyId", k.agent_id AS "agentId", a.path AS "agentPath" FROM ingest_keys k
  JOIN agents a ON a.id = k.agent_id WHERE k.key_hash = ? AND k.revoked_at IS NULL`;
const TOUCH_KEY = `UPDATE ingest_keys SET last_used_at = ? WHERE id = ?`;

/** Resolves `Authorization: Bearer <key>` to the key's agent scope, or throws 401. */
export async function authenticateIngestKey(db: Db, authorization: string | undefined | null, now: number): Promise<IngestPrincipal> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!m) throw unauthorized(`send the ingest key as "Authorization: Bearer <key>"`);
  const row = await db.get<IngestPrincipal>(LOOKUP_KEY, [hashKey(m[1]!)]);
  if (!row) throw unauthorized("the ingest key is unknown or revoked; ask an admin for a valid key");
  if ((lastTouched.get(row.keyId) ?? 0) + LAST_USED_RESOLUTION_MS <= now) {
    lastTouched.set(row.keyId, now);
    await db.run(TOUCH_KEY, [now, row.keyId]);
  }
  return row;
}
