// The product's process: one node:http server owning the store (the SQLite file, or a pool on
// PostgreSQL), serving the ingest API directly and the pages through Next, with the sweep on a
// timer. `npm start` / `npm run dev`.
// PAGES=off serves only the API (benchmarks, crash tests), without a Next build.
//
// Several instances may share one PostgreSQL: each ingests and delivers notifications, and one of
// them, the leader (db/leader.ts), runs the sweep, retention and partition upkeep. Every sweep
// tick an instance that does not lead tries to become leader, so when the leader dies another
// takes over at its next tick. On SQLite the one process always leads.
import { asSqlite, closeDb, describeTarget, prepareDb } from "@/db/client";
import { IngestThread } from "@/lib/ingest/thread";
import { leadership } from "@/db/leader";
import { ConfigError, env, loadConfig } from "@/lib/config";
import { ensureHeartbeatPartitions } from "@/db/partitions";
import { retentionFromEnv } from "@/lib/jobs/retention";
import { runSweep } from "@/lib/jobs/sweep";
import { startNotifier } from "@/lib/notify/notifier";
import { log } from "@/lib/log";
import { metrics } from "@/lib/metrics";
import { createFleetServer, type NextHandler } from "./server";
import { DAY_MS, MINUTE_MS } from "@/lib/domain/time";

/** Day partitions are checked at most this often (and whenever the UTC day changes). */
const PARTITION_CHECK_MS = 10 * MINUTE_MS;

