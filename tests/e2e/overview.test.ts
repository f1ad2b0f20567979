import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count } from "@/tests/helpers/db";
import { startApp, settle, type App } from "./harness";

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.stop();
});

const n = (sql: string, ...p: unknown[]) => count(app.db, sql, ...p);
const text = async (page: import("playwright-core").Page, testId: string) =>
  (await page.getByTestId(testId).locator(".stat-value").innerText()).replace(/[,\s]/g, "");

describe("fleet overview", () => {
  it("loads without console errors and shows the numbers the database holds", async () => {
    const page = await app.newPage();
    await page.goto(`${app.base}/`);
    await settle(page);
    expect(await page.locator("h1").innerText()).toBe("终端概览");
    expect(await text(page, "stat-total")).toBe(String(await n(`SELECT count(*) n FROM terminal_state`)));
    expect(await text(page, "stat-online")).toBe(String(await n(`SELECT count(*) n FROM terminal_state WHERE status = 'online'`)));
    expect(await text(page, "stat-offline")).toBe(String(await n(`SELECT count(*) n FROM terminal_state WHERE status = 'offline'`)));
    expect(await text(page, "stat-healthy")).toBe(String(await n(`SELECT count(*) n FROM terminal_state WHERE category = 'healthy'`)));
    expect(await text(page, "stat-problems")).toBe(String(await n(`SELECT count(*) n FROM terminal_state WHERE category <> 'healthy'`)));
    const cells = await app.db.all<{ category: string; severity: string; n: number }>(`SELECT category, severity, count(*) n FROM terminal_state GROUP BY 1, 2`);
    for (const c of cells) expect(await page.getByTestId(`cell-${c.category}-${c.severity}`).innerText()).toBe(String(c.n));
    // Charts drew their bars.
    expect(await page.getByTestId("trend-chart").locator(".recharts-bar-rectangle").count()).toBeGreaterThan(0);
    expect(await page.getByTestId("battery-chart").locator(".recharts-bar-rectangle").count()).toBeGreaterThan(0);
    // The battery chart counts levels off the charger only, and its caption says so.
    expect(await page.locator(".card", { has: page.getByTestId("battery-chart") }).innerText()).toContain("充电中的终端单独计数");
    // Each top problem code carries its meaning.
    const op = page.getByTestId("top-codes").locator("tr[data-code='13']");
    await expect.poll(() => op.innerText()).toContain("无效金额");
    await app.screenshot(page, "overview-zh");
    expect(page.errors).toEqual([]);
  });

  it("links a number to the terminals table filtered to it", async () => {
    const page = await app.newPage();
    await page.goto(`${app.base}/`);
    await page.getByTestId("stat-offline").click();
    await page.waitForURL(/\/terminals\?status=offline/);
    await settle(page);
    const offline = await n(`SELECT count(*) n FROM terminal_state WHERE status = 'offline'`);
    await expect.poll(() => page.getByTestId("terminals-table").locator("tbody tr").count()).toBe(offline);
    expect(await page.getByTestId("total").innerText()).toContain(String(offline));
    expect(page.errors).toEqual([]);
  });

  it("links a chart segment to the terminals table filtered to its category", async () => {
    const page = await app.newPage();
    await page.goto(`${app.base}/`);
    await settle(page);
    // The last bar of the hardware series: its colour is the hardware colour in the chart config.
    const bars = page.getByTestId("trend-chart").locator(".recharts-bar-rectangle path[fill='#dc2626']");
    await bars.last().click({ force: true });
    await page.waitForURL(/\/terminals\?category=hardware/);
    await settle(page);
    const hardware = await n(`SELECT count(*) n FROM terminal_state WHERE category = 'hardware'`);
    await expect.poll(() => page.getByTestId("terminals-table").locator("tbody tr").count()).toBe(hardware);
    await app.screenshot(page, "overview-click-segment");
    expect(page.errors).toEqual([]);
  });

  it("is usable on a phone", async () => {
    const page = await app.newPage({ width: 390, height: 844 });
    await page.goto(`${app.base}/`);
    await settle(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await app.screenshot(page, "overview-phone");
    expect(page.errors).toEqual([]);
  });
});
