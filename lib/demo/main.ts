// `npm run demo`: one command from a fresh clone to a live fleet. Migrates, seeds ~2,000 terminals
// with a day of history when the database is empty (`--days 7` for a week), builds the app when
// there is no build, then runs the production server and the live simulator as children until
// Ctrl-C. The build runs as a child while this process writes the history, so a first run costs the
// longer of the two, not their sum (on two cores the build leaves one for the history). Each step
// draws its own progress bar (lib/demo/progress.ts) and the time to ready is printed at the end.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { parseArgs } from "node:util";
import { databaseTarget, describeTarget, isPostgresUrl, openDatabase } from "@/db/client";
import { intFlag, numFlag, UsageError } from "@/lib/simulator/cli/common";
import { buildFleet } from "@/lib/simulator/fleet";
import { extendHistory } from "@/lib/simulator/history";
import type { FleetRecord } from "@/lib/simulator/record";
import { DEMO_ACCOUNTS } from "./accounts";
import { demoDeskCaller } from "./call-desk";
import { ensureDemoKey } from "./ingest-key";
import { buildStage, steps, type StepUpdate } from "./progress";
import { resetDatabaseFile, seedDemo, SeedError } from "./seed";
import { env } from "@/lib/config";

/** Days of history a first run writes before it serves: enough for every page and the 24 h views. */
export const DEMO_FIRST_RUN_DAYS = 1;
const STOP_GRACE_MS = 15_000;

const HELP = `Usage: npm run demo -- [--reset] [--rebuild | --no-build] [--days N] [--speed X] [--terminals N] [--seed N]

Seeds the demo fleet and its history (first run only), builds the app when there is no build or
a file under app/, lib/ or db/ changed since, and runs the
server on PORT (default 3000) with the live simulator posting to it. Ctrl-C stops both.
  --reset      start from a fresh database (only a file under data/ is ever deleted)
  --rebuild    run next build even if a build exists
  --no-build   serve the build there is, even if sources changed since
  --days N     days of history on the first run (default ${DEMO_FIRST_RUN_DAYS}; 7 takes about five minutes more)
  --speed X    live simulation speed (default 1 = real time)
`;

/** The folder beside the SQLite file (data/ by default) keeps the demo's logs and ingest key. */
function demoFiles(target: string): { serverLog: string; buildLog: string; keyFile: string } {
  const dir = isPostgresUrl(target) || target === ":memory:" ? "data" : path.dirname(target);
  fs.mkdirSync(dir, { recursive: true });
  return { serverLog: path.join(dir, "demo-server.log"), buildLog: path.join(dir, "demo-build.log"), keyFile: path.join(dir, "demo-ingest-key") };
}

const distDir = (): string => process.env.NEXT_DIST_DIR || ".next";

/**
 * `next build` as a child writing to `logFile`; its stage lines move the build's bar. Types are not
 * checked here (`npm run typecheck` does that; it would double the build on two cores) and nothing
 * is sent to Next's telemetry. Resolves with the exit code and how long it took.
 */
function startBuild(logFile: string, update: StepUpdate): Promise<{ code: number; seconds: number }> {
  const started = performance.now();
  const log = fs.createWriteStream(logFile);
  const child = spawn(path.join("node_modules", ".bin", "next"), ["build"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NODE_ENV: "production", NEXT_SKIP_TYPECHECK: "1", NEXT_TELEMETRY_DISABLED: "1" },
  });
  update(0, "starting");
  let pending = "";
  const onData = (chunk: Buffer) => {
    log.write(chunk);
    pending += chunk.toString("utf8");
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      const stage = buildStage(line.trim());
      if (stage) update(stage.fraction, stage.detail);
    }
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      log.end();
      const seconds = (performance.now() - started) / 1000;
      if (code === 0) update(1, `done in ${seconds.toFixed(0)} s`);
      resolve({ code: code ?? (signal ? 1 : 0), seconds });
    });
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
  const id = path.join(distDir(), "BUILD_ID");
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

function startServer(port: number, host: string, serverLog: string): Promise<ChildProcess> {
  const log = fs.openSync(serverLog, "a");
  const child = spawn(process.execPath, ["--import", "tsx", "lib/server/start.ts"], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), HOST: host },
    stdio: ["ignore", log, log, "ipc"],
  });
  fs.closeSync(log);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within 120 s; see ${serverLog}`)), 120_000);
    child.on("message", (m: { ready?: boolean }) => {
      if (!m.ready) return;
      clearTimeout(timer);
      resolve(child);
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (code ${code}) before it was ready. Last lines of ${serverLog}:\n${tail(serverLog)}`));
    });
  });
}

