// Backup while the server takes heartbeats, restore from it, and a graceful shutdown on SIGTERM.
import { execFile } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, SqliteDb } from "@/db/client";
import { createIngestKey } from "@/lib/auth/ingest-keys";
import { startChild, type Child } from "../helpers/child";
import { beat, count, dbEnv, freshDb, makeAgent, makeTerminal } from "../helpers/db";
import { createTestPgDatabase } from "../helpers/pg";

const run = promisify(execFile);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pfh-ops-"));
const children: Child[] = [];
afterAll(async () => {
  await Promise.all(children.map((c) => c.stop()));
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The backup command copies a SQLite file; on PostgreSQL it points to pg_dump (both tested below). */
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

/**
 * A heartbeat POST sent in two steps: the headers (with `Expect: 100-continue`) now, resolved once
 * the server has taken the request and answered 100 Continue; the body when `finish()` is called.
 */
function beginPost(port: number, key: string, heartbeats: unknown[]): Promise<{ finish(): Promise<{ status: number; body: string }> }> {
  const body = Buffer.from(JSON.stringify({ heartbeats }));
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: "127.0.0.1",
      port,
      method: "POST",
      path: "/api/v1/heartbeats",
      headers: { "content-type": "application/json", "content-length": body.length, authorization: `Bearer ${key}`, expect: "100-continue" },
    });
    const reply = new Promise<{ status: number; body: string }>((done, fail) => {
      req.on("response", (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", fail);
      });
      req.on("error", fail);
    });
    reply.catch(reject);
    req.on("continue", () =>
      resolve({
        finish: () => {
          req.end(body);
          return reply;
        },
      }),
    );
    req.flushHeaders();
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

/** Heartbeats posted in whole batches until `stop()`: what a backup taken meanwhile must hold. */
function streamBeats(port: number, key: string, sns: string[]) {
  let seq = 0;
  let acked = 0;
  let streaming = true;
  const done = (async () => {
    while (streaming) {
      seq++;
      const res = await post(port, key, sns.map((sn) => beat(sn, seq, { ts: Date.now() })));
      expect(res.status).toBe(200);
      acked += sns.length;
    }
  })();
  return {
    acked: () => acked,
    async stop() {
      streaming = false;
      await done;
      return acked;
    },
  };
}

// Each backend's own backup: SQLite through the backup command (its online backup API),
// PostgreSQL through pg_dump and pg_restore, which the command points to there.
const backupAndRestore = onPostgres ? backupAndRestorePostgres : backupAndRestoreSqlite;
describe("backup and restore", backupAndRestore);

function backupAndRestoreSqlite() {
  it("copies the database online while heartbeats stream in, and the copy serves again", { timeout: 90_000 }, async () => {
    const { file, env, sns, key } = await setup("backup");
    const server = await serve(env);
    const stream = streamBeats(server.port, key, sns);
    await new Promise((r) => setTimeout(r, 500));
    const ackedBeforeBackup = stream.acked();
    const dest = path.join(dir, "copy", "fleet-backup.db");
    const { stdout } = await run("npx", ["tsx", "lib/cli/backup.ts", dest], { env: { ...process.env, DATABASE_PATH: file } });
    expect(stdout).toMatch(/integrity ok/);
    const acked = await stream.stop();
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
}

function backupAndRestorePostgres() {
  const PG_BIN = process.env.PFH_PG_BIN ?? "/usr/lib/postgresql/15/bin";

  it("pg_dump copies the database while heartbeats stream in, and the restored copy serves again", { timeout: 90_000 }, async () => {
    const { file, env, sns, key } = await setup("backup");
    const server = await serve(env);
    const stream = streamBeats(server.port, key, sns);
    await new Promise((r) => setTimeout(r, 500));
    const ackedBeforeBackup = stream.acked();
    const dump = path.join(dir, "fleet.dump");
    await run(path.join(PG_BIN, "pg_dump"), ["--format=custom", `--file=${dump}`, file]);
    const acked = await stream.stop();

    // Restore as documented into an empty database, then serve from it.
    await server.stop();
    const restored = await createTestPgDatabase(process.env.PFH_TEST_PG_URL!);
    await run(path.join(PG_BIN, "pg_restore"), ["--clean", "--if-exists", `--dbname=${restored}`, dump]);
    const inCopy = await countBeats(restored);
    expect(inCopy).toBeGreaterThanOrEqual(ackedBeforeBackup);
    expect(inCopy).toBeLessThanOrEqual(acked);
    expect(inCopy % sns.length).toBe(0); // one snapshot: batches are never half-copied
    const again = await serve({ DATABASE_URL: restored });
    const res = await post(again.port, key, sns.map((sn) => beat(sn, 100_000, { ts: Date.now() })));
    expect(await res.json()).toMatchObject({ accepted: sns.length });
    await again.stop();
    expect(await countBeats(restored)).toBe(inCopy + sns.length);
  });

  it("the backup command refuses the PostgreSQL store with exit 2 and writes nothing", async () => {
    const { file } = await setup("refuse");
    const dest = path.join(dir, "refused.db");
    const failed = await run("npx", ["tsx", "lib/cli/backup.ts", dest], { env: { ...process.env, DATABASE_URL: file } }).then(
      () => null,
      (err: { code?: number; stderr?: string }) => err,
    );
    expect(failed).toMatchObject({ code: 2, stderr: expect.stringMatching(/pg_dump --format=custom/) });
    expect(fs.existsSync(dest)).toBe(false);
  });
}

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
    // One request the server has certainly begun (it answered `Expect: 100-continue`) whose body
    // is still arriving when the signal comes: it must be finished and stored, not cut off.
    const slow = await beginPost(server.port, key, sns.map((sn) => beat(sn, 1_000, { ts: Date.now() })));
    const inflight = Promise.allSettled(Array.from({ length: 20 }, (_, i) => post(server.port, key, sns.map((sn) => beat(sn, i + 1, { ts: Date.now() })))));
    await new Promise((r) => setTimeout(r, 20));
    const exited = new Promise<number | null>((resolve) => server.proc.once("exit", (code) => resolve(code)));
    const t0 = Date.now();
    server.proc.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    const slowReply = await slow.finish();
    const results = await inflight;
    const code = await exited;
    expect(code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(slowReply.status).toBe(200);
    expect(JSON.parse(slowReply.body)).toMatchObject({ accepted: sns.length });
    // Every request either completed (and is stored) or was refused; none is half-stored.
    let acked = sns.length;
    for (const r of results) {
      if (r.status === "fulfilled" && r.value.status === 200) acked += ((await r.value.json()) as { accepted: number }).accepted;
    }
    if (sqlite) {
      // Checked before anything opens the file again: the server itself left the WAL empty.
      const wal = `${file}-wal`;
      expect(!fs.existsSync(wal) || fs.statSync(wal).size === 0).toBe(true);
    }
    expect(await countBeats(file)).toBe(acked);
  });
});
