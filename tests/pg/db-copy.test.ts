// `npm run db:copy`: a seeded SQLite store copied into PostgreSQL by the real CLI (a child
// process), then compared table by table; a second run is refused without --force and changes
// nothing with it; a copy cut short is finished by --force; the copy answers the same read
// queries as the source and takes new rows without id collisions.
import { execFile } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres, openSqlite, type Db, type PgDb } from "@/db/client";
import { createAgent } from "@/db/fleet";
import { fleetSummary } from "@/db/queries/overview";
import { createUser } from "@/lib/auth/users";
import { systemScope } from "@/lib/auth/scope";
import { seedFleet } from "@/tests/fixtures/seed-fleet";
import { T0 } from "@/tests/helpers/db";
import { createTestPgDatabase, startTestCluster, type TestCluster } from "@/tests/helpers/pg";

let cluster: TestCluster | undefined;
let dir = "";
let source = "";
let target = "";
let pgDb: PgDb;
let tables: string[] = [];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function copyCli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile("node_modules/.bin/tsx", ["lib/cli/db-copy.ts", ...args], { timeout: 180_000, env: { ...process.env, DATABASE_URL: "" } }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === "number" ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Primary-key order of each compared table, so both sides list rows alike. */
const ORDER: Record<string, string> = {
  agents: "id",
  terminals: "id",
  merchants: "id",
  terminal_state: "terminal_id",
  heartbeats: "id",
  heartbeat_errors: "heartbeat_id, code",
  rollup_error_hourly: "hour_start, agent_id, code",
  alerts: "id",
  users: "id",
};

async function rowsOf(db: Db, table: string): Promise<Record<string, unknown>[]> {
  return db.all(`SELECT * FROM ${table} ORDER BY ${ORDER[table]}`);
}

async function countsOf(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = Number((await db.get<{ n: number }>(`SELECT count(*) AS n FROM ${t}`))!.n);
  return out;
}

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  const base = process.env.PFH_TEST_PG_URL ?? (cluster = await startTestCluster()).url;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pfh-db-copy-"));
  source = path.join(dir, "fleet.db");
  const lite = openSqlite(source);
  try {
    await seedFleet(lite, { now: T0 });
    const scope = await systemScope(lite);
    await createUser(lite, scope, { email: "ops@example.com", name: "值班", role: "manager", agent: "EAST", password: "copy-test-password-1" }, T0);
    tables = (
      await lite.all<{ name: string }>(`SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__drizzle_migrations' ORDER BY name`)
    ).map((r) => r.name);
  } finally {
    await lite.close();
  }
  target = await createTestPgDatabase(base);
  pgDb = openPostgres(target, 2);
}, 240_000);

