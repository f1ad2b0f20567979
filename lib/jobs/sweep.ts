import type { Db } from "@/db/client";
import { getPolicy } from "@/db/policy";
import { runAlertSweep, type AlertSweepResult } from "@/lib/alerts/sweep";
import { refreshState } from "@/lib/ingest/ingest";
import { defaultRetention, pruneHistory, type PruneResult, type RetentionPolicy } from "./retention";
import { snapshotRollups } from "./rollups";

export interface SweepResult {
  wentOffline: number;
  at: number;
  pruned: PruneResult;
  alerts: AlertSweepResult;
}

/**
 * The periodic sweep, with `now` passed in: terminals silent past the policy's offline threshold
 * are re-diagnosed at `now`, which marks them offline with the cause inferred from their last window;
 * then the rollups are snapshotted and expired history is pruned in small batches.
 */
export function runSweep(db: Db, now: number, retention: RetentionPolicy = defaultRetention): SweepResult {
  const policy = getPolicy(db);
  const cutoff = now - policy.offlineAfterMin * 60_000;
  const sqlite = db.$client;
  const silent = sqlite
    .prepare(`SELECT terminal_id AS id FROM terminal_state WHERE status = 'online' AND last_seen_at < ?`)
    .all(cutoff) as { id: number }[];
  sqlite.transaction(() => {
    for (const { id } of silent) refreshState(db, id, now, policy);
    sqlite
      .prepare(`INSERT INTO settings (key, value, updated_at) VALUES ('last_sweep_at', ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`)
      .run(JSON.stringify(now), now);
  })();
  const alerts = runAlertSweep(db, now);
  snapshotRollups(db, now);
  const pruned = pruneHistory(db, now, retention);
  return { wentOffline: silent.length, at: now, pruned, alerts };
}
