// The alerts' part of the minute sweep, with `now` passed in: fold new transactions into the
// merchant-value rollup, tick every alert that time can change (hold elapsed, healthy long
// enough, snooze or verification due, reminders), group incidents, settle them, and enqueue
// the grouped messages. The notifier delivers after commit.
//
// SQLite: one transaction. PostgreSQL, where ingest on every instance writes alerts meanwhile:
// three, in this order. The tick locks the terminals of the alerts it may change (in id order,
// as ingest does) and holds those locks only for itself; incidents and settling follow; composing
// comes last, alone in its transaction, because it waits for every open writer of notify-worthy
// entries (db/alerts-outbox.ts, lockNotifyWriters) and must hold no lock such a writer may need.
import { pruneOutbox } from "@/db/alerts-outbox";
import { rollupMerchantTxn } from "@/db/alerts-rollup";
import { alertStatements, saveTransition } from "@/db/alert-writes";
import type { Db } from "@/db/client";
import { composeNotifications } from "@/lib/notify/compose";
import { activeTerminals, refreshActiveTerminals } from "./active-set";
import { alertConfig, type AlertConfig } from "./config";
import { groupIncidents, settleIncidents, type IncidentResult } from "./incidents";
import { transition } from "./lifecycle";
import { DAY_MS } from "@/lib/domain/time";

/** The delivery log keeps settled messages this long, ms. */
export const OUTBOX_KEEP_MS = 30 * DAY_MS;

export interface AlertSweepResult {
  at: number;
  opened: number;
  resolved: number;
  reminders: number;
  incidentsOpened: number;
  incidentsResolved: number;
  messages: number;
}

interface Ticked {
  opened: number;
  resolved: number;
  reminders: number;
}

export async function runAlertSweep(db: Db, now: number, config: AlertConfig = alertConfig()): Promise<AlertSweepResult> {
  await activeTerminals(db);
  // Outside the sweep's transaction: the fold commits chunk by chunk, so on SQLite ingest gets the
  // writer between chunks instead of waiting for all of them.
  await rollupMerchantTxn(db, now);
  let result: AlertSweepResult;
  if (db.dialect === "pg") {
    const ticked = await db.transaction(() => tickAlerts(db, now, config));
    const grouped = await db.transaction(async () => {
      const incidents = await groupIncidents(db, now, config);
      const incidentsResolved = await settleIncidents(db, now);
      await pruneOutbox(db, now - OUTBOX_KEEP_MS);
      return { incidents, incidentsResolved };
    });
    const messages = await db.transaction(() => composeNotifications(db, now, config));
    result = summary(now, ticked, grouped.incidents, grouped.incidentsResolved, messages);
  } else {
    const ticked = await tickAlertsInSlices(db, now, config);
    result = await db.transaction(async () => {
      const incidents = await groupIncidents(db, now, config);
      const incidentsResolved = await settleIncidents(db, now);
      const messages = await composeNotifications(db, now, config);
      await pruneOutbox(db, now - OUTBOX_KEEP_MS);
      return summary(now, ticked, incidents, incidentsResolved, messages);
    });
  }
  await refreshActiveTerminals(db);
  return result;
}

/** Alerts ticked per SQLite transaction: each transaction holds the server's event loop. */
const TICK_SLICE = 100;

/** Applies a tick to every alert time may change; on PostgreSQL under their terminals' locks. */
async function tickAlerts(db: Db, now: number, config: AlertConfig, ids?: number[]): Promise<Ticked> {
  const st = alertStatements(db);
  const out: Ticked = { opened: 0, resolved: 0, reminders: 0 };
  for (const alert of await st.dueForTick(now, config, ids)) {
    const t = transition(alert, { type: "tick" }, now, config);
    if (!t.ok || t.events.length === 0) continue;
    await saveTransition(st, alert, t.state, t.events, now);
    for (const e of t.events) {
      if (e.kind === "opened") out.opened++;
      else if (e.kind === "resolved") out.resolved++;
      else if (e.kind === "reminder") out.reminders++;
    }
  }
  return out;
}

/**
 * SQLite: the due alerts' ids first, then TICK_SLICE of them per transaction, each read again
 * inside it (still due, as committed then). One transaction for every due alert held the event
 * loop for 30-40 ms a minute in a soak at 20,000 terminals.
 */
async function tickAlertsInSlices(db: Db, now: number, config: AlertConfig): Promise<Ticked> {
  const ids = await alertStatements(db).dueIdsForTick(now, config);
  const out: Ticked = { opened: 0, resolved: 0, reminders: 0 };
  for (let i = 0; i < ids.length; i += TICK_SLICE) {
    const t = await db.transaction(() => tickAlerts(db, now, config, ids.slice(i, i + TICK_SLICE)));
    out.opened += t.opened;
    out.resolved += t.resolved;
    out.reminders += t.reminders;
  }
  return out;
}

function summary(at: number, t: Ticked, incidents: IncidentResult, incidentsResolved: number, messages: number): AlertSweepResult {
  return { at, opened: t.opened, resolved: t.resolved, reminders: t.reminders, incidentsOpened: incidents.opened, incidentsResolved, messages };
}
