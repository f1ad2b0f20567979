// `npm run db:pg -- [--dir data/pg] [--port 5433] [--stop]`: a local PostgreSQL 15 for trying the
// product on PostgreSQL. Creates a cluster in the folder the first time (as the postgres user when
// run as root, since initdb refuses root), starts it on 127.0.0.1 only, creates the database
// `fleet` and prints the DATABASE_URL to use. It keeps running until `npm run db:pg -- --stop`.
//
// Layout of the folder: cluster/ (the data directory), postgres.log, password (the postgres
// role's password, mode 600; password authentication even on 127.0.0.1), and the server's Unix
// socket. Not for production: one cluster, default settings, no backups.
import { execFile, execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { parseArgs } from "node:util";
import { promisify } from "node:util";
import { env } from "@/lib/config";

const exec = promisify(execFile);
const PG_BIN = env("PFH_PG_BIN");
const INSTALL = "sudo apt-get install -y postgresql-15";
const DATABASE = "fleet";

const HELP = `Usage: npm run db:pg -- [--dir data/pg] [--port 5433] [--stop]

Starts a local PostgreSQL 15 on 127.0.0.1 for trying the product (Debian's postgresql-15 package;
installed with apt-get when run as root), creates the database "${DATABASE}" and prints the
DATABASE_URL to use. Run it again to print the URL; --stop stops the server (data is kept;
delete the folder to start over).
`;

class Exit extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

const asRoot = () => process.getuid?.() === 0;
const installed = () => ["initdb", "pg_ctl", "postgres", "createdb"].every((b) => fs.existsSync(path.join(PG_BIN, b)));

/** A PostgreSQL program, run as the postgres user when we are root. */
async function pgRun(bin: string, args: string[], env: Record<string, string> = {}): Promise<{ stdout: string }> {
  const file = path.join(PG_BIN, bin);
  const [cmd, argv] = asRoot() ? ["runuser", ["-u", "postgres", "--", file, ...args]] : [file, args];
  try {
    const r = await exec(cmd, argv, { timeout: 120_000, env: { ...process.env, ...env } });
    return { stdout: r.stdout };
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${bin}: ${(e.stderr || e.stdout || e.message).trim()}`);
  }
}

function ensureInstalled(): void {
  if (installed()) return;
  if (!asRoot() || !fs.existsSync("/usr/bin/apt-get") || process.env.PFH_PG_BIN) {
    throw new Exit(1, `PostgreSQL 15 is not installed (no ${PG_BIN}). Install it with:\n  ${INSTALL}\nthen run npm run db:pg again.`);
  }
  console.error("PostgreSQL 15 is not installed; installing it with apt-get (postgresql-15)…");
  execFileSync("sh", ["-c", "apt-get update -q && apt-get install -y -q --no-install-recommends postgresql-15"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (!installed()) throw new Exit(1, `apt-get did not install ${PG_BIN}; install it by hand: ${INSTALL}`);
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer().once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

/** The port of the running server of `cluster`, from its postmaster.pid; null when it is not running. */
async function runningPort(cluster: string): Promise<number | null> {
  try {
    await pgRun("pg_ctl", ["-D", cluster, "status"]);
  } catch {
    return null; // pg_ctl status exits 3 when no server runs
  }
  const pid = fs.readFileSync(path.join(cluster, "postmaster.pid"), "utf8").split("\n");
  const port = Number(pid[3]);
  return Number.isInteger(port) && port > 0 ? port : null;
}

async function main(): Promise<number> {
  let v;
  try {
    v = parseArgs({ options: { dir: { type: "string" }, port: { type: "string" }, stop: { type: "boolean" }, help: { type: "boolean", short: "h" } } }).values;
  } catch (err) {
    throw new Exit(2, `${(err as Error).message}\n\n${HELP}`);
  }
  if (v.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const dir = path.resolve(v.dir ?? "data/pg");
  const port = Number(v.port ?? 5433);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Exit(2, `--port must be a TCP port, got "${v.port}"`);
  const cluster = path.join(dir, "cluster");
  const log = path.join(dir, "postgres.log");
  const pwFile = path.join(dir, "password");
  const rel = (p: string) => (p.startsWith(process.cwd() + path.sep) ? path.relative(process.cwd(), p) : p);
  const shown = rel(dir);

  if (v.stop) {
    if (!fs.existsSync(path.join(cluster, "PG_VERSION"))) throw new Exit(1, `no PostgreSQL cluster in ${shown}; nothing to stop`);
    if ((await runningPort(cluster)) === null) {
      console.log(`PostgreSQL in ${shown} is not running`);
      return 0;
    }
    await pgRun("pg_ctl", ["-D", cluster, "-m", "fast", "-w", "stop"]);
    console.log(`stopped PostgreSQL in ${shown} (data kept; npm run db:pg starts it again)`);
    return 0;
  }

  ensureInstalled();
  if (!fs.existsSync(path.join(cluster, "PG_VERSION"))) {
    if (fs.existsSync(cluster) && fs.readdirSync(cluster).length > 0) {
      throw new Exit(1, `${rel(cluster)} exists but is not a PostgreSQL cluster; move it away or pick another --dir`);
    }
    // Parents with the default mode (the postgres user must reach the folder), the folder private.
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(pwFile, crypto.randomBytes(18).toString("base64url") + "\n", { mode: 0o600 });
    if (asRoot()) await exec("chown", ["-R", "postgres:postgres", dir]);
    console.error(`creating a PostgreSQL cluster in ${shown}…`);
    await pgRun("initdb", ["-D", cluster, "-U", "postgres", "--auth=scram-sha-256", `--pwfile=${pwFile}`, "-E", "UTF8", "--locale=C.UTF-8"]);
  }
  if (!fs.existsSync(pwFile)) throw new Exit(1, `${rel(pwFile)} is missing: the cluster's password is unknown; delete ${shown} to start over`);
  const password = fs.readFileSync(pwFile, "utf8").trim();

  let at = await runningPort(cluster);
  if (at === null) {
    if (!(await portFree(port))) throw new Exit(1, `port ${port} on 127.0.0.1 is in use; pick another with --port N`);
    try {
      await pgRun("pg_ctl", ["-D", cluster, "-l", log, "-w", "-t", "60", "-o", `-p ${port} -k '${dir}' -c listen_addresses=127.0.0.1`, "start"]);
    } catch (err) {
      const tail = fs.existsSync(log) ? fs.readFileSync(log, "utf8").trimEnd().split("\n").slice(-8).join("\n") : "";
      throw new Exit(1, `PostgreSQL did not start: ${(err as Error).message}\n${tail}`);
    }
    at = port;
    console.error(`started PostgreSQL 15 on 127.0.0.1:${at} (log: ${rel(log)})`);
  } else {
    console.error(`PostgreSQL in ${shown} is already running on 127.0.0.1:${at}`);
  }

  try {
    await pgRun("createdb", ["-h", "127.0.0.1", "-p", String(at), "-U", "postgres", DATABASE], { PGPASSWORD: password });
    console.error(`created the database ${DATABASE}`);
  } catch (err) {
    if (!/already exists/.test((err as Error).message)) throw err;
  }

  const dirFlag = v.dir === undefined ? "" : ` --dir ${shown}`;
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${at}/${DATABASE}`;
  console.log(`
Use it:
  export DATABASE_URL='${url}'
  npm run demo                                   # the demo on PostgreSQL
  npm run db:copy -- --to "$DATABASE_URL"        # or move an existing SQLite store (data/fleet.db) into it
Stop it:
  npm run db:pg -- --stop${dirFlag}`);
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = err instanceof Exit ? err.code : 1;
  },
);
