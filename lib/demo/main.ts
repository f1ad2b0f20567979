// `npm run demo`: one command from a fresh clone to a live fleet. Migrates, seeds ~2,000 terminals
// with 7 days of history when the database is empty, builds the app when there is no build, then
// runs the production server and the live simulator as children until Ctrl-C. The build runs as a
// child while this process writes the history, so a first run costs the longer of the two, not
// their sum (on two cores the build leaves one for the history).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { parseArgs } from "node:util";
import { databaseTarget, describeTarget, isPostgresUrl, openDatabase } from "@/db/client";
import { intFlag, numFlag, progressBar, UsageError } from "@/lib/simulator/cli/common";
import { buildFleet } from "@/lib/simulator/fleet";
import { extendHistory } from "@/lib/simulator/history";
import type { FleetRecord } from "@/lib/simulator/record";
import { DEMO_ACCOUNTS } from "./accounts";
import { DEMO_KEY_FILE, ensureDemoKey } from "./ingest-key";
import { resetDatabaseFile, seedDemo, SeedError } from "./seed";
import { env } from "@/lib/config";

const SERVER_LOG = "data/demo-server.log";
const BUILD_LOG = "data/demo-build.log";
const STOP_GRACE_MS = 15_000;

const HELP = `Usage: npm run demo -- [--reset] [--rebuild] [--speed X] [--terminals N] [--seed N]

Seeds the demo fleet and its history (first run only), builds the app when there is no build or
a file under app/, lib/ or db/ changed since, and runs the
server on PORT (default 3000) with the live simulator posting to it. Ctrl-C stops both.
  --reset      start from a fresh database (only a file under data/ is ever deleted)
  --rebuild    run next build even if a build exists
  --speed X    live simulation speed (default 1 = real time)
`;

