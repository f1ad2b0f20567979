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
  return (items: unknown[], now: number) => {
    const r = ingestHeartbeats(db, scope, items, now, getPolicy(db));
    if (r.rejected) throw new Error(`rejected: ${JSON.stringify(r.results.filter((x) => x.status === "rejected"))}`);
    return r;
  };
}

export function alertsOf(db: Db, terminalId: number): AlertRow[] {
  return db.$client
    .prepare(
      `SELECT id, terminal_id AS terminalId, category, severity, status, incident_id AS incidentId, resolution, reopen_count AS reopenCount,
              cleared_at AS clearedAt, assignee_id AS assigneeId, last_call_outcome AS lastCallOutcome FROM alerts WHERE terminal_id = ? ORDER BY id`,
    )
    .all(terminalId) as AlertRow[];
}

export function timeline(db: Db, alertId: number): { kind: string; actorId: number | null; at: number; data: Record<string, unknown> }[] {
  return (db.$client.prepare(`SELECT kind, actor_id AS actorId, at, data FROM alert_events WHERE alert_id = ? ORDER BY id`).all(alertId) as { kind: string; actorId: number | null; at: number; data: string }[]).map(
    (r) => ({ ...r, data: JSON.parse(r.data) as Record<string, unknown> }),
  );
}

export const kinds = (db: Db, alertId: number) => timeline(db, alertId).map((e) => e.kind);

export function countRows(db: Db, table: string): number {
  return (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}
