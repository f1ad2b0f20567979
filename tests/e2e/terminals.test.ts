import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startApp, settle, type App } from "./harness";

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.stop();
});

const FROM = `terminal_state s JOIN terminals t ON t.id = s.terminal_id JOIN merchants m ON m.id = t.merchant_id`;
/** Problems first, written independently of the query code: severity, then time in category, then id. */
const PROBLEMS = `CASE s.severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, s.category_since, t.id`;
const sns = async (sql: string, ...p: unknown[]) => (await app.db.all<{ sn: string }>(sql, p)).map((r) => r.sn);
const shownSns = (page: Page) => page.getByTestId("terminals-table").locator("tbody tr[data-row-id]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-row-id")));

describe("terminals table", () => {
  it("opens on problems first; all terminals (by serial, 50 to a page) is one click away and back returns", async () => {
    const page = await app.newPage();
    await page.goto(`${app.base}/terminals`);
    await settle(page);
    expect(await shownSns(page)).toEqual(await sns(`SELECT t.sn FROM ${FROM} ORDER BY ${PROBLEMS} LIMIT 50`));
    expect(await page.getByTestId("view-problems").getAttribute("aria-current")).toBe("page");
    expect(await page.getByTestId("total").innerText()).toContain("60");
    await page.getByTestId("view-all").click();
    await page.waitForURL(/sort=sn/);
    await expect.poll(() => shownSns(page)).toEqual(await sns(`SELECT t.sn FROM ${FROM} ORDER BY t.sn LIMIT 50`));
    expect(await page.getByTestId("view-all").getAttribute("aria-current")).toBe("page");
    await page.getByTestId("next").click();
    await page.waitForURL(/after=/);
    await expect.poll(() => shownSns(page)).toEqual(await sns(`SELECT t.sn FROM ${FROM} ORDER BY t.sn LIMIT 50 OFFSET 50`));
    await page.getByTestId("prev").click();
    await page.waitForURL(/before=/);
    await expect.poll(() => shownSns(page)).toEqual(await sns(`SELECT t.sn FROM ${FROM} ORDER BY t.sn LIMIT 50`));
    await app.screenshot(page, "terminals-list");
    await page.goBack();
    await page.goBack();
    await page.goBack();
    await page.waitForURL((u) => !u.search.includes("sort="));
    await expect.poll(() => shownSns(page)).toEqual(await sns(`SELECT t.sn FROM ${FROM} ORDER BY ${PROBLEMS} LIMIT 50`));
    expect(page.errors).toEqual([]);
  });

  it("filters by status and city, and the view survives a reload", async () => {
    const page = await app.newPage();
    await page.goto(`${app.base}/terminals`);
    await settle(page);
    await page.locator("select[name=status]").selectOption("online");
    await page.waitForURL(/status=online/);
    await page.locator("select[name=city]").selectOption("杭州");
    await page.waitForURL(/city=/);
    const expected = await sns(`SELECT t.sn FROM ${FROM} WHERE s.status = 'online' AND m.city = '杭州' ORDER BY ${PROBLEMS}`);
    await expect.poll(() => shownSns(page)).toEqual(expected);
    await page.reload();
    await settle(page);
    expect(await shownSns(page)).toEqual(expected);
    expect(await page.locator("select[name=status]").inputValue()).toBe("online");
    expect(await page.locator("select[name=city]").inputValue()).toBe("杭州");
    await app.screenshot(page, "terminals-filtered");
    expect(page.errors).toEqual([]);
  });

  it("sorts by battery when the header is clicked, in the URL so a reload keeps it", async () => {
    const page = await app.newPage();
    await page.goto(`${app.base}/terminals`);
    await settle(page);
    await page.locator("th[data-column=battery] button").click();
    await page.waitForURL(/sort=battery/);
    const dir = new URL(page.url()).searchParams.get("dir") === "desc" ? "DESC" : "ASC";
    const expected = await sns(`SELECT t.sn FROM ${FROM} ORDER BY s.battery_pct ${dir}, t.id ${dir} LIMIT 50`);
    await expect.poll(() => shownSns(page)).toEqual(expected);
    await page.locator("th[data-column=battery] button").click();
    const flipped = dir === "DESC" ? "ASC" : "DESC";
    await expect.poll(() => shownSns(page)).toEqual(await sns(`SELECT t.sn FROM ${FROM} ORDER BY s.battery_pct ${flipped}, t.id ${flipped} LIMIT 50`));
    const url = page.url();
    await page.reload();
    await settle(page);
    expect(page.url()).toBe(url);
    expect(await shownSns(page)).toEqual(await sns(`SELECT t.sn FROM ${FROM} ORDER BY s.battery_pct ${flipped}, t.id ${flipped} LIMIT 50`));
    expect(await page.locator("th[data-column=battery]").getAttribute("aria-sort")).toBe(flipped === "ASC" ? "ascending" : "descending");
    expect(page.errors).toEqual([]);
  });

  it("searches by merchant name and by serial prefix", async () => {
    const page = await app.newPage();
    await page.goto(`${app.base}/terminals`);
    await settle(page);
    await page.getByRole("searchbox").fill("茶饮店");
    await page.getByRole("searchbox").press("Enter");
    await page.waitForURL(/q=/);
    await expect.poll(() => shownSns(page)).toEqual(await sns(`SELECT t.sn FROM ${FROM} WHERE m.name LIKE '%茶饮店%' ORDER BY ${PROBLEMS}`));
    // The page says what the text matched, and each row marks it.
    await expect.poll(() => page.getByTestId("search-match").textContent()).toContain("商户名称包含“茶饮店”");
    expect(await page.getByTestId("terminals-table").locator("mark", { hasText: "茶饮店" }).count()).toBeGreaterThan(0);
    // A two-character word, the usual Chinese search, still matches inside the name.
    await page.getByRole("searchbox").fill("茶饮");
    await page.getByRole("searchbox").press("Enter");
    await expect.poll(() => shownSns(page)).toEqual(await sns(`SELECT t.sn FROM ${FROM} WHERE m.name LIKE '%茶饮%' ORDER BY ${PROBLEMS} LIMIT 50`));
    await expect.poll(() => page.getByTestId("search-match").textContent()).toContain("商户名称包含“茶饮”");
    await page.getByRole("searchbox").fill("PFH0002");
    await page.getByRole("searchbox").press("Enter");
    await expect.poll(() => shownSns(page)).toEqual(await sns(`SELECT t.sn FROM ${FROM} WHERE t.sn LIKE 'PFH0002%' ORDER BY ${PROBLEMS}`));
    expect(await page.getByTestId("terminals-table").locator("mark", { hasText: "PFH0002" }).count()).toBeGreaterThan(0);
    expect(page.errors).toEqual([]);
  });

  it("exports every filtered row as UTF-8 CSV with a BOM, not just the page", async () => {
    const page = await app.newPage();
    await page.goto(`${app.base}/terminals?size=25&category=healthy`);
    await settle(page);
    const expected = await sns(`SELECT t.sn FROM ${FROM} WHERE s.category = 'healthy' ORDER BY ${PROBLEMS}`);
    expect(expected.length).toBeGreaterThan(25);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export").click()]);
    const bytes = fs.readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString("utf8").slice(1).trim().split("\r\n");
    expect(lines[0]).toBe("序列号,商户,城市,代理,状态,问题分类,严重程度,电量,信号,固件,最后上报");
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(expected);
    expect(lines[1]).toContain("健康");
    expect(download.suggestedFilename()).toMatch(/^terminals-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(page.errors).toEqual([]);
  });

  it("shows an empty state when nothing matches", async () => {
    const page = await app.newPage();
    await page.goto(`${app.base}/terminals?q=NO-SUCH-TERMINAL`);
    await settle(page);
    await expect.poll(() => page.getByText("没有符合条件的终端").count()).toBe(1);
    expect(page.errors).toEqual([]);
  });

  it("turns rows into cards on a phone", async () => {
    const page = await app.newPage({ width: 390, height: 844 });
    await page.goto(`${app.base}/terminals?status=offline`);
    await settle(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);
    await app.screenshot(page, "terminals-phone");
    expect(page.errors).toEqual([]);
  });
});
