import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count as countRows } from "@/tests/helpers/db";
import { startApp, settle, type App } from "./harness";

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.stop();
});

describe("language", () => {
  it("switches the page to English and back, and remembers the choice", async () => {
    const page = await app.newPage();
    await page.goto(`${app.base}/`);
    await settle(page);
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
    await page.getByRole("button", { name: "English" }).click();
    await expect.poll(() => page.locator("h1").innerText()).toBe("Fleet overview");
    expect(await page.getByRole("navigation").first().innerText()).toContain("Terminals");
    expect(await page.getByTestId("category-matrix").innerText()).toContain("Hardware");
    await page.reload();
    await settle(page);
    expect(await page.locator("h1").innerText()).toBe("Fleet overview");
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await app.screenshot(page, "overview-en");
    await page.getByRole("button", { name: "中文" }).click();
    await expect.poll(() => page.locator("h1").innerText()).toBe("终端概览");
    expect(page.errors).toEqual([]);
  });

  it("follows Accept-Language when no choice was made", async () => {
    const html = async (lang: string) =>
      (await fetch(`${app.base}/firmware`, { headers: { cookie: app.sessions.admin, "accept-language": lang } })).text();
    expect(await html("en-US,en;q=0.9")).toMatch(/<h1>Firmware<\/h1>/);
    expect(await html("zh-CN,zh;q=0.9,en;q=0.8")).toMatch(/<h1>固件<\/h1>/);
    expect(await html("fr-FR")).toMatch(/<h1>固件<\/h1>/);
  });
});

describe("firmware", () => {
  it("shows versions, compliance and adoption as the database holds them, linked to the table", async () => {
    await app.context.clearCookies({ name: "NEXT_LOCALE" });
    const page = await app.newPage();
    await page.goto(`${app.base}/firmware`);
    await settle(page);
    const count = (sql: string) => countRows(app.db, sql);
    expect(await page.getByTestId("fw-compliance-blocked").locator(".stat-value").innerText()).toBe(String(await count(`SELECT count(*) n FROM terminal_state WHERE firmware = '2.3.5'`)));
    expect(await page.getByTestId("fw-compliance-below_min").locator(".stat-value").innerText()).toBe(String(await count(`SELECT count(*) n FROM terminal_state WHERE firmware = '2.2.0'`)));
    const versions = await app.db.all<{ firmware: string; n: number }>(`SELECT firmware, count(*) n FROM terminal_state GROUP BY firmware`);
    for (const v of versions) expect(await page.getByTestId(`fw-total-${v.firmware}`).innerText()).toBe(String(v.n));
    expect(await page.getByTestId("adoption-chart").locator(".recharts-area").count()).toBe(versions.length);
    await app.screenshot(page, "firmware");
    await page.getByTestId("fw-total-2.5.0").click();
    await page.waitForURL(/\/terminals\?firmware=2.5.0/);
    await settle(page);
    await expect.poll(() => page.getByTestId("terminals-table").locator("tbody tr").count()).toBe(versions.find((v) => v.firmware === "2.5.0")!.n);
    expect(page.errors).toEqual([]);
  });
});
