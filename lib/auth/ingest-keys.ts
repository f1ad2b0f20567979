import { createHash, randomBytes } from "node:crypto";
import type Database from "better-sqlite3";
import type { Db } from "@/db/client";
import { unauthorized } from "@/lib/errors";
import type { IngestScope } from "@/lib/ingest/ingest";

const KEY_PREFIX = "pfh_";
/** last_used_at is written at most this often per key, so ingest does not pay a write per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

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

export function createIngestKey(db: Db, agentId: number, label: string, now: number): CreatedKey {
  const agent = db.$client.prepare(`SELECT id FROM agents WHERE id = ?`).get(agentId);
  if (!agent) throw new Error(`no agent with id ${agentId}`);
  const key = generateKey();
  const prefix = key.slice(0, 10);
  const row = db.$client
    .prepare(`INSERT INTO ingest_keys (agent_id, label, prefix, key_hash, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`)
    .get(agentId, label, prefix, hashKey(key), now) as { id: number };
  return { id: row.id, key, prefix, agentId };
}

export interface IngestPrincipal extends IngestScope {
  keyId: number;
}

const lastTouched = new Map<number, number>();
const statements = new WeakMap<Database.Database, { lookup: Database.Statement<[string]>; touch: Database.Statement<[number, number]> }>();

function prepared(db: Db) {
  let st = statements.get(db.$client);
  if (!st) {
    st = {
      lookup: db.$client.prepare(
        `SELECT k.id AS keyId, k.agent_id AS agentId, a.path AS agentPath FROM ingest_keys k
           JOIN agents a ON a.id = k.agent_id WHERE k.key_hash = ? AND k.revoked_at IS NULL`,
      ),
      touch: db.$client.prepare(`UPDATE ingest_keys SET last_used_at = ? WHERE id = ?`),
    };
    statements.set(db.$client, st);
  }
  return st;
}

/** Resolves `Authorization: Bearer <key>` to the key's agent scope, or throws 401. */
export function authenticateIngestKey(db: Db, authorization: string | undefined | null, now: number): IngestPrincipal {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!m) throw unauthorized(`send the ingest key as "Authorization: Bearer <key>"`);
  const st = prepared(db);
  const row = st.lookup.get(hashKey(m[1]!)) as IngestPrincipal | undefined;
  if (!row) throw unauthorized("the ingest key is unknown or revoked; ask an admin for a valid key");
  if ((lastTouched.get(row.keyId) ?? 0) + LAST_USED_RESOLUTION_MS <= now) {
    lastTouched.set(row.keyId, now);
    st.touch.run(now, row.keyId);
  }
  return row;
}
