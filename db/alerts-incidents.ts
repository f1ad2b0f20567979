// Reads and writes behind incident grouping (lib/alerts/incidents.ts). Unscoped: grouping is a
// fleet-wide job; pages read incidents through db/queries/incidents.ts with the caller's scope.
import type { AlertSeverity, IncidentKind } from "@/lib/domain/alerts";
import type { ProblemCategory } from "@/lib/domain/enums";
import type { Db } from "./client";

export interface OpenIncident {
  id: number;
  kind: IncidentKind;
  groupKey: string;
  category: ProblemCategory;
  severity: AlertSeverity;
  city: string | null;
  carrier: string | null;
  firmware: string | null;
  openedAt: number;
  peakTerminals: number;
}

export interface GroupCandidate {
  id: number;
  terminalId: number;
  severity: AlertSeverity;
  category: ProblemCategory;
  firstSeenAt: number;
  city: string;
  carrier: string;
  firmware: string | null;
}

/** The candidates' read, from `alerts` (with an index named on SQLite, where it must be). */
const candidate = (alerts = "alerts a") => `SELECT a.id, a.terminal_id AS "terminalId", a.severity, a.category, a.first_seen_at AS "firstSeenAt",
    m.city, t.carrier, s.firmware
  FROM ${alerts} JOIN terminals t ON t.id = a.terminal_id JOIN merchants m ON m.id = t.merchant_id
  LEFT JOIN terminal_state s ON s.terminal_id = a.terminal_id`;

export function openIncidents(db: Db): Promise<OpenIncident[]> {
  return db.all<OpenIncident>(
    `SELECT id, kind, group_key AS "groupKey", category, severity, city, carrier, firmware, opened_at AS "openedAt", peak_terminals AS "peakTerminals"
       FROM incidents WHERE status = 'open'`,
  );
}

/**
 * Active alerts outside any incident, first seen at `since` or later, that a carrier outage can
 * explain: network problems or offline terminals. Read through alerts_ungrouped_idx, a range of
 * first_seen_at (the caller needs no older ones), instead of every alert ever raised.
 */
export function carrierCandidates(db: Db, since: number): Promise<GroupCandidate[]> {
  return db.all<GroupCandidate>(
    `${candidate(db.dialect === "pg" ? "alerts a" : "alerts a INDEXED BY alerts_ungrouped_idx")} WHERE a.status <> 'resolved' AND a.incident_id IS NULL AND a.first_seen_at >= ?
       AND (a.category = 'network' OR s.status = 'offline') AND m.city <> '' AND t.carrier <> ''`,
    [since],
  );
}

/** Terminals of a city on a carrier that have ever reported (stock that never did is not fleet). */
export async function carrierPopulation(db: Db, city: string, carrier: string): Promise<number> {
  const row = await db.get<{ n: number }>(
    `SELECT count(*) AS n FROM terminal_state s JOIN terminals t ON t.id = s.terminal_id JOIN merchants m ON m.id = t.merchant_id WHERE m.city = ? AND t.carrier = ?`,
    [city, carrier],
  );
  return Number(row!.n);
}

export interface FirmwareRate {
  firmware: string;
  category: ProblemCategory;
  /** Terminals on the version with an open (not pending) alert of the category outside carrier incidents. */
  affected: number;
  /** Terminals on the version. */
  terminals: number;
}

/**
 * The versions' populations come from the fleet counters (the firmware rows count terminal_state
 * by version), the affected terminals from the active alerts, read through alerts_active_idx: both
 * were scans (of terminal_state, and of every alert ever raised) held in the SQLite server each minute.
 */
