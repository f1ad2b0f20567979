// Ingest keys as the settings page sees them: only keys of agents in the caller's subtree.
import { subtreePattern, type Scope } from "@/lib/auth/scope";
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

const SELECT = `SELECT k.id, k.label, k.prefix, k.agent_id AS agentId, a.code AS agentCode, k.created_at AS createdAt,
                       k.last_used_at AS lastUsedAt, k.revoked_at AS revokedAt
                  FROM ingest_keys k JOIN agents a ON a.id = k.agent_id WHERE a.path LIKE ?`;

export function listIngestKeys(db: Db, scope: Scope): IngestKeyRow[] {
  return db.$client.prepare(`${SELECT} ORDER BY k.revoked_at IS NOT NULL, k.created_at DESC, k.id DESC`).all(subtreePattern(scope)) as IngestKeyRow[];
}

export function getIngestKeyInScope(db: Db, scope: Scope, id: number): IngestKeyRow | undefined {
  return db.$client.prepare(`${SELECT} AND k.id = ?`).get(subtreePattern(scope), id) as IngestKeyRow | undefined;
}

export function markIngestKeyRevoked(db: Db, id: number, now: number): void {
  db.$client.prepare(`UPDATE ingest_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`).run(now, id);
}
