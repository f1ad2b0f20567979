// Backup while the server takes heartbeats, restore from it, and a graceful shutdown on SIGTERM.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { createIngestKey } from "@/lib/auth/ingest-keys";
import { startChild, type Child } from "../helpers/child";
import { beat, makeAgent, makeTerminal } from "../helpers/db";

const run = promisify(execFile);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pfh-ops-"));
const children: Child[] = [];
afterAll(async () => {
  await Promise.all(children.map((c) => c.stop()));
  fs.rmSync(dir, { recursive: true, force: true });
});

function setup(name: string, terminals = 10) {
  const file = path.join(dir, `${name}.db`);
  const db = openDatabase(file);
  const agent = makeAgent(db, null, { code: name.toUpperCase() });
  const sns = Array.from({ length: terminals }, () => makeTerminal(db, agent.id).sn);
  const key = createIngestKey(db, agent.id, name, Date.now()).key;
  db.$client.close();
  return { file, sns, key };
}

async function serve(file: string) {
  const c = await startChild("lib/server/main.ts", { DATABASE_PATH: file, PAGES: "off", NODE_ENV: "production" });
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

const countBeats = (file: string) => {
  const db = openDatabase(file, { migrate: false });
  try {
    return (db.$client.prepare(`SELECT count(*) AS n FROM heartbeats`).get() as { n: number }).n;
  } finally {
    db.$client.close();
  }
};

describe("backup and restore", () => {
  it("copies the database online while heartbeats stream in, and the copy serves again", { timeout: 90_000 }, async () => {
    const { file, sns, key } = setup("backup");
    const server = await serve(file);
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
    const inCopy = countBeats(dest);
    expect(inCopy).toBeGreaterThanOrEqual(ackedBeforeBackup);
    expect(inCopy).toBeLessThanOrEqual(acked);
    expect(inCopy % sns.length).toBe(0); // whole transactions only: batches are never half-copied

    // Restore as documented: stop the server, put the copy in place of the database, start again.
    await server.stop();
    const restored = path.join(dir, "restored.db");
    fs.copyFileSync(dest, restored);
    const again = await serve(restored);
    const res = await post(again.port, key, sns.map((sn) => beat(sn, 100_000, { ts: Date.now() })));
    expect(await res.json()).toMatchObject({ accepted: sns.length });
    await again.stop();
    expect(countBeats(restored)).toBe(inCopy + sns.length);
  });

  it("refuses to overwrite an existing file or copy a missing database", async () => {
    const existing = path.join(dir, "exists.db");
    fs.writeFileSync(existing, "x");
    const { file } = setup("refuse");
    await expect(run("npx", ["tsx", "lib/cli/backup.ts", existing], { env: { ...process.env, DATABASE_PATH: file } })).rejects.toMatchObject({
      stderr: expect.stringMatching(/exists; pass --force/),
    });
    await expect(run("npx", ["tsx", "lib/cli/backup.ts", path.join(dir, "x.db")], { env: { ...process.env, DATABASE_PATH: path.join(dir, "none.db") } })).rejects.toMatchObject({
      stderr: expect.stringMatching(/no database at/),
    });
  });
});

describe("graceful shutdown", () => {
  it("finishes in-flight requests, checkpoints the WAL and exits 0 on SIGTERM", { timeout: 60_000 }, async () => {
    const { file, sns, key } = setup("shutdown", 200);
    const server = await serve(file);
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
    expect(countBeats(file)).toBe(acked);
    const wal = `${file}-wal`;
    expect(!fs.existsSync(wal) || fs.statSync(wal).size === 0).toBe(true);
  });
});
