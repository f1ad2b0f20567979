// `npm run demo` end to end on a small fleet and the browser tests' production build: it writes
// the first run's history with a progress line per tenth, starts the server and the simulator,
// says how long it took to be ready, serves signed-in pages with the seeded fleet, keeps posting
// live heartbeats, and stops cleanly on SIGTERM. Its files (database, logs, ingest key) stay in
// the test's own folder.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db/client";
import { DEMO_ACCOUNTS } from "@/lib/demo/accounts";
import { E2E_DIST_DIR } from "./harness/build";

const TERMINALS = 60;
let dir = "";
let demo: ChildProcess;
let stderr = "";
let base = "";
let db: Db;
let exited: Promise<number | null>;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pfh-demo-"));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  demo = spawn(process.execPath, ["--import", "tsx", "lib/demo/main.ts", "--no-build", "--terminals", String(TERMINALS), "--days", "0.1", "--speed", "60"], {
    env: { ...process.env, DATABASE_PATH: path.join(dir, "fleet.db"), DATABASE_URL: "", PORT: String(port), HOST: "127.0.0.1", NEXT_DIST_DIR: E2E_DIST_DIR, LOG_LEVEL: "warn" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  exited = new Promise((resolve) => demo.once("exit", (code) => resolve(code)));
  demo.stdout!.resume();
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo was not ready within 180 s:\n${stderr}`)), 180_000);
    demo.stderr!.on("data", (c: Buffer) => {
      stderr += c.toString("utf8");
      if (/ready in \d+ s/.test(stderr)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => reject(new Error(`the demo exited (${code}) before it was ready:\n${stderr}`)));
  });
  db = await openDatabase(path.join(dir, "fleet.db"), { migrate: false });
}, 200_000);

afterAll(async () => {
  if (demo && demo.exitCode === null) demo.kill("SIGKILL");
  await db?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("npm run demo", () => {
  it("reports each step's progress and the time to ready", () => {
    expect(stderr).toContain(`created the demo fleet: ${TERMINALS} terminals`);
    // The history's bar, in tenths (the output is not a terminal), ending with its summary.
    for (const pct of [0, 50, 100]) expect(stderr).toMatch(new RegExp(`history: +${pct}% `));
    expect(stderr).toMatch(/history: 100% [\d,]+ heartbeats in \d+ s/);
    expect(stderr).toMatch(/server: started in \d+ s/);
    expect(stderr).toMatch(/ready in \d+ s/);
    // The build was there and fresh enough: --no-build never starts one.
    expect(stderr).not.toContain("building the app");
  });

  it("keeps its files beside the database", () => {
    const key = path.join(dir, "demo-ingest-key");
    expect(fs.statSync(key).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(path.join(dir, "demo-server.log"))).toBe(true);
  });

  it("serves the seeded fleet to a signed-in manager", async () => {
    const admin = DEMO_ACCOUNTS.find((a) => a.role === "admin")!;
    const signIn = await fetch(`${base}/api/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base },
      body: JSON.stringify({ email: admin.email, password: admin.password }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
    const page = await fetch(`${base}/`, { headers: { cookie, "accept-language": "en" } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(String(TERMINALS));
    const terminals = await fetch(`${base}/terminals`, { headers: { cookie } });
    expect(terminals.status).toBe(200);
  });

  it("posts live heartbeats after the history", async () => {
    const row = await db.get<{ until: number }>(`SELECT max(received_at) AS until FROM heartbeats`);
    const historyEnd = Number(row!.until);
    await expect
      .poll(async () => Number((await db.get<{ n: number }>(`SELECT count(*) AS n FROM heartbeats WHERE received_at > ?`, [historyEnd]))!.n), { timeout: 30_000, interval: 500 })
      .toBeGreaterThan(0);
  });

  it("stops the server and the simulator on SIGTERM", async () => {
    demo.kill("SIGTERM");
    expect(await exited).toBe(0);
    const port = Number(new URL(base).port);
    const free = await new Promise<boolean>((resolve) => {
      const s = net.createServer().once("error", () => resolve(false));
      s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
    });
    expect(free).toBe(true);
  }, 30_000);
});
