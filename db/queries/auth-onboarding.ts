// Reads and writes of fleet onboarding: CSV import look-ups and 划拨 (terminal transfers).
import { subtreePattern, type Scope } from "@/lib/domain/scope";
import type { Db } from "../client";

/** Serials per IN (...) list: well under SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 500;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

const marks = (n: number) => Array.from({ length: n }, () => "?").join(", ");

/** Which of these serials are registered anywhere (a serial is unique network-wide). */
export async function registeredSerials(db: Db, sns: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of chunks([...new Set(sns)])) {
    const rows = await db.all<{ sn: string }>(`SELECT sn FROM terminals WHERE sn IN (${marks(part.length)})`, part);
    for (const r of rows) found.add(r.sn);
  }
  return found;
}

export async function findMerchantId(db: Db, agentId: number, name: string): Promise<number | undefined> {
  const row = await db.get<{ id: number }>(`SELECT id FROM merchants WHERE agent_id = ? AND name = ? ORDER BY id LIMIT 1`, [agentId, name]);
  return row?.id;
}

export interface ScopedTerminal {
  id: number;
  sn: string;
  agentId: number;
  agentCode: string;
}

/** The terminals with these serials that lie in the scope; the others are, for the caller, not there. */
export async function terminalsInScope(db: Db, scope: Scope, sns: string[]): Promise<ScopedTerminal[]> {
  const pattern = subtreePattern(scope);
  const bySn = new Map<string, ScopedTerminal>();
  for (const part of chunks([...new Set(sns)])) {
    const rows = await db.all<ScopedTerminal>(
      `SELECT t.id, t.sn, t.agent_id AS "agentId", a.code AS "agentCode" FROM terminals t JOIN agents a ON a.id = t.agent_id
        WHERE t.sn IN (${marks(part.length)}) AND a.path LIKE ?`,
      [...part, pattern],
    );
    for (const r of rows) bySn.set(r.sn, r);
  }
  // In the order asked for, as before.
  return sns.map((sn) => bySn.get(sn)).filter((t): t is ScopedTerminal => !!t);
}

export async function moveTerminal(db: Db, t: { id: number; fromAgentId: number; toAgentId: number; userId: number | null; note: string }, now: number): Promise<void> {
  await db.run(`UPDATE terminals SET agent_id = ? WHERE id = ?`, [t.toAgentId, t.id]);
  await db.run(`INSERT INTO terminal_transfers (terminal_id, from_agent_id, to_agent_id, user_id, note, at) VALUES (?, ?, ?, ?, ?, ?)`, [
    t.id,
    t.fromAgentId,
    t.toAgentId,
    t.userId,
    t.note,
    now,
  ]);
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
export async function listTransfers(db: Db, scope: Scope, limit = 50): Promise<TransferRow[]> {
  return db.all<TransferRow>(
    `SELECT x.id, t.sn, fa.code AS "fromCode", ta.code AS "toCode", u.email AS actor, x.note, x.at
       FROM terminal_transfers x
       JOIN terminals t ON t.id = x.terminal_id
       JOIN agents cur ON cur.id = t.agent_id
       JOIN agents fa ON fa.id = x.from_agent_id
       JOIN agents ta ON ta.id = x.to_agent_id
       LEFT JOIN users u ON u.id = x.user_id
      WHERE cur.path LIKE ? ORDER BY x.at DESC, x.id DESC LIMIT ?`,
    [subtreePattern(scope), limit],
  );
}
