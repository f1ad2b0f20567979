import type { Db } from "@/db/client";
import { rankQueue } from "@/db/alerts-rank";
import { reconcileCountersStep } from "@/db/counters";
import { silentOnlineTerminals } from "@/db/fleet";
import { LAST_SWEEP_KEY, writeSetting } from "@/db/settings";
import { log } from "@/lib/log";
import { getPolicy, revalidatePolicyCache } from "@/db/policy";
import { runAlertSweep, type AlertSweepResult } from "@/lib/alerts/sweep";
import { refreshState } from "@/lib/ingest/ingest";
import { defaultRetention, pruneHistory, type PruneResult, type RetentionPolicy } from "./retention";
import { snapshotRollups } from "@/db/rollups";
import { estimateWearStep } from "./battery-wear";
import { learnFromCalls, type LearnResult } from "./rule-outcomes";
import { MINUTE_MS } from "@/lib/domain/time";

export interface SweepResult {
  wentOffline: number;
  at: number;
  pruned: PruneResult;
  alerts: AlertSweepResult;
  /** The slice of agents whose fleet counters were recounted, and the rows that had drifted. */
  counters: { from: number; to: number; drifted: number };
  /** Alerts labelled from their calls and heartbeats (lib/jobs/rule-outcomes.ts). */
  learned: LearnResult;
  /** Open and acknowledged alerts given their call queue rank at `now` (db/alerts-rank.ts). */
  ranked: number;
}

/**
 * The periodic sweep, with `now` passed in: terminals silent past the policy's offline threshold
 * are re-diagnosed at `now`, which marks them offline with the cause inferred from their last window;
 * then the call queue is ranked, the rollups are snapshotted, one slice of the fleet counters is recounted (drift is logged
 * and fixed; a pass over all agents takes a few sweeps) and expired history is pruned in small batches.
 */
/** Terminals marked offline per transaction. */
const OFFLINE_SLICE = 25;

export async function runSweep(db: Db, now: number, retention: RetentionPolicy = defaultRetention): Promise<SweepResult> {
  // Another instance may have saved a policy (PostgreSQL); one stamp read per sweep notices it.
  if (db.dialect === "pg") await revalidatePolicyCache(db);
  const policy = await getPolicy(db);
  const cutoff = now - policy.offlineAfterMin * MINUTE_MS;
  // In id order: on PostgreSQL refreshState locks each terminal, in the order ingest locks them.
  const silent = await silentOnlineTerminals(db, cutoff);
  // In slices, each its own transaction, yielding between them: on SQLite a transaction runs in the
  // server's event loop, and a whole network going silent at once (a carrier outage) is thousands.
  for (let i = 0; i < silent.length; i += OFFLINE_SLICE) {
    await db.transaction(async (tx) => {
      for (const id of silent.slice(i, i + OFFLINE_SLICE)) await refreshState(tx, id, now, policy);
    });
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  await writeSetting(db, LAST_SWEEP_KEY, now, now);
  const alerts = await runAlertSweep(db, now);
  const learned = await learnFromCalls(db, now);
  // After the ticks and the learning, so the ranks see this sweep's states and rule precision.
  const { ranked } = await rankQueue(db, now);
  await estimateWearStep(db, now, policy);
  await snapshotRollups(db, now);
  const step = await reconcileCountersStep(db, now);
  if (step.drift.length > 0) log.warn({ from: step.from, to: step.to, drift: step.drift.slice(0, 20), rows: step.drift.length }, "fleet counters drifted from terminal_state; fixed");
  if (step.codes.added + step.codes.removed > 0) log.warn({ from: step.from, to: step.to, ...step.codes }, "terminal_codes drifted from the findings; fixed");
  const pruned = await pruneHistory(db, now, retention);
  return { wentOffline: silent.length, at: now, pruned, alerts, counters: { from: step.from, to: step.to, drifted: step.drift.length }, learned, ranked };
}