afterAll(async () => {
  await pgDb?.close();
  await cluster?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("db:copy", () => {
  it("copies every table into a migrated PostgreSQL database, rows and contents equal", async () => {
    const run = await copyCli("--from", source, "--to", target, "--batch", "700");
    expect(run.stderr + run.stdout).toContain("the copy matches");
    expect(run.code).toBe(0);

    const lite = openSqlite(source, { migrate: false });
    try {
      const want = await countsOf(lite);
      expect(await countsOf(pgDb)).toEqual(want);
      // The fixture fills the tables that matter, so equal counts are not zero against zero.
      for (const t of ["agents", "merchants", "terminals", "terminal_state", "heartbeats", "heartbeat_errors", "rollup_error_hourly", "users", "audit_log"]) {
        expect(want[t], t).toBeGreaterThan(0);
      }
      expect(want.heartbeats).toBeGreaterThan(700 * 5); // several batches
      for (const t of Object.keys(ORDER)) expect(await rowsOf(pgDb, t), t).toEqual(await rowsOf(lite, t));
    } finally {
      await lite.close();
    }
    // Beats went to their day partitions, none to the default one.
    const inDefault = await pgDb.get<{ n: number }>(`SELECT count(*) AS n FROM heartbeats_default`);
    expect(inDefault?.n).toBe(0);
    const perPartition = await pgDb.all<{ p: string }>(`SELECT DISTINCT tableoid::regclass::text AS p FROM heartbeats`);
    expect(perPartition.length).toBeGreaterThanOrEqual(3);
    expect(perPartition.every((r) => /^heartbeats_p\d{8}$/.test(r.p))).toBe(true);
    // The table of counts is printed, one row per table.
    for (const t of tables) expect(run.stdout).toMatch(new RegExp(`^${t}\\s+[\\d,]+\\s+[\\d,]+\\s+[\\d,]+\\s+[\\d,]+\\s+ok$`, "m"));
  });

  it("refuses a second run without --force; with it, inserts nothing", async () => {
    const before = await countsOf(pgDb);
    const refused = await copyCli("--from", source, "--to", target);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain("--force");
    expect(refused.stderr).toMatch(/heartbeats: [\d,]+/);
    expect(await countsOf(pgDb)).toEqual(before);

    const again = await copyCli("--from", source, "--to", target, "--force");
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^total\s+[\d,]+\s+[\d,]+\s+0\s/m);
    expect(again.stdout).toMatch(/ 0 written \(inserted or updated\) in /);
    expect(again.stderr).toMatch(/^heartbeats: 0 rows read/m);
    expect(await countsOf(pgDb)).toEqual(before);
  });

  it("finishes a copy cut short, and brings changed rows up to date, when run again with --force", async () => {
    const before = await countsOf(pgDb);
    const mid = await pgDb.get<{ id: number }>(`SELECT id FROM heartbeats ORDER BY id OFFSET ? LIMIT 1`, [Math.floor(before.heartbeats! / 2)]);
    await pgDb.run(`DELETE FROM heartbeat_errors WHERE heartbeat_id >= ?`, [mid!.id]);
    await pgDb.run(`DELETE FROM heartbeats WHERE id >= ?`, [mid!.id]);
    await pgDb.run(`DELETE FROM rollup_error_hourly`);
    // Rows the server went on changing after a first pass: the target holds their older values.
    await pgDb.run(`UPDATE terminal_state SET battery_pct = 1, status = 'stale' WHERE terminal_id IN (SELECT terminal_id FROM terminal_state ORDER BY terminal_id LIMIT 5)`);
    await pgDb.run(`UPDATE agents SET name = 'old name' WHERE code = 'HZ'`);
    const missing = before.heartbeats! - (await countsOf(pgDb)).heartbeats!;
    expect(missing).toBeGreaterThan(0);

    const run = await copyCli("--from", source, "--to", target, "--force");
    expect(run.code).toBe(0);
    expect(await countsOf(pgDb)).toEqual(before);
    // Only the rows that differed were written: five states and one agent, not every row again.
    expect(run.stdout).toMatch(/^terminal_state\s+[\d,]+\s+[\d,]+\s+5\s/m);
    expect(run.stdout).toMatch(/^agents\s+[\d,]+\s+[\d,]+\s+1\s/m);
    expect(run.stdout).toMatch(/^terminals\s+[\d,]+\s+[\d,]+\s+0\s/m);
    // Heartbeats resume after the largest id the target holds: only the missing tail is read.
    const read = /^heartbeats: ([\d,]+) rows read, ([\d,]+) written/m.exec(run.stderr);
    expect(read?.slice(1).map((x) => Number(x.replace(/,/g, "")))).toEqual([missing, missing]);
    const lite = openSqlite(source, { migrate: false });
    try {
      for (const t of ["heartbeats", "heartbeat_errors", "rollup_error_hourly", "terminal_state", "agents"]) expect(await rowsOf(pgDb, t), t).toEqual(await rowsOf(lite, t));
    } finally {
      await lite.close();
    }
  });

  it("serves: the same fleet summary as the source, and new rows take fresh ids", async () => {
    const lite = openSqlite(source, { migrate: false });
    try {
      const want = await fleetSummary(lite, await systemScope(lite));
      const got = await fleetSummary(pgDb, await systemScope(pgDb));
      expect(want.total).toBe(60);
      expect(got).toEqual(want);
    } finally {
      await lite.close();
    }
    const maxId = (await pgDb.get<{ n: number }>(`SELECT max(id) AS n FROM agents`))!.n;
    const root = await systemScope(pgDb);
    const made = await createAgent(pgDb, { code: "NEW-AFTER-COPY", name: "迁移后新代理", parentId: root.agentId }, T0);
    expect(made.id).toBe(maxId + 1);
  });

  it("fails clearly: no source file, an unreachable target (password masked), a bad flag", async () => {
    const missing = await copyCli("--from", path.join(dir, "nope.db"), "--to", target);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no SQLite database at");
    expect(fs.existsSync(path.join(dir, "nope.db"))).toBe(false);

    const port = await closedPort();
    const unreachable = await copyCli("--from", source, "--to", `postgres://fleet:s3cret-Pa55@127.0.0.1:${port}/fleet`);
    expect(unreachable.code).toBe(4);
    expect(unreachable.stderr).toContain(`cannot connect to PostgreSQL at postgres://fleet:***@127.0.0.1:${port}/fleet`);
    expect(unreachable.stderr + unreachable.stdout).not.toContain("s3cret-Pa55");

    const noDb = new URL(target);
    noDb.pathname = "/no_such_database_here";
    const absent = await copyCli("--from", source, "--to", noDb.toString());
    expect(absent.code).toBe(4);
    expect(absent.stderr).toMatch(/does not exist.*create it first/);

    const bad = await copyCli("--from", source, "--to", target, "--batch", "0");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--batch");
    const notPg = await copyCli("--from", source, "--to", path.join(dir, "other.db"));
    expect(notPg.code).toBe(2);
    expect(notPg.stderr).toContain("postgres:// URL");
  });
});
