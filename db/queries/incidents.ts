// Incidents as the caller sees them: only incidents with terminals in their subtree, counted
// within that subtree.
import type { Db } from "@/db/client";
import type { AlertSeverity, AlertStatus, IncidentKind, IncidentStatus } from "@/lib/domain/alerts";
import { subtreePattern, type Scope } from "@/lib/domain/scope";
import type { ProblemCategory } from "@/lib/domain/enums";

export interface IncidentRow {
  id: number;
  kind: IncidentKind;
  status: IncidentStatus;
  city: string | null;
  carrier: string | null;
  firmware: string | null;
  category: ProblemCategory;
  severity: AlertSeverity;
  openedAt: number;
  resolvedAt: number | null;
  peakTerminals: number;
  populationTerminals: number;
  /** Member terminals in the caller's subtree. */
  terminals: number;
  /** Of those, still with an active alert. */
  active: number;
}

const SELECT = `SELECT i.id, i.kind, i.status, i.city, i.carrier, i.firmware, i.category, i.severity, i.opened_at AS "openedAt",
    i.resolved_at AS "resolvedAt", i.peak_terminals AS "peakTerminals", i.population_terminals AS "populationTerminals",
    count(a.id) AS terminals, count(a.id) FILTER (WHERE a.status <> 'resolved') AS active
  FROM incidents i JOIN alerts a ON a.incident_id = i.id JOIN terminals t ON t.id = a.terminal_id JOIN agents ag ON ag.id = t.agent_id`;

export function listIncidents(db: Db, scope: Scope, f: { status?: IncidentStatus; limit?: number } = {}): Promise<IncidentRow[]> {
  return db.all<IncidentRow>(
    `${SELECT} WHERE ag.path LIKE ? ${f.status ? "AND i.status = ?" : ""} GROUP BY i.id ORDER BY i.status = 'open' DESC, i.opened_at DESC LIMIT ?`,
    [subtreePattern(scope), ...(f.status ? [f.status] : []), Math.min(f.limit ?? 100, 500)],
  );
}

export function getIncident(db: Db, scope: Scope, id: number): Promise<IncidentRow | undefined> {
  return db.get<IncidentRow>(`${SELECT} WHERE ag.path LIKE ? AND i.id = ? GROUP BY i.id`, [subtreePattern(scope), id]);
}

export interface IncidentMember {
  alertId: number;
  status: AlertStatus;
  severity: AlertSeverity;
  category: ProblemCategory;
  sn: string;
  merchant: string;
  phone: string;
  city: string;
  carrier: string;
  agentName: string;
  terminalStatus: "online" | "offline" | null;
  firstSeenAt: number;
}

export function incidentMembers(db: Db, scope: Scope, id: number): Promise<IncidentMember[]> {
  return db.all<IncidentMember>(
    `SELECT a.id AS "alertId", a.status, a.severity, a.category, t.sn, m.name AS merchant, m.phone, m.city, t.carrier, ag.name AS "agentName",
            s.status AS "terminalStatus", a.first_seen_at AS "firstSeenAt"
       FROM alerts a JOIN terminals t ON t.id = a.terminal_id JOIN merchants m ON m.id = t.merchant_id JOIN agents ag ON ag.id = t.agent_id
       LEFT JOIN terminal_state s ON s.terminal_id = a.terminal_id
      WHERE a.incident_id = ? AND ag.path LIKE ? ORDER BY a.status = 'resolved', t.sn`,
    [id, subtreePattern(scope)],
  );
}
