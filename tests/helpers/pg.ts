// A throwaway PostgreSQL 15 cluster for tests, and empty databases on it.
import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);
const PG_BIN = process.env.PFH_PG_BIN ?? "/usr/lib/postgresql/15/bin";
export const PG_MISSING = "PostgreSQL 15 is not installed: apt-get install -y postgresql-15";

export interface TestCluster {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust authentication, no password). */
  url: string;
  stop(): Promise<void>;
}

/** initdb refuses to run as root: then every server binary runs as the postgres user. */
function command(bin: string, args: string[]): [string, string[]] {
  const file = path.join(PG_BIN, bin);
  return process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", file, ...args]] : [file, args];
}

async function pgRun(bin: string, args: string[]): Promise<void> {
  const [file, argv] = command(bin, args);
  try {
    await run(file, argv, { timeout: 120_000 });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${bin} failed: ${e.stderr?.trim() || e.message}`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const installed = () => ["initdb", "pg_ctl", "postgres"].every((bin) => fs.existsSync(path.join(PG_BIN, bin)));

/** Installs Debian's postgresql-15 when we are root with apt-get; otherwise fails naming the command. */
function ensurePostgresInstalled(): void {
  if (installed()) return;
  if (process.getuid?.() !== 0 || !fs.existsSync("/usr/bin/apt-get") || process.env.PFH_PG_BIN) throw new Error(PG_MISSING);
  execFileSync("sh", ["-c", "apt-get update && apt-get install -y --no-install-recommends postgresql-15 >/dev/null"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (!installed()) throw new Error(PG_MISSING);
}

/**
 * Starts a PostgreSQL 15 cluster in a temp directory, listening on a free port of 127.0.0.1 only
 * (and a socket in the same directory). `stop()` shuts it down and removes the directory.
 */
export async function startTestCluster(): Promise<TestCluster> {
  ensurePostgresInstalled();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pfh-pg-"));
  const data = path.join(dir, "data");
  let started = false;
  try {
    if (process.getuid?.() === 0) await run("chown", ["postgres", dir]);
    // C ordering, but UTF-8 character classes (as `npm run db:pg` and real servers have): pg_trgm
    // takes trigrams only from letters and digits, and under LC_CTYPE=C no Chinese character is one.
    await pgRun("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--lc-ctype=C.UTF-8", "--no-sync"]);
    let port = 0;
    for (let attempt = 0; ; attempt++) {
      port = await freePort();
      try {
        await pgRun("pg_ctl", [
          "-D", data, "-l", path.join(dir, "log"), "-w", "-t", "60",
          "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`,
          "start",
        ]);
        break;
      } catch (err) {
        if (attempt >= 2) throw err; // the port was taken between probing and binding; try another
      }
    }
    started = true;
    let stopped = false;
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      async stop() {
        if (stopped) return;
        stopped = true;
        try {
          await pgRun("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } finally {
    if (!started) {
      await pgRun("pg_ctl", ["-D", data, "-m", "immediate", "stop"]).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

let counter = 0;

/** CREATE DATABASE with a unique name on the cluster of `baseUrl`; returns the new database's URL. */
export async function createTestPgDatabase(baseUrl: string): Promise<string> {
  const name = `pfh_test_${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
