// The call queue as a worklist: server-side pages in the URL, per alert one evidence sentence and
// the first thing to say with the rest folded away, and a selection that survives turning pages
// so one bulk action covers alerts from several pages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QUEUE_PAGE_SIZE } from "@/db/queries/alerts-queue";
import { LOCALE_COOKIE } from "@/lib/i18n/config";
import { settle, startApp, type App } from "./harness";

let app: App;
beforeAll(async () => {
  app = await startApp();
  await app.context.addCookies([{ name: LOCALE_COOKIE, value: "en", url: app.base }]);
});
afterAll(async () => {
  await app?.stop();
});

const queueIds = async () =>
  (
    await app.db.all<{ id: number }>(
      `SELECT a.id FROM alerts a WHERE a.status IN ('open', 'acknowledged')
          AND (a.incident_id IS NULL OR NOT EXISTS (SELECT 1 FROM incidents i WHERE i.id = a.incident_id AND i.status = 'open'))`,
    )
  ).map((r) => r.id);

describe("the call queue as a worklist", () => {
  it("pages on the server, keeps the page in the URL and shows one sentence and the first step per alert", async () => {
    const expected = await queueIds();
    expect(expected.length).toBeGreaterThan(QUEUE_PAGE_SIZE);
    const page = await app.newPage({ locale: "en" });
    await page.goto(`${app.base}/alerts`);
    await settle(page);
    const rows = page.getByTestId("queue-table").locator("tbody tr[data-row-id]");
    expect(await rows.count()).toBe(QUEUE_PAGE_SIZE);
    // Each row by its alert id, so a refresh that reorders the page cannot swap rows under the test.
    const shown = await rows.evaluateAll((trs) => trs.slice(0, 5).map((tr) => tr.getAttribute("data-row-id")));
    for (const row of shown.map((id) => page.getByTestId("queue-table").locator(`tbody tr[data-row-id="${id}"]`))) {
      expect((await row.getByTestId("queue-headline").innerText()).length).toBeGreaterThan(10);
      expect(await row.getByTestId("queue-first-step").innerText()).toMatch(/^First say \S/);
      // The full script is one click away, folded.
      expect(await row.getByTestId("queue-more").getAttribute("open")).toBeNull();
      await row.getByTestId("queue-more").locator(":scope > summary").click();
      await expect.poll(() => row.getByTestId("fix-script").isVisible()).toBe(true);
    }
    const first = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute("data-row-id"))));
    await page.getByRole("navigation", { name: "pagination" }).getByRole("link", { name: "›" }).click();
    await page.waitForURL(/page=2/);
    await settle(page);
    const second = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute("data-row-id"))));
    expect(second.length).toBe(Math.min(QUEUE_PAGE_SIZE, expected.length - QUEUE_PAGE_SIZE));
    for (const id of second) expect(first).not.toContain(id);
    for (const id of [...first, ...second]) expect(expected).toContain(id);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("keeps the selection across pages and acknowledges the alerts of both pages at once", async () => {
    const page = await app.newPage({ locale: "en" });
    await page.goto(`${app.base}/alerts`);
    await settle(page);
    const rows = page.getByTestId("queue-table").locator("tbody tr[data-row-id]");
    const openIds = new Set((await app.db.all<{ id: number }>(`SELECT id FROM alerts WHERE status = 'open'`)).map((r) => r.id));
    const pick = async (n: number) => (await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute("data-row-id"))))).filter((id) => openIds.has(id)).slice(0, n);
    const onFirst = await pick(2);
    expect(onFirst).toHaveLength(2);
    for (const id of onFirst) await page.locator(`tr[data-row-id="${id}"]`).getByTestId("select").check();
    await page.getByRole("navigation", { name: "pagination" }).getByRole("link", { name: "›" }).click();
    await page.waitForURL(/page=2/);
    await settle(page);
    const onSecond = await pick(1);
    expect(onSecond).toHaveLength(1);
    await page.locator(`tr[data-row-id="${onSecond[0]}"]`).getByTestId("select").check();
    await expect.poll(() => page.getByTestId("selected-count").innerText()).toContain("3");
    expect(await page.getByTestId("selected-elsewhere").innerText()).toContain("2");
    await page.getByTestId("bulk-ack").click();
    await expect.poll(() => page.getByTestId("bulk-result").innerText()).toMatch(/3/);
    for (const id of [...onFirst, ...onSecond]) {
      expect((await app.db.get<{ status: string }>(`SELECT status FROM alerts WHERE id = ?`, [id]))!.status).toBe("acknowledged");
    }
    // Done: the selection is emptied, and stays empty after a reload.
    await expect.poll(() => page.getByTestId("selected-count").innerText()).toContain("0");
    await page.reload();
    await settle(page);
    expect(await page.getByTestId("selected-count").innerText()).toContain("0");
    expect(page.errors).toEqual([]);
    await page.close();
  });
});
