// Maintenance windows as pages show them, and their writes.
import type { Db } from "@/db/client";
import { subtreePattern, type Scope } from "@/lib/domain/scope";
import type { ProblemCategory } from "@/lib/domain/enums";
import { DAY_MS } from "@/lib/domain/time";

export interface SilenceRow {
  id: number;
  agentId: number;
  agentName: string;
  city: string | null;
  category: ProblemCategory | null;
  startsAt: number;
  endsAt: number;
  reason: string;
  createdByName: string | null;
  /** Active alerts it mutes right now. */
  muting: number;
}

/** Current and upcoming windows, then those that ended in the last 7 days. */
export function listSilences(db: Db, scope: Scope, now: number): Promise<SilenceRow[]> {
  return db.all<SilenceRow>(
    `SELECT s.id, s.agent_id AS "agentId", a.name AS "agentName", s.city, s.category, s.starts_at AS "startsAt", s.ends_at AS "endsAt",
            s.reason, u.name AS "createdByName",
            CASE WHEN s.starts_at <= @now AND s.ends_at > @now THEN
              (SELECT count(*) FROM alerts al JOIN terminals t ON t.id = al.terminal_id JOIN merchants m ON m.id = t.merchant_id
                 JOIN agents ag ON ag.id = t.agent_id
                WHERE al.status <> 'resolved' AND ag.path LIKE a.path || '%' AND (s.city IS NULL OR s.city = m.city)
                  AND (s.category IS NULL OR s.category = al.category)) ELSE 0 END AS muting
       FROM silences s JOIN agents a ON a.id = s.agent_id LEFT JOIN users u ON u.id = s.created_by
      WHERE a.path LIKE @scope AND s.ends_at > @recent
      ORDER BY s.ends_at <= @now, s.starts_at DESC`,
    { scope: subtreePattern(scope), now, recent: now - 7 * DAY_MS },
  );
}

export function silenceInScope(db: Db, scope: Scope, id: number): Promise<{ id: number; agentId: number; endsAt: number; startsAt: number } | undefined> {
  return db.get<{ id: number; agentId: number; endsAt: number; startsAt: number }>(
    `SELECT s.id, s.agent_id AS "agentId", s.ends_at AS "endsAt", s.starts_at AS "startsAt" FROM silences s JOIN agents a ON a.id = s.agent_id WHERE s.id = ? AND a.path LIKE ?`,
    [id, subtreePattern(scope)],
  );
}

export async function insertSilence(
  db: Db,
  s: { agentId: number; city: string | null; category: ProblemCategory | null; startsAt: number; endsAt: number; reason: string; createdBy: number | null },
  now: number,
): Promise<number> {
  const row = await db.get<{ id: number }>(
    `INSERT INTO silences (agent_id, city, category, starts_at, ends_at, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    [s.agentId, s.city, s.category, s.startsAt, s.endsAt, s.reason, s.createdBy, now],
  );
  return row!.id;
}

export async function endSilenceRow(db: Db, id: number, now: number): Promise<void> {
  await db.run(`UPDATE silences SET ends_at = ? WHERE id = ? AND ends_at > ?`, [now, id, now]);
}