export function firmwareRates(db: Db): Promise<FirmwareRate[]> {
  const alerts = db.dialect === "pg" ? "alerts a" : "alerts a INDEXED BY alerts_active_idx";
  return db.all<FirmwareRate>(
    `WITH pop AS (SELECT k1 AS firmware, sum(n) AS n FROM fleet_counters WHERE dim = 'firmware' GROUP BY k1),
          hit AS (SELECT s.firmware, a.category, count(DISTINCT a.terminal_id) AS p
                    FROM ${alerts} JOIN terminal_state s ON s.terminal_id = a.terminal_id
                    LEFT JOIN incidents i ON i.id = a.incident_id
                   WHERE a.status <> 'resolved' AND a.status <> 'pending' AND (a.incident_id IS NULL OR i.kind = 'firmware')
                   GROUP BY s.firmware, a.category)
     SELECT hit.firmware, hit.category, hit.p AS affected, pop.n AS terminals FROM hit JOIN pop ON pop.firmware = hit.firmware`,
  );
}

/** Terminals that have reported: the fleet counters' firmware rows, one per terminal_state row. */
export async function fleetSize(db: Db): Promise<number> {
  return Number((await db.get<{ n: number }>(`SELECT coalesce(sum(n), 0) AS n FROM fleet_counters WHERE dim = 'firmware'`))!.n);
}

/** Active alerts of one category on terminals currently running `firmware`, outside any incident. */
export function firmwareCandidates(db: Db, firmware: string, category: ProblemCategory): Promise<GroupCandidate[]> {
  return db.all<GroupCandidate>(`${candidate()} WHERE a.status <> 'resolved' AND a.incident_id IS NULL AND s.firmware = ? AND a.category = ?`, [firmware, category]);
}

export interface NewIncident {
  kind: IncidentKind;
  groupKey: string;
  city: string | null;
  carrier: string | null;
  firmware: string | null;
  category: ProblemCategory;
  severity: AlertSeverity;
  populationTerminals: number;
}

export async function insertIncident(db: Db, i: NewIncident, now: number): Promise<number> {
  const row = await db.get<{ id: number }>(
    `INSERT INTO incidents (kind, status, group_key, city, carrier, firmware, category, severity, peak_terminals, population_terminals, opened_at, updated_at)
     VALUES (@kind, 'open', @groupKey, @city, @carrier, @firmware, @category, @severity, 0, @populationTerminals, @now, @now) RETURNING id`,
    { ...i, now },
  );
  return row!.id;
}

export async function attachAlert(db: Db, alertId: number, incidentId: number): Promise<void> {
  await db.run(`UPDATE alerts SET incident_id = ? WHERE id = ?`, [incidentId, alertId]);
}

/** Active and total members of each open incident. */
export interface Membership {
  id: number;
  active: number;
  total: number;
  /** 1 when an active member is critical, 0 when none is, null without active members. */
  critical: number | null;
}

export function incidentMembership(db: Db): Promise<Membership[]> {
  return db.all<Membership>(
    `SELECT i.id, count(a.id) FILTER (WHERE a.status <> 'resolved') AS active, count(a.id) AS total,
            max(CASE WHEN a.status <> 'resolved' THEN CASE WHEN a.severity = 'critical' THEN 1 ELSE 0 END END) AS critical
       FROM incidents i LEFT JOIN alerts a ON a.incident_id = i.id
      WHERE i.status = 'open' GROUP BY i.id`,
  );
}

export async function updateIncident(db: Db, id: number, patch: { peakTerminals: number; severity: AlertSeverity }, now: number): Promise<void> {
  await db.run(`UPDATE incidents SET peak_terminals = ?, severity = ?, updated_at = ? WHERE id = ?`, [patch.peakTerminals, patch.severity, now, id]);
}

export async function resolveIncident(db: Db, id: number, now: number): Promise<void> {
  await db.run(`UPDATE incidents SET status = 'resolved', resolved_at = ?, updated_at = ? WHERE id = ?`, [now, now, id]);
  // Its alerts that are still open come back to the call queue, ranked live until the next sweep (db/alerts-rank.ts).
  await db.run(`UPDATE alerts SET queue_rank = NULL WHERE incident_id = ? AND status IN ('open', 'acknowledged')`, [id]);
}
