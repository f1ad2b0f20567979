// Writes simulated history straight through lib/ingest (no HTTP), in simulated time: each call
// to ingest gets the slice's end as `now`, so received_at, the diagnoses and the sweeps are
// historical. The sweep and the rollup snapshots run on the simulated clock as they would live.
import type { Db } from "@/db/client";
import { getPolicy } from "@/db/policy";
import { ingestHeartbeats, type IngestScope } from "@/lib/ingest/ingest";
import { snapshotRollups } from "@/db/rollups";
import { runSweep } from "@/lib/jobs/sweep";
import { HOUR_MS, MINUTE_MS } from "./clock";
import type { Simulation } from "./simulation";

export interface BackfillOptions {
  from: number; // epoch ms
  to: number; // epoch ms
  /** Heartbeat interval of the older history. */
  intervalMs: number;
  /** Heartbeat interval of the last `recentMs` (the live interval, so the current window is exact). */
  recentIntervalMs?: number;
  recentMs?: number;
  /** Heartbeats per ingest call. */
  batchSize?: number;
  sweepEveryMs?: number;
  onProgress?: (p: BackfillProgress) => void;
  /** Runs after every sweep, at the sweep's simulated time (the demo's call desk). */
  afterSweep?: (at: number) => Promise<unknown>;
}

export interface BackfillProgress {
  simulatedTo: number;
  fraction: number;
  beats: number;
  accepted: number;
  duplicate: number;
  rejected: number;
}

export async function backfill(db: Db, sim: Simulation, scope: IngestScope, o: BackfillOptions): Promise<BackfillProgress> {
  const policy = await getPolicy(db);
  const batchSize = o.batchSize ?? 1000;
  const sweepEvery = o.sweepEveryMs ?? 10 * MINUTE_MS;
  const recentFrom = Math.max(o.from, o.to - (o.recentMs ?? 0));
  const segments = [
    { from: o.from, to: recentFrom, interval: o.intervalMs },
    { from: recentFrom, to: o.to, interval: o.recentIntervalMs ?? o.intervalMs },
  ].filter((s) => s.to > s.from);
  const progress: BackfillProgress = { simulatedTo: o.from, fraction: 0, beats: 0, accepted: 0, duplicate: 0, rejected: 0 };
  let nextSweep = o.from + sweepEvery;
  let hour = Math.floor(o.from / HOUR_MS);

  for (const seg of segments) {
    // Slices short enough for ~batchSize beats, never longer than the interval, so a terminal
    // appears at most once per call and every beat keeps its own received time.
    const slice = Math.max(MINUTE_MS, Math.min(seg.interval, Math.floor((batchSize * seg.interval) / sim.fleet.size)));
    for (let a = seg.from; a < seg.to; a += slice) {
      const b = Math.min(seg.to, a + slice);
      const due = sim.beatsDue(a, b, seg.interval);
      if (due.length > 0) {
        const r = await ingestHeartbeats(db, scope, due.map((d) => d.beat), b, policy);
        progress.beats += due.length;
        progress.accepted += r.accepted;
        progress.duplicate += r.duplicate;
        progress.rejected += r.rejected;
      }
      if (b >= nextSweep) {
        await runSweep(db, b);
        await o.afterSweep?.(b);
        nextSweep = b + sweepEvery;
      }
      if (Math.floor(b / HOUR_MS) !== hour) {
        // The hour just finished: its rollup keeps the state as it was at its end.
        await snapshotRollups(db, hour * HOUR_MS + HOUR_MS - 1);
        hour = Math.floor(b / HOUR_MS);
      }
      progress.simulatedTo = b;
      progress.fraction = (b - o.from) / (o.to - o.from);
      o.onProgress?.(progress);
    }
  }
  await runSweep(db, o.to);
  await snapshotRollups(db, o.to);
  return progress;
}
