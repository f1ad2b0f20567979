// Policy history and the reads behind a policy dry run and a fleet re-diagnosis.
import { subtreePattern, type Scope } from "@/lib/domain/scope";
import type { Policy } from "@/lib/domain/policy";
import type { Db } from "../client";
import { readWindow, type WindowRow } from "../ingest-store";
import type { PolicyVersion } from "../schema-auth";

export async function insertPolicyVersion(
  db: Db,
  v: { policy: Policy; userId: number | null; actor: string; revertedFromId: number | null; changedTerminals: number },
  now: number,
): Promise<number> {
  const row = await db.get<{ id: number }>(
    `INSERT INTO policy_versions (policy, user_id, actor, reverted_from_id, changed_terminals, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
    [JSON.stringify(v.policy), v.userId, v.actor, v.revertedFromId, v.changedTerminals, now],
  );
  return row!.id;
}

// The actor is shown by name (the person's current name; "system" for jobs), never by e-mail:
// the history is read by admins of other agents too.
const SELECT_VERSION = `SELECT v.id, v.policy, v.user_id AS "userId",
                               CASE WHEN v.user_id IS NULL THEN v.actor ELSE COALESCE(u.name, 'unknown') END AS actor,
                               v.reverted_from_id AS "revertedFromId", v.changed_terminals AS "changedTerminals", v.created_at AS "createdAt"
                          FROM policy_versions v LEFT JOIN users u ON u.id = v.user_id`;

function toVersion(r: PolicyVersion): PolicyVersion {
  return { ...r, policy: typeof r.policy === "string" ? (JSON.parse(r.policy) as unknown) : r.policy };
}

export async function listPolicyVersions(db: Db, limit = 50): Promise<PolicyVersion[]> {
  return (await db.all<PolicyVersion>(`${SELECT_VERSION} ORDER BY v.created_at DESC, v.id DESC LIMIT ?`, [limit])).map(toVersion);
}

export async function getPolicyVersion(db: Db, id: number): Promise<PolicyVersion | undefined> {
  const row = await db.get<PolicyVersion>(`${SELECT_VERSION} WHERE v.id = ?`, [id]);
  return row ? toVersion(row) : undefined;
}

export interface StatedTerminal {
  terminalId: number;
  sn: string;
  category: string;
}

/** Terminals in the scope that have a diagnosis, in serial order. */
export async function listStatedTerminals(db: Db, scope: Scope): Promise<StatedTerminal[]> {
  return db.all<StatedTerminal>(
    `SELECT t.id AS "terminalId", t.sn, s.category FROM terminals t
       JOIN terminal_state s ON s.terminal_id = t.id
       JOIN agents a ON a.id = t.agent_id
      WHERE a.path LIKE ? ORDER BY t.sn`,
    [subtreePattern(scope)],
  );
}

/** Each in-scope terminal's newest `maxBeats` stored heartbeats, newest first, as ingest reads them. */
export async function loadWindows(db: Db, scope: Scope, maxBeats: number): Promise<{ terminalId: number; sn: string; rows: WindowRow[] }[]> {
  const out: { terminalId: number; sn: string; rows: WindowRow[] }[] = [];
  for (const t of await listStatedTerminals(db, scope)) {
    out.push({ terminalId: t.terminalId, sn: t.sn, rows: await readWindow(db, t.terminalId, maxBeats) });
  }
  return out;
}
