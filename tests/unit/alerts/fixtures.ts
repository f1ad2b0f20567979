// Shared by the alert and notification tests: ingest with an explicit clock, and readers of the
// alert tables. Real database, real migrations, real ingest.
import type { Db } from "@/db/client";
import { getPolicy } from "@/db/policy";
import { ingestHeartbeats, type IngestScope } from "@/lib/ingest/ingest";

export const MIN = 60_000;

export interface AlertRow {
  id: number;
  terminalId: number;
  category: string;
  severity: string;
  status: string;
  incidentId: number | null;
  resolution: string | null;
  reopenCount: number;
  clearedAt: number | null;
  assigneeId: number | null;
  lastCallOutcome: string | null;
}

export function ingestAs(db: Db, agent: { id: number; path: string }) {
  const scope: IngestScope = { agentId: agent.id, agentPath: agent.path };
  return async (items: unknown[], now: number) => {
    const r = await ingestHeartbeats(db, scope, items, now, await getPolicy(db));
    if (r.rejected) throw new Error(`rejected: ${JSON.stringify(r.results.filter((x) => x.status === "rejected"))}`);
    return r;
  };
}

export function alertsOf(db: Db, terminalId: number): Promise<AlertRow[]> {
  return db.all<AlertRow>(
    `SELECT id, terminal_id AS "terminalId", category, severity, status, incident_id AS "incidentId", resolution, reopen_count AS "reopenCount",
            cleared_at AS "clearedAt", assignee_id AS "assigneeId", last_call_outcome AS "lastCallOutcome" FROM alerts WHERE terminal_id = ? ORDER BY id`,
    [terminalId],
  );
}

export async function timeline(db: Db, alertId: number): Promise<{ kind: string; actorId: number | null; at: number; data: Record<string, unknown> }[]> {
  const rows = await db.all<{ kind: string; actorId: number | null; at: number; data: string }>(
    `SELECT kind, actor_id AS "actorId", at, data FROM alert_events WHERE alert_id = ? ORDER BY id`,
    [alertId],
  );
  return rows.map((r) => ({ ...r, data: JSON.parse(r.data) as Record<string, unknown> }));
}

export const kinds = async (db: Db, alertId: number) => (await timeline(db, alertId)).map((e) => e.kind);

export async function countRows(db: Db, table: string): Promise<number> {
  return Number((await db.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n);
}
