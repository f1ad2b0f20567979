// Applies a person's action to alerts inside their scope: load, run the lifecycle, write the row,
// its timeline and the audit entry in one transaction. Shared by every alert verb.
import { alertInScope, type ScopedAlert } from "@/db/alerts-actions";
import { alertStatements, saveTransition } from "@/db/alert-writes";
import type { Db } from "@/db/client";
import { recordAudit } from "@/lib/audit";
import { assertCan } from "@/lib/auth/permissions";
import type { Scope } from "@/lib/auth/scope";
import { activeTerminals, refreshActiveTerminals } from "./active-set";
import { DEFAULT_ALERT_CONFIG, type AlertConfig } from "./config";
import { alertInvalid, alertNotFound, refused } from "./errors";
import { transition, type LifecycleEvent } from "./lifecycle";

/** Most alerts one bulk action takes. */
export const MAX_BULK = 200;

export interface ActOptions {
  config?: AlertConfig;
  ip?: string;
  /** Extra checks on each alert before it changes (e.g. the assignee can see it). */
  check?: (alert: ScopedAlert) => void;
}

export interface BulkResult {
  changed: number[];
  /** Alerts left as they were, with why (already acknowledged, ...). */
  skipped: { id: number; reason: string }[];
}

export function actorOf(scope: Scope): number {
  assertCan(scope, "alerts:act");
  if (scope.userId === null) throw alertInvalid("needs_person", "alert actions are taken by a signed-in person");
  return scope.userId;
}

/** One alert: a refusal of the lifecycle is an error (409/422). */
export async function actOnAlert(db: Db, scope: Scope, id: number, event: LifecycleEvent, verb: string, now: number, opts: ActOptions = {}): Promise<ScopedAlert> {
  const r = await actOnAlerts(db, scope, [id], event, verb, now, { ...opts, strict: true });
  return r.alerts[0]!;
}

/**
 * Several alerts, all or nothing for scope: an id outside the caller's scope fails the whole
 * request before anything is written. Lifecycle refusals skip that alert (bulk) or fail (strict).
 */
export async function actOnAlerts(
  db: Db,
  scope: Scope,
  ids: number[],
  event: LifecycleEvent,
  verb: string,
  now: number,
  opts: ActOptions & { strict?: boolean } = {},
): Promise<BulkResult & { alerts: ScopedAlert[] }> {
  actorOf(scope);
  const unique = [...new Set(ids)];
  if (unique.length === 0) throw alertInvalid("too_many", "choose at least one alert", "ids");
  if (unique.length > MAX_BULK) throw alertInvalid("too_many", `act on at most ${MAX_BULK} alerts at once`, "ids");
  const config = opts.config ?? DEFAULT_ALERT_CONFIG;
  await activeTerminals(db);
  const result = await db.transaction(async () => {
    const st = alertStatements(db);
    // PostgreSQL: the alerts' terminals first, in id order, as ingest and the sweep take them.
    await st.lockTerminalsOf(unique);
    const found: ScopedAlert[] = [];
    for (const id of unique) {
      const a = await alertInScope(db, scope, id);
      if (!a) throw alertNotFound(id);
      found.push(a);
    }
    const out: BulkResult & { alerts: ScopedAlert[] } = { changed: [], skipped: [], alerts: [] };
    for (const alert of found) {
      opts.check?.(alert);
      const t = transition(alert, event, now, config);
      if (!t.ok) {
        if (opts.strict) throw refused(t.refusal, alert.id);
        out.skipped.push({ id: alert.id, reason: t.refusal });
        out.alerts.push(alert);
        continue;
      }
      out.alerts.push({ ...alert, ...t.state });
      if (t.events.length === 0) continue;
      await saveTransition(st, alert, t.state, t.events, now);
      await recordAudit(db, scope, {
        action: `alert.${verb}`,
        target: { type: "alert", id: alert.id },
        agentId: alert.agentId,
        before: { status: alert.status, assigneeId: alert.assigneeId },
        after: { status: t.state.status, assigneeId: t.state.assigneeId, ...eventDetails(event) },
        ip: opts.ip,
      }, now);
      out.changed.push(alert.id);
    }
    return out;
  });
  await refreshActiveTerminals(db);
  return result;
}

function eventDetails(e: LifecycleEvent): Record<string, unknown> {
  switch (e.type) {
    case "log_call":
      return { outcome: e.outcome, note: e.note };
    case "resolve":
      return { resolution: e.outcome, note: e.note };
    case "snooze":
      return { snoozedUntil: e.until };
    default:
      return {};
  }
}
