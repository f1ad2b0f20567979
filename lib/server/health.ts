import type { Db } from "@/db/client";
import { log } from "@/lib/log";
import { metrics } from "@/lib/metrics";

/** The sweep runs every minute; five missed runs mean the background work has stopped. */
export const SWEEP_STALE_AFTER_MS = 5 * 60_000;

export interface HealthReport {
  status: "ok" | "unhealthy";
  database: "ok" | "unreachable";
  lastSweepAt: string | null;
  sweepAgeSeconds: number | null;
  ingestQueue: number;
  outboxPending: number | null;
  problems: string[];
}

export function healthReport(db: Db, now: number, queueDepth: number): HealthReport {
  const problems: string[] = [];
  let lastSweepAt: number | null = null;
  let outboxPending: number | null = null;
  let database: HealthReport["database"] = "ok";
  try {
    const row = db.$client.prepare(`SELECT value FROM settings WHERE key = 'last_sweep_at'`).get() as { value: string } | undefined;
    lastSweepAt = row ? (JSON.parse(row.value) as number) : null;
    outboxPending = outboxDepth(db);
  } catch (err) {
    log.error({ err }, "health check could not read the database");
    database = "unreachable";
    problems.push("the database cannot be read");
  }
  if (database === "ok" && (lastSweepAt === null || now - lastSweepAt > SWEEP_STALE_AFTER_MS)) {
    problems.push(lastSweepAt === null ? "the sweep has not run yet" : "the sweep has not run for more than 5 minutes");
  }
  return {
    status: problems.length ? "unhealthy" : "ok",
    database,
    lastSweepAt: lastSweepAt === null ? null : new Date(lastSweepAt).toISOString(),
    sweepAgeSeconds: lastSweepAt === null ? null : Math.round((now - lastSweepAt) / 1000),
    ingestQueue: queueDepth,
    outboxPending,
    problems,
  };
}

/** Pending notifications, once the outbox table exists. */
function outboxDepth(db: Db): number | null {
  const exists = db.$client.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'outbox'`).get();
  if (!exists) return null;
  // Given-up messages (failed_at set) wait for nothing; they stay in the delivery log only.
  return (db.$client.prepare(`SELECT count(*) AS n FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL`).get() as { n: number }).n;
}

/** Terminals by status and category, read from terminal_state when metrics are scraped. */
export function refreshFleetGauges(db: Db): void {
  const rows = db.$client
    .prepare(`SELECT status, category, count(*) AS n FROM terminal_state GROUP BY status, category`)
    .all() as { status: string; category: string; n: number }[];
  const g = metrics().terminals;
  g.reset();
  for (const r of rows) g.set({ status: r.status, category: r.category }, r.n);
  const outbox = outboxDepth(db);
  if (outbox !== null) metrics().outboxDepth.set(outbox);
}
