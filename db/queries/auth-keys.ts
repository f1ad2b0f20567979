// Ingest keys as the settings page sees them: only keys of agents in the caller's subtree.
import { subtreePattern, type Scope } from "@/lib/domain/scope";
import type { Db } from "../client";

export interface IngestKeyRow {
  id: number;
  label: string;
  prefix: string;
  agentId: number;
  agentCode: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

const SELECT = `SELECT k.id, k.label, k.prefix, k.agent_id AS "agentId", a.code AS "agentCode", k.created_at AS "createdAt",
                       k.last_used_at AS "lastUsedAt", k.revoked_at AS "revokedAt"
                  FROM ingest_keys k JOIN agents a ON a.id = k.agent_id WHERE a.path LIKE ?`;

export async function listIngestKeys(db: Db, scope: Scope): Promise<IngestKeyRow[]> {
  return db.all<IngestKeyRow>(`${SELECT} ORDER BY k.revoked_at IS NOT NULL, k.created_at DESC, k.id DESC`, [subtreePattern(scope)]);
}

export async function getIngestKeyInScope(db: Db, scope: Scope, id: number): Promise<IngestKeyRow | undefined> {
  return db.get<IngestKeyRow>(`${SELECT} AND k.id = ?`, [subtreePattern(scope), id]);
}

export async function markIngestKeyRevoked(db: Db, id: number, now: number): Promise<void> {
  await db.run(`UPDATE ingest_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, [now, id]);
}

export interface NewIngestKey {
  agentId: number;
  label: string;
  prefix: string;
  keyHash: string;
}

/** Stores a new key (its hash only); undefined when the agent does not exist. */
export async function insertIngestKey(db: Db, k: NewIngestKey, now: number): Promise<number | undefined> {
  const agent = await db.get(`SELECT id FROM agents WHERE id = ?`, [k.agentId]);
  if (!agent) return undefined;
  const row = await db.get<{ id: number }>(
    `INSERT INTO ingest_keys (agent_id, label, prefix, key_hash, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
    [k.agentId, k.label, k.prefix, k.keyHash, now],
  );
  return Number(row!.id);
}

export interface ActiveIngestKey {
  keyId: number;
  agentId: number;
  agentPath: string;
}

const ACTIVE_KEY = `SELECT k.id AS "keyId", k.agent_id AS "agentId", a.path AS "agentPath" FROM ingest_keys k
  JOIN agents a ON a.id = k.agent_id WHERE k.key_hash = ? AND k.revoked_at IS NULL`;

/** The unrevoked key with this hash, with its agent. */
export function activeIngestKey(db: Db, keyHash: string): Promise<ActiveIngestKey | undefined> {
  return db.get<ActiveIngestKey>(ACTIVE_KEY, [keyHash]);
}

export async function touchIngestKey(db: Db, id: number, now: number): Promise<void> {
  await db.run(`UPDATE ingest_keys SET last_used_at = ? WHERE id = ?`, [now, id]);
}
