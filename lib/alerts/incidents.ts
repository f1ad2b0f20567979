// Incident grouping, run by the alert sweep. Two tests (docs/alerts.md):
// (a) carrier outage: network problems or offline terminals of one city on one carrier that
//     started within the window, at least N terminals and at least a share of that group;
// (b) firmware: terminals of one version with open alerts of one category at a rate at least
//     F times the rest of the fleet's, and at least M of them.
// Alerts in an open incident leave the call queue and are notified through the incident.
import { alertStatements } from "@/db/alert-writes";
import {
  attachAlert, carrierCandidates, carrierPopulation, firmwareCandidates, firmwareRates, fleetSize, incidentMembership,
  insertIncident, openIncidents, resolveIncident, updateIncident, type GroupCandidate, type NewIncident, type OpenIncident,
} from "@/db/alerts-incidents";
import type { Db } from "@/db/client";
import type { ProblemCategory } from "@/lib/domain/enums";
import type { AlertConfig } from "./config";

export interface IncidentResult {
  opened: number;
  joined: number;
  resolved: number;
}

export const carrierKey = (city: string, carrier: string) => `carrier:${city}:${carrier}`;
export const firmwareKey = (firmware: string, category: ProblemCategory) => `firmware:${firmware}:${category}`;

export async function groupIncidents(db: Db, now: number, config: AlertConfig): Promise<IncidentResult> {
  const c = config.incidents;
  const byKey = new Map((await openIncidents(db)).map((i) => [i.groupKey, i]));
  const result: IncidentResult = { opened: 0, joined: 0, resolved: 0 };
  const open = async (i: NewIncident, members: GroupCandidate[]): Promise<OpenIncident> => {
    const severity = members.some((m) => m.severity === "critical") ? "critical" : "warning";
    const id = await insertIncident(db, { ...i, severity }, now);
    await alertStatements(db).event(null, id, { kind: "incident_opened", at: now, actor: null, data: { kind: i.kind, terminals: members.length } });
    result.opened++;
    const created: OpenIncident = { id, kind: i.kind, groupKey: i.groupKey, category: i.category, severity, city: i.city, carrier: i.carrier, firmware: i.firmware, openedAt: now, peakTerminals: 0 };
    byKey.set(i.groupKey, created);
    return created;
  };
  const join = async (incident: OpenIncident, members: GroupCandidate[]) => {
    const st = alertStatements(db);
    for (const m of members) {
      await attachAlert(db, m.id, incident.id);
      await st.event(m.id, incident.id, { kind: "incident_joined", at: now, actor: null, data: { incidentId: incident.id, kind: incident.kind } });
      result.joined++;
    }
  };

  // (a) carrier outages. A new one counts the alerts of the window; an open one takes those first
  // seen up to a window before it opened: nothing older is read.
  let since = now - c.windowMs;
  for (const i of byKey.values()) if (i.kind === "carrier_outage") since = Math.min(since, i.openedAt - c.windowMs);
  const groups = new Map<string, GroupCandidate[]>();
  for (const cand of await carrierCandidates(db, since)) {
    const key = carrierKey(cand.city, cand.carrier);
    const list = groups.get(key);
    if (list) list.push(cand);
    else groups.set(key, [cand]);
  }
  for (const [key, list] of groups) {
    let incident = byKey.get(key);
    if (!incident) {
      const recent = list.filter((a) => a.firstSeenAt >= now - c.windowMs);
      if (recent.length < c.carrierMinTerminals) continue;
      const { city, carrier } = recent[0]!;
      const population = await carrierPopulation(db, city, carrier);
      if (population === 0 || recent.length / population < c.carrierMinShare) continue;
      incident = await open({ kind: "carrier_outage", groupKey: key, city, carrier, firmware: null, category: "network", severity: "warning", populationTerminals: population }, recent);
    }
    // Problems that began well before the outage are probably the terminal's own.
    const since = incident.openedAt - c.windowMs;
    await join(incident, list.filter((a) => a.firstSeenAt >= since));
  }

  // (b) firmware versions far above the fleet's problem rate, per category
  const rates = await firmwareRates(db);
  const fleet = await fleetSize(db);
  const affectedByCategory = new Map<ProblemCategory, number>();
  for (const r of rates) affectedByCategory.set(r.category, (affectedByCategory.get(r.category) ?? 0) + r.affected);
  for (const r of rates) {
    const key = firmwareKey(r.firmware, r.category);
    if (byKey.has(key) || r.affected < c.firmwareMinTerminals) continue;
    const rest = fleet - r.terminals;
    if (rest <= 0) continue;
    const restRate = ((affectedByCategory.get(r.category) ?? 0) - r.affected) / rest;
    if (r.affected / r.terminals < c.firmwareRateFactor * restRate) continue;
    const members = await firmwareCandidates(db, r.firmware, r.category);
    await open({ kind: "firmware", groupKey: key, city: null, carrier: null, firmware: r.firmware, category: r.category, severity: "warning", populationTerminals: r.terminals }, members);
  }
  for (const incident of byKey.values()) {
    if (incident.kind === "firmware" && incident.firmware !== null) await join(incident, await firmwareCandidates(db, incident.firmware, incident.category));
  }
  return result;
}

/** Incidents resolve when their alerts have; open ones track their peak size and worst severity. */
export async function settleIncidents(db: Db, now: number): Promise<number> {
  let resolved = 0;
  const open = new Map((await openIncidents(db)).map((i) => [i.id, i]));
  for (const m of await incidentMembership(db)) {
    const incident = open.get(m.id);
    if (!incident) continue;
    if (m.active === 0) {
      await resolveIncident(db, m.id, now);
      await alertStatements(db).event(null, m.id, { kind: "incident_resolved", at: now, actor: null, data: { terminals: m.total } });
      resolved++;
      continue;
    }
    const severity = m.critical ? "critical" : "warning";
    if (m.active > incident.peakTerminals || severity !== incident.severity) {
      await updateIncident(db, m.id, { peakTerminals: Math.max(m.active, incident.peakTerminals), severity }, now);
    }
  }
  return resolved;
}
