// Moves a terminal's alerts through their lifecycle after a new diagnosis. Called for every
// touched terminal inside the ingest transaction and by the sweep, so the common case (healthy,
// no active alert) returns after one Set lookup, and an unchanged problem writes nothing.
import { alertStatements, saveTransition } from "@/db/alert-writes";
import type { Db } from "@/db/client";
import type { ProblemCategory } from "@/lib/domain/enums";
import type { Diagnosis, Finding } from "@/lib/rules/types";
import { activeTerminals, loadedActiveTerminals } from "./active-set";
import { DEFAULT_ALERT_CONFIG, type AlertConfig } from "./config";
import { SEVERITY_RANK, type AlertSeverity } from "./enums";
import { createAlert, transition } from "./lifecycle";

interface Problem {
  severity: AlertSeverity;
  findings: Finding[];
}

/** One alert per problem category the diagnosis shows, at the worst severity of its findings. */
export function problemsOf(d: Pick<Diagnosis, "findings">): Map<ProblemCategory, Problem> {
  const out = new Map<ProblemCategory, Problem>();
  for (const f of d.findings) {
    const p = out.get(f.category);
    if (!p) out.set(f.category, { severity: f.severity, findings: [f] });
    else {
      p.findings.push(f);
      if (SEVERITY_RANK[f.severity] > SEVERITY_RANK[p.severity]) p.severity = f.severity;
    }
  }
  return out;
}

/**
 * `known`: whether the terminal has an active alert, as read from the database under the
 * terminal's lock. Without it the process's set answers (a superset, exact on SQLite where this
 * process is the only writer). On PostgreSQL another instance may have opened an alert the set
 * does not hold, so ingest and refreshState there read it for the terminals they lock and pass it.
 */
export async function applyDiagnosis(
  db: Db,
  terminalId: number,
  diagnosis: Pick<Diagnosis, "findings">,
  now: number,
  config: AlertConfig = DEFAULT_ALERT_CONFIG,
  known?: boolean,
): Promise<void> {
  // The fast path, kept small: a loaded set answers without a statement.
  const active = loadedActiveTerminals(db) ?? (await activeTerminals(db));
  const tracked = known ?? active.has(terminalId);
  if (known) active.add(terminalId);
  if (diagnosis.findings.length === 0 && !tracked) return;
  await moveAlerts(db, active, tracked, terminalId, diagnosis, now, config);
}

async function moveAlerts(db: Db, active: Set<number>, tracked: boolean, terminalId: number, diagnosis: Pick<Diagnosis, "findings">, now: number, config: AlertConfig): Promise<void> {
  const st = alertStatements(db);
  const problems = problemsOf(diagnosis);
  if (tracked) {
    for (const alert of await st.activeFor(terminalId)) {
      const p = problems.get(alert.category);
      problems.delete(alert.category);
      const t = transition(alert, p ? { type: "problem_seen", severity: p.severity } : { type: "problem_cleared" }, now, config);
      if (!t.ok || t.events.length === 0) continue;
      const worsened = p !== undefined && t.events.some((e) => e.kind === "escalated");
      await saveTransition(st, alert, t.state, t.events, now, worsened ? JSON.stringify(p.findings) : undefined);
    }
  }
  for (const [category, p] of problems) {
    const findings = JSON.stringify(p.findings);
    // The current set: a rebuild may have replaced `active` while this awaited.
    (loadedActiveTerminals(db) ?? active).add(terminalId);
    const previous = await st.resolvedSince(terminalId, category, now - config.reopenWithinMs);
    if (previous) {
      const t = transition(previous, { type: "problem_seen", severity: p.severity }, now, config);
      if (t.ok) {
        await st.clearIncident(previous.id);
        await saveTransition(st, { id: previous.id, incidentId: null }, t.state, t.events, now, findings);
        continue;
      }
    }
    const { state, events } = createAlert(p.severity, now, config);
    const id = await st.insert(terminalId, category, state, findings, now);
    for (const e of events) await st.event(id, null, e);
  }
}
