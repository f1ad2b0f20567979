// The product's process: one node:http server owning the SQLite file, serving the ingest API
// directly and the pages through Next, with the sweep on a timer. `npm start` / `npm run dev`.
import next from "next";
import { closeDb, databasePath, getDb } from "@/db/client";
import { runSweep } from "@/lib/jobs/sweep";
import { log } from "@/lib/log";
import { createFleetServer } from "./server";

const SWEEP_INTERVAL_MS = 60_000;
const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const dev = process.argv.includes("--dev");
  const port = Number(process.env.PORT ?? 3000);
  const hostname = process.env.HOST ?? "127.0.0.1";
  const db = getDb();
  log.info({ database: databasePath() }, "database open and migrated");

  const app = next({ dev, dir: process.cwd(), hostname, port });
  await app.prepare();
  const server = createFleetServer({ db, next: app.getRequestHandler() });

  const sweep = () => {
    try {
      const r = runSweep(db, Date.now());
      if (r.wentOffline) log.info(r, "sweep marked terminals offline");
    } catch (err) {
      log.error({ err }, "sweep failed");
    }
  };
  sweep();
  const timer = setInterval(sweep, SWEEP_INTERVAL_MS);

  server.listen(port, hostname, () => {
    log.info({ url: `http://${hostname}:${port}` }, "listening");
    process.send?.({ ready: true, port });
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    clearInterval(timer);
    const force = setTimeout(() => {
      log.warn("in-flight requests did not finish in time; closing anyway");
      finish(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    server.close(() => finish(0));
    server.closeIdleConnections();
  };
  const finish = (code: number) => {
    try {
      closeDb();
    } catch (err) {
      log.error({ err }, "closing the database failed");
      code = 1;
    }
    process.exit(code);
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((err: unknown) => {
  log.fatal({ err }, "failed to start");
  process.exit(1);
});
