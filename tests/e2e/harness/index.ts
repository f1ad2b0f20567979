// The browser-test harness: a seeded database, the real production server on a free port, and
// Debian Chromium driven by playwright-core. One `startApp()` per test file; `stop()` ends all.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { openDatabase, type Db } from "@/db/client";
import { insertUser } from "@/db/queries/auth-users";
import { createSession, SESSION_COOKIE } from "@/lib/auth/sessions";
import { seedFleet, type SeededFleet } from "@/tests/fixtures/seed-fleet";
import { startChild, type Child } from "@/tests/helpers/child";
import { dbEnv, freshDb } from "@/tests/helpers/db";
import { E2E_DIST_DIR } from "./build";
import { CHROMIUM } from "./chromium";

export const SCREENSHOT_DIR = path.join(process.cwd(), "test-results", "screenshots");

const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export interface App {
  base: string;
  db: Db;
  /** Session cookies ("name=token") of an admin of the whole network and a manager of EAST only. */
  sessions: { admin: string; east: string };
  fleet: SeededFleet;
  context: BrowserContext;
  /** A new page that records console errors and failed requests; `errors` is checked by `expectClean`. */
  newPage(opts?: { locale?: "zh-CN" | "en"; width?: number; height?: number }): Promise<Page & { errors: string[] }>;
  screenshot(page: Page, name: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startApp(): Promise<App> {
  if (!fs.existsSync(CHROMIUM)) throw new Error("Chromium is missing: the e2e globalSetup installs it; run `npm test` or `apt-get install -y chromium fonts-noto-cjk`");
  // A fresh store (a SQLite file, or a PostgreSQL database when the suite runs on one), seeded
  // and closed (SQLite checkpoints its WAL on close) before the server opens it.
  const seedDb = await freshDb();
  const fleet = await seedFleet(seedDb, { now: Date.now() });
  const sessions = await signInUsers(seedDb, fleet);
  await seedDb.close();

  let server: Child | undefined;
  let context: BrowserContext | undefined;
  let profile = "";
  try {
    server = await startChild(path.join(process.cwd(), "lib/server/main.ts"), {
      NODE_ENV: "production",
      ...dbEnv(seedDb),
      NEXT_DIST_DIR: E2E_DIST_DIR,
      NEXT_TELEMETRY_DISABLED: "1",
      // The channel tests' receivers listen on 127.0.0.1, which deliveries refuse unless allowed.
      NOTIFY_ALLOW_PRIVATE: "127.0.0.1/32",
    });
    profile = fs.mkdtempSync(path.join(os.tmpdir(), "pfh-chromium-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      locale: "zh-CN",
      timezoneId: "Asia/Shanghai",
      viewport: { width: 1366, height: 900 },
      acceptDownloads: true,
    });
    await context.addCookies([{ name: SESSION_COOKIE, value: sessions.admin, url: `http://127.0.0.1:${server.port}` }]);
  } catch (err) {
    await context?.close();
    await server?.stop();
    if (profile) fs.rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
    throw err;
  }
  const base = `http://127.0.0.1:${server.port}`;
  // The test's own read-only view of the same file: the oracle for what pages must show.
  const db = await openDatabase(seedDb.file, { migrate: false });
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const ctx = context;
  const srv = server;

  return {
    base,
    db,
    fleet,
    sessions: { admin: `${SESSION_COOKIE}=${sessions.admin}`, east: `${SESSION_COOKIE}=${sessions.east}` },
    context: ctx,
    async newPage(opts = {}) {
      const page = (await ctx.newPage()) as Page & { errors: string[] };
      page.errors = [];
      page.on("console", (m) => {
        if (m.type() === "error") page.errors.push(`console: ${m.text()}${m.location().url ? ` (${m.location().url})` : ""}`);
      });
      page.on("pageerror", (e) => page.errors.push(`pageerror: ${e.message}`));
      page.on("response", (r) => {
        // 404s are logged by Chromium without their address: name it (and whether it was a prefetch).
        if (r.status() >= 500 || r.status() === 404) {
          const prefetch = r.request().headers()["next-router-prefetch"] ? " (prefetch)" : "";
          page.errors.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}${prefetch}`);
        }
      });
      await page.setViewportSize({ width: opts.width ?? 1366, height: opts.height ?? 900 });
      await page.setExtraHTTPHeaders({ "accept-language": opts.locale === "en" ? "en-US,en;q=0.9" : "zh-CN,zh;q=0.9" });
      return page;
    },
    async screenshot(page, name) {
      const out = path.join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path: out, fullPage: true });
      return out;
    },
    async stop() {
      await ctx.close().catch(() => undefined);
      await srv.stop();
      await db.close();
      fs.rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

/** Waits until charts and client components have painted (recharts draws after hydration). */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(300);
}

/** Users and live sessions made directly in the database: sign-in itself is the auth tests' job. */
async function signInUsers(db: Db, fleet: SeededFleet): Promise<{ admin: string; east: string }> {
  const now = Date.now();
  const user = (email: string, role: "admin" | "manager", agentId: number) =>
    insertUser(db, { email, name: email.split("@")[0]!, passwordHash: "e2e-no-password", role, agentId, mustChangePassword: false }, now);
  const admin = await user("admin@e2e.test", "admin", fleet.agents.ROOT.id);
  const east = await user("east@e2e.test", "manager", fleet.agents.EAST.id);
  return { admin: (await createSession(db, admin, {}, now)).token, east: (await createSession(db, east, {}, now)).token };
}
