// In Chromium, on whichever store the suite runs on (SQLite in `npm test`, PostgreSQL in
// `npm run test:pg`): an admin signs in through the form, and the overview, the terminals table
// and the call queue show what the database holds, with no console errors or failed requests.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, seedDemoUsers } from "@/lib/demo/accounts";
import { QUEUE_PAGE_SIZE } from "@/db/queries/alerts-queue";
import { count } from "@/tests/helpers/db";
import { settle, startApp, type App } from "./harness";

let app: App;
let page: Page & { errors: string[] };
const admin = DEMO_ACCOUNTS.find((a) => a.role === "admin")!;

beforeAll(async () => {
  app = await startApp();
  await seedDemoUsers(app.db, Date.now());
  page = await app.newPage();
});
afterAll(async () => {
  await app?.stop();
});

const n = (sql: string, ...p: unknown[]) => count(app.db, sql, ...p);
const stat = async (testId: string) => (await page.getByTestId(testId).locator(".stat-value").innerText()).replace(/[,\s]/g, "");
const rowIds = (testId: string) =>
  page.getByTestId(testId).locator("tbody tr[data-row-id]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-row-id") ?? ""));

describe("smoke: sign in and read the fleet", () => {
  it("signs in through the form and lands on the overview with the database's numbers", async () => {
    await app.context.clearCookies(); // the harness signs its browser in; this test uses the form
    await page.goto(`${app.base}/`);
    await page.waitForURL(/\/login/);
    await page.getByLabel("邮箱").fill(admin.email);
    await page.getByLabel("密码").fill(admin.password);
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForURL((u) => u.pathname === "/");
    await settle(page);
    expect(await page.locator("h1").innerText()).toBe("终端概览");
    const total = await n(`SELECT count(*) n FROM terminal_state`);
    expect(total).toBeGreaterThan(0);
    expect(await stat("stat-total")).toBe(String(total));
    expect(await stat("stat-offline")).toBe(String(await n(`SELECT count(*) n FROM terminal_state WHERE status = 'offline'`)));
    expect(await stat("stat-problems")).toBe(String(await n(`SELECT count(*) n FROM terminal_state WHERE category <> 'healthy'`)));
    expect(await page.getByTestId("trend-chart").locator(".recharts-bar-rectangle").count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId("top-codes").locator("tr[data-code]").count()).toBeGreaterThan(0);
    expect(page.errors).toEqual([]);
  });

  it("shows all terminals sorted by serial, as the database orders it", async () => {
    // The table opens on problems first; "all terminals" is the serial order.
    await page.goto(`${app.base}/terminals?sort=sn`);
    await settle(page);
    const expected = (
      await app.db.all<{ sn: string }>(`SELECT t.sn FROM terminal_state s JOIN terminals t ON t.id = s.terminal_id ORDER BY t.sn LIMIT 50`)
    ).map((r) => r.sn);
    expect(expected.length).toBeGreaterThan(0);
    expect(await rowIds("terminals-table")).toEqual(expected);
    expect(await page.getByTestId("total").innerText()).toContain(String(await n(`SELECT count(*) n FROM terminal_state`)));
    expect(page.errors).toEqual([]);
  });

  it("shows the call queue: the open and acknowledged alerts outside open incidents", async () => {
    await page.goto(`${app.base}/alerts`);
    await settle(page);
    const expected = (
      await app.db.all<{ id: number }>(
        `SELECT a.id FROM alerts a WHERE a.status IN ('open', 'acknowledged')
            AND (a.incident_id IS NULL OR NOT EXISTS (SELECT 1 FROM incidents i WHERE i.id = a.incident_id AND i.status = 'open'))`,
      )
    ).map((r) => String(r.id));
    expect(expected.length).toBeGreaterThan(0);
    const shown = await rowIds("queue-table");
    expect(shown).toHaveLength(Math.min(expected.length, QUEUE_PAGE_SIZE));
    for (const id of shown) expect(expected).toContain(id);
    // Each row names the merchant to call.
    const first = page.getByTestId("queue-table").locator("tbody tr[data-row-id]").first();
    const merchant = await app.db.get<{ name: string }>(
      `SELECT m.name FROM alerts a JOIN terminals t ON t.id = a.terminal_id JOIN merchants m ON m.id = t.merchant_id WHERE a.id = ?`,
      [Number(shown[0])],
    );
    expect(await first.innerText()).toContain(merchant!.name);
    await app.screenshot(page, "smoke-queue");
    expect(page.errors).toEqual([]);
  });
});
