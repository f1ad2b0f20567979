// Backup while the server takes heartbeats, restore from it, and a graceful shutdown on SIGTERM.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, SqliteDb } from "@/db/client";
import { createIngestKey } from "@/lib/auth/ingest-keys";
import { startChild, type Child } from "../helpers/child";
import { beat, count, dbEnv, freshDb, makeAgent, makeTerminal } from "../helpers/db";

const run = promisify(execFile);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pfh-ops-"));
const children: Child[] = [];
afterAll(async () => {
  await Promise.all(children.map((c) => c.stop()));
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The backup command copies a SQLite file; on PostgreSQL it points to pg_dump (tested below). */
const onPostgres = Boolean(process.env.PFH_TEST_PG_URL);

async function setup(name: string, terminals = 10) {
  const db = await freshDb();
  const agent = await makeAgent(db, null, { code: name.toUpperCase() });
  const sns: string[] = [];
  for (let i = 0; i < terminals; i++) sns.push((await makeTerminal(db, agent.id)).sn);
  const key = (await createIngestKey(db, agent.id, name, Date.now())).key;
  const sqlite = db instanceof SqliteDb;
  await db.close();
  return { file: db.file, env: dbEnv(db), sqlite, sns, key };
}

async function serve(env: Record<string, string>) {
  const c = await startChild("lib/server/main.ts", { ...env, PAGES: "off", NODE_ENV: "production" });
  children.push(c);
  return c;
}

function post(port: number, key: string, heartbeats: unknown[]) {
  return fetch(`http://127.0.0.1:${port}/api/v1/heartbeats`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ heartbeats }),
  });
}

const countBeats = async (target: string) => {
  const db = await openDatabase(target, { migrate: false });
  try {
    return await count(db, `SELECT count(*) AS n FROM heartbeats`);
  } finally {
    await db.close();
  }
};

describe.skipIf(onPostgres)("backup and restore", () => {
  it("copies the database online while heartbeats stream in, and the copy serves again", { timeout: 90_000 }, async () => {
    const { file, env, sns, key } = await setup("backup");
    const server = await serve(env);
    let seq = 0;
    let acked = 0;
    let streaming = true;
    const stream = (async () => {
      while (streaming) {
        seq++;
        const res = await post(server.port, key, sns.map((sn) => beat(sn, seq, { ts: Date.now() })));
        expect(res.status).toBe(200);
        acked += sns.length;
      }
    })();
    await new Promise((r) => setTimeout(r, 500));
    const ackedBeforeBackup = acked;
    const dest = path.join(dir, "copy", "fleet-backup.db");
    const { stdout } = await run("npx", ["tsx", "lib/cli/backup.ts", dest], { env: { ...process.env, DATABASE_PATH: file } });
    expect(stdout).toMatch(/integrity ok/);
    streaming = false;
    await stream;
    const inCopy = await countBeats(dest);
    expect(inCopy).toBeGreaterThanOrEqual(ackedBeforeBackup);
    expect(inCopy).toBeLessThanOrEqual(acked);
    expect(inCopy % sns.length).toBe(0); // whole transactions only: batches are never half-copied

    // Restore as documented: stop the server, put the copy in place of the database, start again.
    await server.stop();
    const restored = path.join(dir, "restored.db");
    fs.copyFileSync(dest, restored);
    const again = await serve({ DATABASE_PATH: restored });
    const res = await post(again.port, key, sns.map((sn) => beat(sn, 100_000, { ts: Date.now() })));
    expect(await res.json()).toMatchObject({ accepted: sns.length });
    await again.stop();
    expect(await countBeats(restored)).toBe(inCopy + sns.length);
  });

  it("refuses to overwrite an existing file or copy a missing database", async () => {
    const existing = path.join(dir, "exists.db");
    fs.writeFileSync(existing, "x");
    const { file } = await setup("refuse");
    await expect(run("npx", ["tsx", "lib/cli/backup.ts", existing], { env: { ...process.env, DATABASE_PATH: file } })).rejects.toMatchObject({
      stderr: expect.stringMatching(/exists; pass --force/),
    });
    await expect(run("npx", ["tsx", "lib/cli/backup.ts", path.join(dir, "x.db")], { env: { ...process.env, DATABASE_PATH: path.join(dir, "none.db") } })).rejects.toMatchObject({
      stderr: expect.stringMatching(/no database at/),
    });
  });
});

describe("backup on PostgreSQL", () => {
  it("refuses with exit 2 and points to pg_dump and pg_restore, without printing the password", async () => {
    const env = { ...process.env, DATABASE_URL: "postgres://fleet:s3cret@127.0.0.1:1/fleet" };
    const failed = await run("npx", ["tsx", "lib/cli/backup.ts", path.join(dir, "pg.db")], { env }).then(
      () => null,
      (err: { code?: number; stderr?: string }) => err,
    );
    expect(failed).toMatchObject({ code: 2, stderr: expect.stringMatching(/pg_dump --format=custom/) });
    expect(failed!.stderr).toMatch(/pg_restore/);
    expect(failed!.stderr).not.toMatch(/s3cret/);
    expect(fs.existsSync(path.join(dir, "pg.db"))).toBe(false);
  });
});

describe("graceful shutdown", () => {
  it("finishes in-flight requests, checkpoints the WAL and exits 0 on SIGTERM", { timeout: 60_000 }, async () => {
    const { file, env, sqlite, sns, key } = await setup("shutdown", 200);
    const server = await serve(env);
    const inflight = Array.from({ length: 20 }, (_, i) => post(server.port, key, sns.map((sn) => beat(sn, i + 1, { ts: Date.now() }))));
    await new Promise((r) => setTimeout(r, 20));
    const exited = new Promise<number | null>((resolve) => server.proc.once("exit", (code) => resolve(code)));
    const t0 = Date.now();
    server.proc.kill("SIGTERM");
    const results = await Promise.allSettled(inflight);
    const code = await exited;
    expect(code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(15_000);
    // Every request either completed (and is stored) or was refused; none is half-stored.
    let acked = 0;
    for (const r of results) {
      if (r.status === "fulfilled" && r.value.status === 200) acked += ((await r.value.json()) as { accepted: number }).accepted;
    }
    expect(acked).toBeGreaterThan(0);
    if (sqlite) {
      // Checked before anything opens the file again: the server itself left the WAL empty.
      const wal = `${file}-wal`;
      expect(!fs.existsSync(wal) || fs.statSync(wal).size === 0).toBe(true);
    }
    expect(await countBeats(file)).toBe(acked);
  });
});
