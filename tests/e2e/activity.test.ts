// The activity page in a real browser, both languages: counts, countdowns and rows as the store
// holds them, the state filter, logging a call, the CSV export and the overview's counts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityCounts, listIdle } from "@/db/activity";
import { defaultPolicy } from "@/lib/rules/policy";
import { startApp, settle, type App } from "./harness";

const DAY = 86_400_000;
let app: App;
let dormantSn: string;
let neverSn: string;
/** Whole days since the never-traded terminal's activation, as the page must say. */
let neverDays: number;
const rootScope = async () => {
  const r = await app.db.get<{ id: number; path: string }>(`SELECT id, path FROM agents WHERE parent_id IS NULL ORDER BY id LIMIT 1`);
  return { agentId: r!.id, agentPath: r!.path, role: "admin" as const, userId: null };
};

beforeAll(async () => {
  app = await startApp();
  // The seeded fleet sells every day: age a few terminals' last sale, and forget the sales of
  // others, so the list has dormant, quiet and never-traded rows (all activated 30 days ago).
  const ids = (await app.db.all<{ id: number; sn: string }>(`SELECT t.id, t.sn FROM terminals t JOIN terminal_activity a ON a.terminal_id = t.id ORDER BY t.id LIMIT 6`));
  const now = Date.now();
  for (const [i, t] of ids.entries()) {
    if (i < 2) await app.db.run(`UPDATE terminal_activity SET last_txn_at = ? WHERE terminal_id = ?`, [now - (201 - i) * DAY, t.id]);
    else if (i < 4) await app.db.run(`UPDATE terminal_activity SET last_txn_at = ? WHERE terminal_id = ?`, [now - 10 * DAY, t.id]);
    else await app.db.run(`DELETE FROM terminal_activity WHERE terminal_id = ?`, [t.id]);
  }
  dormantSn = ids[0]!.sn;
  neverSn = ids[5]!.sn;
  const activated = await app.db.get<{ at: number }>(`SELECT activated_at AS at FROM terminals WHERE sn = ?`, [neverSn]);
  neverDays = Math.floor((now - Number(activated!.at)) / DAY);
});
afterAll(async () => {
  await app?.stop();
});

describe("/activity", () => {
  it("lists idle terminals by urgency with zh-CN countdowns, counts that match the store, and filters", async () => {
    const page = await app.newPage();
    await page.goto(`${app.base}/activity`);
    await settle(page);
    expect(await page.locator("h1").innerText()).toBe("动销");
    const counts = await activityCounts(app.db, await rootScope(), defaultPolicy, Date.now());
    expect(counts).toMatchObject({ dormant: 2, quiet: 2, never_traded: 2 });
    for (const s of ["dormant", "quiet", "never_traded"] as const)
      expect(await page.getByTestId(`activity-count-${s}`).locator(".stat-value").innerText()).toBe(String(counts[s]));
    const rows = page.getByTestId("activity-table").locator("tbody tr");
    expect(await rows.count()).toBe(6);
    // The oldest last sale first.
    expect(await rows.first().getAttribute("data-sn")).toBe(dormantSn);
    expect(await rows.first().getByTestId("countdown").innerText()).toMatch(/^\d+ 天后须关停$/);
    expect(await page.locator(`tr[data-sn="${neverSn}"]`).getByTestId("countdown").innerText()).toMatch(new RegExp(`^激活 ${neverDays} 天无交易 · \\d+ 天后须关停$`));
    // Health beside activity: the seeded terminals are diagnosed.
    expect(await rows.first().locator("td").nth(7).innerText()).not.toBe("");
    await page.getByLabel("动销状态").selectOption("never_traded");
    await page.getByRole("button", { name: "筛选" }).click();
    await page.waitForURL(/state=never_traded/);
    await settle(page);
    expect(await rows.count()).toBe(2);
    const expected = await listIdle(app.db, await rootScope(), { state: "never_traded" }, defaultPolicy, Date.now(), { limit: 50, offset: 0 });
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-sn")))).toEqual(expected.rows.map((r) => r.sn));
    expect(page.errors).toEqual([]);
  });

  it("logs a call from a row and shows it", async () => {
    const page = await app.newPage();
    await page.goto(`${app.base}/activity?state=dormant`);
    await settle(page);
    const row = page.locator(`tr[data-sn="${dormantSn}"]`);
    await row.getByLabel("备注").fill("商户称已停业");
    await row.getByRole("button", { name: "记录回访" }).click();
    await expect.poll(() => row.getByRole("status").innerText()).toBe("已记录");
    await expect.poll(async () => Number((await app.db.get<{ n: number }>(`SELECT count(*) AS n FROM activity_actions WHERE kind = 'call' AND note = '商户称已停业'`))!.n)).toBe(1);
    await page.reload();
    await settle(page);
    expect(await page.locator(`tr[data-sn="${dormantSn}"]`).innerText()).toContain("已回访");
    expect(page.errors).toEqual([]);
  });

  it("reads in English, exports CSV and refuses a bad filter with problem+json", async () => {
    const page = await app.newPage();
    await page.goto(`${app.base}/activity`);
    await settle(page);
    await page.getByRole("button", { name: "English" }).click();
    await expect.poll(() => page.locator("h1").innerText()).toBe("Activity");
    expect(await page.locator(`tr[data-sn="${dormantSn}"]`).getByTestId("countdown").innerText()).toMatch(/^Switch-off required in \d+ days$/);
    expect(await page.locator(`tr[data-sn="${neverSn}"]`).getByTestId("countdown").innerText()).toMatch(new RegExp(`^No sale ${neverDays} days after activation · switch-off in \\d+ days$`));
    expect(await page.getByRole("navigation").first().innerText()).toContain("Activity");
    const csv = await fetch(`${app.base}/activity/csv?state=dormant`, { headers: { cookie: app.sessions.admin, "accept-language": "en" } });
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    const lines = (await csv.text()).replace(/^\uFEFF/, "").trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^Serial,Merchant/);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(dormantSn);
    const bad = await fetch(`${app.base}/activity/csv?state=sleeping`, { headers: { cookie: app.sessions.admin } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toMatch(/problem\+json/);
    await page.getByRole("button", { name: "中文" }).click();
    await expect.poll(() => page.locator("h1").innerText()).toBe("动销");
    expect(page.errors).toEqual([]);
  });

  it("the overview shows the activity counts, linked to the list", async () => {
    const page = await app.newPage();
    await page.goto(`${app.base}/`);
    await settle(page);
    expect(await page.getByTestId("overview-activity-dormant").locator(".stat-value").innerText()).toBe("2");
    expect(await page.getByTestId("overview-activity-never_traded").getAttribute("href")).toBe("/activity?state=never_traded");
    expect(page.errors).toEqual([]);
  });
});
