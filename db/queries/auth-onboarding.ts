// Reads and writes of fleet onboarding: CSV import look-ups and 划拨 (terminal transfers).
import { subtreePattern, type Scope } from "@/lib/auth/scope";
import type { Db } from "../client";

/** Which of these serials are registered anywhere (a serial is unique network-wide). */
export function registeredSerials(db: Db, sns: string[]): Set<string> {
  const found = new Set<string>();
  const stmt = db.$client.prepare(`SELECT sn FROM terminals WHERE sn = ?`);
  for (const sn of sns) if (stmt.get(sn)) found.add(sn);
  return found;
}

export function findMerchantId(db: Db, agentId: number, name: string): number | undefined {
  const row = db.$client.prepare(`SELECT id FROM merchants WHERE agent_id = ? AND name = ? ORDER BY id LIMIT 1`).get(agentId, name) as { id: number } | undefined;
  return row?.id;
}

export interface ScopedTerminal {
  id: number;
  sn: string;
  agentId: number;
  agentCode: string;
}

/** The terminals with these serials that lie in the scope; the others are, for the caller, not there. */
export function terminalsInScope(db: Db, scope: Scope, sns: string[]): ScopedTerminal[] {
  const stmt = db.$client.prepare(
    `SELECT t.id, t.sn, t.agent_id AS agentId, a.code AS agentCode FROM terminals t JOIN agents a ON a.id = t.agent_id
      WHERE t.sn = ? AND a.path LIKE ?`,
  );
  const pattern = subtreePattern(scope);
  return sns.map((sn) => stmt.get(sn, pattern) as ScopedTerminal | undefined).filter((t): t is ScopedTerminal => !!t);
}

export function moveTerminal(db: Db, t: { id: number; fromAgentId: number; toAgentId: number; userId: number | null; note: string }, now: number): void {
  db.$client.prepare(`UPDATE terminals SET agent_id = ? WHERE id = ?`).run(t.toAgentId, t.id);
  db.$client
    .prepare(`INSERT INTO terminal_transfers (terminal_id, from_agent_id, to_agent_id, user_id, note, at) VALUES (?, ?, ?, ?, ?, ?)`)
    .run(t.id, t.fromAgentId, t.toAgentId, t.userId, t.note, now);
}

export interface TransferRow {
  id: number;
  sn: string;
  fromCode: string;
  toCode: string;
  actor: string | null;
  note: string;
  at: number;
}

/** Transfers whose terminal is in the scope now, newest first. */
export function listTransfers(db: Db, scope: Scope, limit = 50): TransferRow[] {
  return db.$client
    .prepare(
      `SELECT x.id, t.sn, fa.code AS fromCode, ta.code AS toCode, u.email AS actor, x.note, x.at
         FROM terminal_transfers x
         JOIN terminals t ON t.id = x.terminal_id
         JOIN agents cur ON cur.id = t.agent_id
         JOIN agents fa ON fa.id = x.from_agent_id
         JOIN agents ta ON ta.id = x.to_agent_id
         LEFT JOIN users u ON u.id = x.user_id
        WHERE cur.path LIKE ? ORDER BY x.at DESC, x.id DESC LIMIT ?`,
    )
    .all(subtreePattern(scope), limit) as TransferRow[];
}