/** `next build` as a child writing to BUILD_LOG; resolves with its exit code and how long it took. */
function startBuild(): Promise<{ code: number; seconds: number }> {
  const started = performance.now();
  const log = fs.openSync(BUILD_LOG, "w");
  const child = spawn("npm", ["run", "build"], { stdio: ["ignore", log, log] });
  fs.closeSync(log);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), seconds: (performance.now() - started) / 1000 }));
  });
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(0)} s`;
}

function portFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer().once("error", () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

/** No build yet, or a source file changed after it: checked by modification times, which is cheap. */
function buildIsStale(): boolean {
  const id = ".next/BUILD_ID";
  if (!fs.existsSync(id)) return true;
  const built = fs.statSync(id).mtimeMs;
  const newer = (p: string): boolean => {
    if (!fs.existsSync(p)) return false;
    const st = fs.statSync(p);
    if (!st.isDirectory()) return st.mtimeMs > built;
    return fs.readdirSync(p).some((name) => newer(path.join(p, name)));
  };
  return ["app", "lib", "db", "next.config.js", "package-lock.json"].some(newer);
}

function tail(file: string, lines = 20): string {
  if (!fs.existsSync(file)) return "";
  return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
}

function startServer(port: number, host: string): Promise<ChildProcess> {
  const log = fs.openSync(SERVER_LOG, "a");
  const child = spawn(process.execPath, ["--import", "tsx", "lib/server/start.ts"], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), HOST: host },
    stdio: ["ignore", log, log, "ipc"],
  });
  fs.closeSync(log);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within 120 s; see ${SERVER_LOG}`)), 120_000);
    child.on("message", (m: { ready?: boolean }) => {
      if (!m.ready) return;
      clearTimeout(timer);
      resolve(child);
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (code ${code}) before it was ready. Last lines of ${SERVER_LOG}:\n${tail(SERVER_LOG)}`));
    });
  });
}

function banner(url: string, key: string, sn: string): string {
  const accounts = DEMO_ACCOUNTS.map((a) => `    ${a.email.padEnd(18)} ${a.password.padEnd(18)} ${a.role} · ${a.agentCode}`).join("\n");
  const ts = new Date().toISOString();
  const body = `{"sn":"${sn}","seq":${Math.floor(Date.now() / 1000) - 7},"ts":"${ts}","battery_pct":76,"charging":false,"firmware":"2.4.1","signal_dbm":-71,"network":"4G","txn_count":3,"errors":{"51":1}}`;
  return `
POS Fleet Health demo is running
  Open        ${url}
  Sign in
${accounts}
  Ingest key  ${DEMO_KEY_FILE} (top agent ROOT, ${key.slice(0, 10)}…)
  Post one heartbeat:
    curl -sS ${url}/api/v1/heartbeats -H "Authorization: Bearer $(cat ${DEMO_KEY_FILE})" \\
      -H 'content-type: application/json' -d '${body}'
  Inject a fault: type a scenario and Enter, e.g.  carrier-outage city=杭州   ("help" lists them)
  Server log  ${SERVER_LOG}          Stop: Ctrl-C
`;
}

async function main(): Promise<number> {
  const startedAt = performance.now();
  const { values: v } = parseArgs({
    options: {
      reset: { type: "boolean" }, rebuild: { type: "boolean" }, speed: { type: "string" },
      terminals: { type: "string" }, seed: { type: "string" }, help: { type: "boolean", short: "h" },
    },
  });
  if (v.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const port = env("PORT");
  const host = env("HOST");
  const speed = numFlag("speed", v.speed, 0.001) ?? 1;
  if (!(await portFree(port, host))) {
    console.error(`port ${port} on ${host} is in use: stop what runs there, or pick another port: PORT=3001 npm run demo`);
    return 1;
  }
  const target = databaseTarget();
  const file = describeTarget(target);
  if (v.reset && isPostgresUrl(target)) {
    throw new SeedError("--reset deletes a SQLite file only; with DATABASE_URL, drop and recreate the PostgreSQL database yourself, then run this again");
  }
  if (v.reset) resetDatabaseFile(target);

  // 1. Fleet and accounts (first run); then the build starts in the background while the history is
  //    written, and one more round of history covers the minutes the build took after it.
  let db = await openDatabase(target);
  let record: FleetRecord;
  try {
    const seeded = await seedDemo(db, { now: Date.now(), seed: intFlag("seed", v.seed), terminals: intFlag("terminals", v.terminals, 1) });
    record = seeded.record;
    console.error(seeded.created ? `created the demo fleet: ${record.terminals} terminals in ${file}` : `reusing the demo fleet in ${file}`);
  } finally {
    await db.close();
  }

  const building = v.rebuild || buildIsStale() ? startBuild() : null;
  if (building) console.error(`building the app (next build) in the background while the history is written; log: ${BUILD_LOG}`);

  db = await openDatabase(target);
  let key: string;
  try {
    const bar = progressBar();
    // Writing history takes a while; catch up with the minutes that passed meanwhile.
    const catchUp = async (rounds: number) => {
      for (let round = 0; round < rounds; round++) {
        const started = performance.now();
        const { record: next, progress } = await extendHistory(db, record, Date.now(), {
          onProgress: (p) => bar(p.fraction, `history: ${p.beats.toLocaleString("en")} heartbeats`),
        });
        record = next;
        if (!progress) break;
        const s = (performance.now() - started) / 1000;
        console.error(`history: ${progress.accepted.toLocaleString("en")} heartbeats in ${s.toFixed(0)} s (${Math.round(progress.beats / s).toLocaleString("en")}/s)`);
      }
    };
    await catchUp(3);
    if (building) {
      console.error("waiting for the build to finish…");
      const built = await building;
      if (built.code !== 0) {
        console.error(`next build failed (exit ${built.code}). Last lines of ${BUILD_LOG}:\n${tail(BUILD_LOG, 40)}\nfix the error, then run npm run demo again`);
        return built.code;
      }
      console.error(`build: done in ${built.seconds.toFixed(0)} s`);
      await catchUp(1); // the minutes the build took after the history was written
    }
    key = (await ensureDemoKey(db, "ROOT", Date.now())).key;
  } finally {
    await db.close();
  }

  // 2. The server, then the simulator against it.
  console.error(`starting the server on http://${host}:${port} (log: ${SERVER_LOG})…`);
  const server = await startServer(port, host);
  const url = `http://${host}:${port}`;
  console.log(banner(url, key, buildFleet(record.seed, record.terminals).terminals[0]!.sn));
  console.error(`ready in ${seconds(startedAt)}`);
  const simArgs = ["--import", "tsx", "lib/simulator/cli/simulate.ts", "--url", url, "--key-file", DEMO_KEY_FILE, "--speed", String(speed), "--churn", "12"];
  const simulator = spawn(process.execPath, simArgs, { stdio: "inherit" });

  return new Promise<number>((resolve) => {
    let stopping = false;
    const alive = new Set<ChildProcess>([server, simulator]);
    const stop = (code: number) => {
      if (stopping) return;
      stopping = true;
      for (const c of alive) c.kill("SIGTERM");
      const force = setTimeout(() => alive.forEach((c) => c.kill("SIGKILL")), STOP_GRACE_MS);
      const check = setInterval(() => {
        if (alive.size > 0) return;
        clearInterval(check);
        clearTimeout(force);
        resolve(code);
      }, 100);
    };
    server.on("exit", (code) => {
      alive.delete(server);
      if (!stopping) {
        console.error(`\nthe server stopped (exit ${code}). Last lines of ${SERVER_LOG}:\n${tail(SERVER_LOG)}`);
        stop(1);
      }
    });
    simulator.on("exit", (code) => {
      alive.delete(simulator);
      if (!stopping) {
        console.error(`\nthe simulator stopped (exit ${code}); stopping the server`);
        stop(code ?? 1);
      }
    });
    process.on("SIGINT", () => stop(0));
    process.on("SIGTERM", () => stop(0));
  });
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof SeedError || err instanceof UsageError || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      console.error((err as Error).message);
      process.exit(2);
    }
    console.error(err);
    process.exit(1);
  },
);
