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
