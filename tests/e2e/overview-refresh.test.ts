// The overview refreshes itself every 30 s (router.refresh): the numbers on screen must never go
// blank or give way to the loading skeleton while the new ones load, and they must change when
// new heartbeats arrive. The test waits through the product's own 30 s interval, twice.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count } from "@/tests/helpers/db";
import { settle, startApp, type App } from "./harness";

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.stop();
});

const STATS = ["stat-total", "stat-online", "stat-offline", "stat-healthy", "stat-problems"];
const REFRESH_MS = 30_000;

/** Records, on every DOM change, any stat that is missing or empty and any skeleton shown. */
async function watchForBlanks(page: Page): Promise<void> {
  await page.evaluate((ids) => {
    const w = window as unknown as { __blanks: string[]; __seen: Record<string, string[]> };
    w.__blanks = [];
    w.__seen = Object.fromEntries(ids.map((id) => [id, []]));
    const check = () => {
      for (const id of ids) {
        const v = document.querySelector(`[data-testid="${id}"] .stat-value`)?.textContent?.trim() ?? "";
        if (!v) w.__blanks.push(`${id} empty`);
        const seen = w.__seen[id]!;
        if (v && seen[seen.length - 1] !== v) seen.push(v);
      }
      if (document.querySelector("main .skeleton, .skeleton")) w.__blanks.push("skeleton shown");
      if (!document.querySelector('[data-testid="trend-chart"] svg')) w.__blanks.push("trend chart gone");
    };
    check();
    new MutationObserver(check).observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
  }, STATS);
}

const state = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __blanks: string[]; __seen: Record<string, string[]> };
    return { blanks: w.__blanks, seen: w.__seen };
  });

/**
 * Waits for the next refresh to be on screen: the overview says when the server rendered it
 * (`<time data-testid="updated-at">`), and each refresh renders it anew. Watching the page rather
 * than the network keeps the range tabs' prefetches (also `_rsc` requests for `/`) out of it.
 */
async function refresh(page: Page): Promise<void> {
  const rendered = () => page.getByTestId("updated-at").getAttribute("datetime");
  const before = await rendered();
  expect(before).toBeTruthy();
  await expect.poll(rendered, { timeout: REFRESH_MS + 15_000, interval: 250 }).not.toBe(before);
}

/** An ingest key for the whole network, made the way an admin makes one: on the keys page. */
async function ingestKey(page: Page): Promise<string> {
  await page.goto(`${app.base}/settings/keys`);
  await page.locator("input[name=label]").fill("refresh test");
  await page.locator("select[name=agent]").selectOption("ROOT");
  await page.locator("form", { has: page.locator("input[name=label]") }).locator("button[type=submit]").click();
  const secret = page.getByTestId("secret");
  await secret.waitFor();
  return (await secret.innerText()).trim();
}

const n = (sql: string, ...p: unknown[]) => count(app.db, sql, ...p);
const statText = async (page: Page, id: string) => (await page.getByTestId(id).locator(".stat-value").innerText()).replace(/[,\s]/g, "");

describe("overview auto-refresh", () => {
  it("keeps the numbers on screen through each refresh and shows new ones when heartbeats arrive", async () => {
    const keyPage = await app.newPage();
    const key = await ingestKey(keyPage);
    await keyPage.close();

    const page = await app.newPage();
    await page.goto(`${app.base}/`);
    await settle(page);
    const offlineBefore = await n(`SELECT count(*) n FROM terminal_state WHERE status = 'offline'`);
    expect(offlineBefore).toBeGreaterThan(0);
    expect(await statText(page, "stat-offline")).toBe(String(offlineBefore));
    await watchForBlanks(page);

    // A refresh with nothing new: the same numbers, never blank in between.
    await refresh(page);
    expect(await statText(page, "stat-offline")).toBe(String(offlineBefore));

    // An offline terminal posts again; the next refresh shows one fewer offline.
    const silent = await app.db.get<{ sn: string; firmware: string; seq: number }>(
      `SELECT t.sn, h.firmware, h.seq FROM terminal_state s JOIN terminals t ON t.id = s.terminal_id
       JOIN heartbeats h ON h.terminal_id = t.id WHERE s.status = 'offline' ORDER BY h.received_at DESC LIMIT 1`,
    );
    const beat = {
      sn: silent!.sn, seq: Number(silent!.seq) + 1, ts: new Date().toISOString(), battery_pct: 80, charging: false,
      firmware: silent!.firmware, signal_dbm: -70, network: "4G", txn_count: 2, errors: {},
    };
    const posted = await fetch(`${app.base}/api/v1/heartbeats`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(beat),
    });
    expect(posted.status, await posted.clone().text()).toBeLessThan(300);
    await expect.poll(() => n(`SELECT count(*) n FROM terminal_state WHERE status = 'offline'`)).toBe(offlineBefore - 1);

    await refresh(page);
    // One more interval at most, should that refresh have left just before the beat was stored.
    await expect.poll(() => statText(page, "stat-offline"), { timeout: REFRESH_MS + 15_000 }).toBe(String(offlineBefore - 1));
    expect(await statText(page, "stat-online")).toBe(String(await n(`SELECT count(*) n FROM terminal_state WHERE status = 'online'`)));

    const { blanks, seen } = await state(page);
    expect(page.errors).toEqual([]); // no refresh answered with a server error
    expect(blanks).toEqual([]);
    // The observer watched the change itself: the old number, then the new one, nothing between.
    expect(seen["stat-offline"]).toEqual([String(offlineBefore), String(offlineBefore - 1)]);
    await app.screenshot(page, "overview-after-refresh");
    expect(page.errors).toEqual([]);
  }, 200_000); // two 30 s intervals and, at most, a third: on a loaded machine the steps between add up
});