/** Waits for `p` (when there is one), at most `ms`. */
async function settleWithin(p: Promise<void> | null, ms: number): Promise<void> {
  if (!p) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

async function loadNext(dev: boolean, hostname: string, port: number): Promise<NextHandler> {
  const { default: next } = await import("next");
  const app = next({ dev, dir: process.cwd(), hostname, port });
  await app.prepare();
  return app.getRequestHandler();
}

async function main(): Promise<void> {
  const dev = process.argv.includes("--dev");
  // Every variable is checked before anything starts: a bad value stops the server, naming it.
  const config = loadConfig();
  const { PORT: port, HOST: hostname, SWEEP_INTERVAL_MS, SHUTDOWN_GRACE_MS } = config;
  const pages = config.PAGES === "on";
  const db = await prepareDb();
  log.info({ database: describeTarget() }, "database open and migrated");
  // Slow statements, logged with their SQL (collapsed, cut at 300 characters) and counted.
  const slowMs = config.SLOW_STATEMENT_MS;
  const reportSlow = (connection: "main" | "ingest") => (sql: string, ms: number) => {
    metrics().slowStatements.inc({ connection });
    log.warn({ connection, ms: Math.round(ms * 10) / 10, sql: sql.replace(/\s+/g, " ").trim().slice(0, 300) }, "slow database statement");
  };
  if (slowMs > 0) db.watchSlowStatements({ ms: slowMs, report: reportSlow("main") });

  // SQLite file: group commits run on their own thread and connection (lib/ingest/thread.ts); this
  // thread's connection then waits for that one's write lock without blocking the event loop.
  const sqlite = asSqlite(db);
  const ingestThread = sqlite && sqlite.file !== ":memory:" && config.INGEST_THREAD === "on" ? new IngestThread(sqlite.file, { slowMs, onSlow: reportSlow("ingest") }) : null;
  if (ingestThread) {
    sqlite!.waitForLocksAsync();
    await ingestThread.start();
    log.info("ingest commits run on the ingest thread");
  }

  const lead = leadership(db);
  let leader = false;
  const server = createFleetServer({ db, pagesPending: pages, leader: () => leader, ...(ingestThread ? { commit: ingestThread.commit } : {}) });
  const leaseMs = env("NOTIFY_LEASE_MS");
  const notifier = startNotifier(db, leaseMs !== undefined ? { leaseMs } : {});

  const retention = retentionFromEnv();
  let partitionsCheckedAt = -Infinity;
  const upkeepPartitions = async (now: number) => {
    if (db.dialect !== "pg") return;
    if (now - partitionsCheckedAt < PARTITION_CHECK_MS && Math.floor(now / DAY_MS) === Math.floor(partitionsCheckedAt / DAY_MS)) return;
    const created = await ensureHeartbeatPartitions(db, now);
    partitionsCheckedAt = now;
    if (created.length) log.info({ created }, "heartbeat partitions created");
  };
  // One sweep at a time: when the timer fires while the previous sweep still runs, that tick is skipped.
  let sweeping: Promise<void> | null = null;
  const sweepOnce = async () => {
    const was = leader;
    leader = await lead.check();
    if (leader !== was) log.info({ leader }, leader ? "this instance now leads the sweep" : "this instance no longer leads the sweep");
    if (!leader) return;
    const end = metrics().sweepDuration.startTimer();
    try {
      const now = Date.now();
      await upkeepPartitions(now);
      const r = await runSweep(db, now, retention);
      if (r.wentOffline || r.pruned.heartbeats || r.pruned.partitions.length || r.alerts.opened || r.alerts.resolved || r.alerts.messages) log.info(r, "sweep");
      notifier.kick(); // the sweep is what queues messages
    } catch (err) {
      log.error({ err }, "sweep failed");
    } finally {
      end();
    }
  };
  const sweep = () => {
    if (sweeping) {
      log.warn("the previous sweep is still running; skipping this one");
      return;
    }
    sweeping = sweepOnce().finally(() => (sweeping = null));
  };
  // The day partitions exist before the first heartbeat arrives: creating one while ingest writes
  // the same day into the default partition makes those inserts fail.
  leader = await lead.check();
  if (leader) await upkeepPartitions(Date.now()).catch((err: unknown) => log.error({ err }, "creating heartbeat partitions failed"));
  sweep();
  const timer = setInterval(sweep, SWEEP_INTERVAL_MS);

  // Listen first so Next learns the real port (PORT=0 picks a free one); ingest works meanwhile.
  await new Promise<void>((resolve) => server.http.listen(port, hostname, resolve));
  const address = server.http.address();
  const actual = typeof address === "object" && address ? address.port : port;
  if (pages) server.setNext(await loadNext(dev, hostname, actual));
  log.info({ url: `http://${hostname}:${actual}` }, "listening");
  process.send?.({ ready: true, port: actual });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down: finishing in-flight requests");
    clearInterval(timer);
    server.drain();
    const force = setTimeout(() => {
      log.warn("in-flight requests did not finish in time; closing anyway");
      finish(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    server.http.close(() => finish(0));
    server.http.closeIdleConnections();
  };
  const finish = (code: number) => {
    // In-flight deliveries finish and are recorded first, and a running sweep commits; undelivered
    // messages wait in the outbox.
    void (async () => {
      try {
        await notifier.stop(2_000);
      } catch (err) {
        log.error({ err }, "stopping the notifier failed");
      }
      await settleWithin(sweeping, SHUTDOWN_GRACE_MS);
      // Beats still queued when the grace ran out are refused (503, the terminal sends them again)
      // rather than sent to a store that is about to close; the commit under way finishes first.
      await settleWithin(server.queue.close(), SHUTDOWN_GRACE_MS);
      try {
        await ingestThread?.close(); // after its last commit; the main connection checkpoints below
      } catch (err) {
        log.error({ err }, "closing the ingest thread failed");
      }
      try {
        await lead.release(); // another instance takes over at its next tick
      } catch (err) {
        log.error({ err }, "releasing leadership failed");
      }
      try {
        await closeDb(); // SQLite: checkpoints the WAL into the main file, then closes; PostgreSQL: ends the pool
        log.info("database checkpointed and closed");
      } catch (err) {
        log.error({ err }, "closing the database failed");
        code = 1;
      }
      process.exit(code);
    })();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    log.fatal({ variables: err.problems.map((p) => p.name) }, `bad configuration: ${err.message}`);
    process.stderr.write(`bad configuration: ${err.message}\n`);
    process.exit(1);
  }
  log.fatal({ err }, "failed to start");
  process.exit(1);
});