function banner(url: string, key: string, sn: string, keyFile: string, serverLog: string): string {
  const accounts = DEMO_ACCOUNTS.map((a) => `    ${a.email.padEnd(18)} ${a.password.padEnd(18)} ${a.role} · ${a.agentCode}`).join("\n");
  const ts = new Date().toISOString();
  const body = `{"sn":"${sn}","seq":${Math.floor(Date.now() / 1000) - 7},"ts":"${ts}","battery_pct":76,"charging":false,"firmware":"2.4.1","signal_dbm":-71,"network":"4G","txn_count":3,"errors":{"51":1}}`;
  return `
POS Fleet Health demo is running
  Open        ${url}
  Sign in
${accounts}
  Ingest key  ${keyFile} (top agent ROOT, ${key.slice(0, 10)}…)
  Post one heartbeat:
    curl -sS ${url}/api/v1/heartbeats -H "Authorization: Bearer $(cat ${keyFile})" \\
      -H 'content-type: application/json' -d '${body}'
  Inject a fault: type a scenario and Enter, e.g.  carrier-outage city=杭州   ("help" lists them)
  Server log  ${serverLog}          Stop: Ctrl-C
`;
}

async function main(): Promise<number> {
  const startedAt = performance.now();
  const { values: v } = parseArgs({
    options: {
      reset: { type: "boolean" }, rebuild: { type: "boolean" }, "no-build": { type: "boolean" }, days: { type: "string" }, speed: { type: "string" },
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
  const days = numFlag("days", v.days, 0.05) ?? DEMO_FIRST_RUN_DAYS;
  if (v.rebuild && v["no-build"]) throw new UsageError("--rebuild and --no-build contradict each other; pick one");
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
  const files = demoFiles(target);
  const stepStarted = performance.now();

  // 1. Fleet and accounts (first run); then the build starts in the background while the history is
  //    written, and one more round of history covers the minutes the build took after it.
  let db = await openDatabase(target);
  let record: FleetRecord;
  try {
    const seeded = await seedDemo(db, { now: Date.now(), seed: intFlag("seed", v.seed), terminals: intFlag("terminals", v.terminals, 1), days });
    record = seeded.record;
    console.error(
      seeded.created
        ? `created the demo fleet: ${record.terminals} terminals in ${file} (${seconds(stepStarted)})`
        : `reusing the demo fleet in ${file}`,
    );
  } finally {
    await db.close();
  }

  const stale = !v["no-build"] && (v.rebuild || buildIsStale());
  if (v["no-build"] && !fs.existsSync(path.join(distDir(), "BUILD_ID"))) {
    throw new UsageError(`--no-build: there is no build in ${distDir()}/; run without --no-build once`);
  }
  const progress = steps();
  const building = stale ? startBuild(files.buildLog, progress.add("build")) : null;
  if (building) progress.log(`building the app (next build, log: ${files.buildLog}) while the history is written`);

  db = await openDatabase(target);
  let key: string;
  try {
    const bar = progress.add("history");
    // Writing history takes a while; catch up with the minutes that passed meanwhile.
    const catchUp = async (rounds: number) => {
      for (let round = 0; round < rounds; round++) {
        const started = performance.now();
        const { record: next, progress: p } = await extendHistory(db, record, Date.now(), {
          calls: await demoDeskCaller(db),
          onProgress: (q) => bar(q.fraction, `${q.beats.toLocaleString("en")} heartbeats`),
        });
        record = next;
        if (!p) break;
        const s = (performance.now() - started) / 1000;
        bar(1, `${p.accepted.toLocaleString("en")} heartbeats in ${s.toFixed(0)} s (${Math.round(p.beats / s).toLocaleString("en")}/s)`);
      }
    };
    await catchUp(3);
    bar(1, "up to date");
    if (building) {
      const built = await building;
      if (built.code !== 0) {
        progress.stop();
        console.error(`next build failed (exit ${built.code}). Last lines of ${files.buildLog}:\n${tail(files.buildLog, 40)}\nfix the error, then run npm run demo again`);
        return built.code;
      }
      await catchUp(1); // the minutes the build took after the history was written
    }
    key = (await ensureDemoKey(db, "ROOT", Date.now(), files.keyFile)).key;
  } finally {
    progress.stop();
    await db.close();
  }

  // 2. The server, then the simulator against it.
  const serverStarted = performance.now();
  console.error(`starting the server on http://${host}:${port} (log: ${files.serverLog})…`);
  const server = await startServer(port, host, files.serverLog);
  const url = `http://${host}:${port}`;
  console.log(banner(url, key, buildFleet(record.seed, record.terminals).terminals[0]!.sn, files.keyFile, files.serverLog));
  console.error(`server: started in ${seconds(serverStarted)}`);
  console.error(`ready in ${seconds(startedAt)}`);
  const simArgs = ["--import", "tsx", "lib/simulator/cli/simulate.ts", "--url", url, "--key-file", files.keyFile, "--speed", String(speed), "--churn", "12"];
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
        console.error(`\nthe server stopped (exit ${code}). Last lines of ${files.serverLog}:\n${tail(files.serverLog)}`);
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
