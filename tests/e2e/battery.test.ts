// Battery wear in the browser: a terminal whose daily rollup shows a rising discharge rate gets
// its chart, caption and finding on the detail page; the overview and firmware pages count it
// and link to the list of batteries to replace.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addBatteryDays, putWear } from "@/db/battery";
import { DAY_MS, HOUR_MS, shanghaiDayStart } from "@/lib/domain/time";
import { refreshState } from "@/lib/ingest/ingest";
import { wearRow } from "@/lib/jobs/battery-wear";
import { defaultPolicy } from "@/lib/rules/policy";
import { startApp, settle, type App } from "./harness";

let app: App;
let sn: string;
beforeAll(async () => {
  app = await startApp();
  const t = app.fleet.terminals.find((x) => x.scenario === "healthy")!;
  sn = t.sn;
  const now = Date.now();
  const today = shanghaiDayStart(now);
  // 24 days, 11 h off the charger a day, losing 4 %/h rising 0.12 %/h a day: 85 points over 11 h
  // (7.7 %/h) is reached about 31 days after the first day, a week from today.
  const days = Array.from({ length: 24 }, (_, i) => ({
    terminalId: t.id, dayStart: today - (24 - i) * DAY_MS, offMs: 11 * HOUR_MS, dropPts: Math.round((4 + 0.12 * i) * 11), samples: 30,
    chargingBeats: 20, beats: 50, minPct: 40, firstTradeMin: 9 * 60, lastTradeMin: 20 * 60,
  }));
  await app.db.transaction(async (tx) => {
    await addBatteryDays(tx, days);
    await putWear(tx, wearRow(t.id, days, now, defaultPolicy));
    await refreshState(tx, t.id, now, defaultPolicy);
  });
});
afterAll(async () => {
  await app?.stop();
});

describe("battery wear", () => {
  it("the detail page charts the discharge with its trend and predicted day, and the finding asks for a replacement", async () => {
    const page = await app.newPage();
    await page.goto(`${app.base}/terminals/${sn}`);
    await settle(page);
    const chart = page.getByTestId("battery-wear-chart");
    expect(await chart.getAttribute("data-state")).toBe("ready");
    expect(await chart.locator(".recharts-line").count()).toBe(2);
    expect(await page.getByTestId("battery-wear-caption").innerText()).toContain("预计");
    expect(await page.getByTestId("findings").innerText()).toContain("天内需要更换");
    await app.screenshot(page, "battery-detail-zh");
    await page.getByRole("button", { name: "English" }).click();
    await expect.poll(() => page.getByTestId("battery-wear-caption").innerText(), { timeout: 20_000 }).toContain("no longer lasts");
    expect(await page.getByTestId("findings").innerText()).toContain("replace within ~");
    await page.getByRole("button", { name: "中文" }).click();
    await expect.poll(() => page.getByTestId("battery-wear-caption").innerText(), { timeout: 20_000 }).toContain("预计");
    expect(page.errors).toEqual([]);
  });

  it("a terminal with only a few days of record says it cannot tell yet, instead of an empty plot", async () => {
    const other = app.fleet.terminals.find((x) => x.scenario === "healthy" && x.sn !== sn)!;
    const page = await app.newPage();
    await page.goto(`${app.base}/terminals/${other.sn}`);
    await settle(page);
    expect(await page.getByTestId("battery-wear-chart").getAttribute("data-state")).toBe("empty");
    // Three days of seeded history: the server's sweep has estimated it as "too little data", or not yet.
    expect(await page.getByTestId("battery-wear-caption").innerText()).toMatch(/暂时无法判断电池|尚无估计|Too little time off the charger|No estimate yet/);
    expect(page.errors).toEqual([]);
  });

  it("the overview and firmware pages count it and open the list", async () => {
    const page = await app.newPage();
    await page.goto(`${app.base}/`);
    await settle(page);
    expect(await page.getByTestId("overview-batteries-to-replace").locator(".stat-value").innerText()).toBe("1");
    await page.goto(`${app.base}/firmware`);
    await settle(page);
    const stat = page.getByTestId("fw-batteries-to-replace");
    expect(await stat.locator(".stat-value").innerText()).toBe("1");
    await stat.click();
    await page.waitForURL(/\/batteries$/);
    await settle(page);
    const rows = page.getByTestId("batteries-to-replace").locator("tbody tr");
    expect(await rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain(sn);
    await app.screenshot(page, "batteries-zh");
    expect(page.errors).toEqual([]);
  });
});
