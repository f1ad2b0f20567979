// The alerts' part of the minute sweep, with `now` passed in: fold new transactions into the
// merchant-value rollup, tick every alert that time can change (hold elapsed, healthy long
// enough, snooze or verification due, reminders), group incidents, settle them, and enqueue
// the grouped messages. One transaction; the notifier delivers after commit.
import { pruneOutbox } from "@/db/alerts-outbox";
import { rollupMerchantTxn } from "@/db/alerts-rollup";
import { alertStatements, saveTransition } from "@/db/alerts-store";
import type { Db } from "@/db/client";
import { composeNotifications } from "@/lib/notify/compose";
import { activeTerminals, refreshActiveTerminals } from "./active-set";
import { alertConfig, type AlertConfig } from "./config";
import { groupIncidents, settleIncidents } from "./incidents";
import { transition } from "./lifecycle";

/** The delivery log keeps settled messages this long, ms. */
export const OUTBOX_KEEP_MS = 30 * 86_400_000;

export interface AlertSweepResult {
  at: number;
  opened: number;
  resolved: number;
  reminders: number;
  incidentsOpened: number;
  incidentsResolved: number;
  messages: number;
}

export async function runAlertSweep(db: Db, now: number, config: AlertConfig = alertConfig()): Promise<AlertSweepResult> {
  await activeTerminals(db);
  const result = await db.transaction(async (): Promise<AlertSweepResult> => {
    await rollupMerchantTxn(db, now);
    const st = alertStatements(db);
    let opened = 0, resolved = 0, reminders = 0;
    for (const alert of await st.dueForTick(now)) {
      const t = transition(alert, { type: "tick" }, now, config);
      if (!t.ok || t.events.length === 0) continue;
      await saveTransition(st, alert, t.state, t.events, now);
      for (const e of t.events) {
        if (e.kind === "opened") opened++;
        else if (e.kind === "resolved") resolved++;
        else if (e.kind === "reminder") reminders++;
      }
    }
    const incidents = await groupIncidents(db, now, config);
    const incidentsResolved = await settleIncidents(db, now);
    const messages = await composeNotifications(db, now, config);
    await pruneOutbox(db, now - OUTBOX_KEEP_MS);
    return { at: now, opened, resolved, reminders, incidentsOpened: incidents.opened, incidentsResolved, messages };
  });
  await refreshActiveTerminals(db);
  return result;
}
