import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "@/lib/rules/types";
import { count } from "@/tests/helpers/db";
import { startApp, settle, type App } from "./harness";

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.stop();
});

async function findingsOf(sn: string): Promise<Finding[]> {
  const row = (await app.db.get<{ findings: string }>(`SELECT coalesce(tf.findings, '[]') AS findings FROM terminals t LEFT JOIN terminal_findings tf ON tf.terminal_id = t.id WHERE t.sn = ?`, [sn]))!;
  return JSON.parse(row.findings) as Finding[];
}

describe("terminal detail", () => {
  it("shows the merchant, the diagnosis with its evidence and fix steps, charts and recent beats", async () => {
    const t = app.fleet.terminals.find((x) => x.scenario === "low_battery")!;
    const findings = await findingsOf(t.sn);
    expect(findings.length).toBeGreaterThan(0);
    const page = await app.newPage();
    await page.goto(`${app.base}/terminals`);
    await page.getByRole("link", { name: t.sn }).click();
    await page.waitForURL(new RegExp(`/terminals/${t.sn}$`));
    await settle(page);
    expect(await page.getByTestId("merchant").innerText()).toBe(t.merchant);
    const box = page.getByTestId("findings");
    for (const f of findings) {
      expect(await box.innerText()).toContain(f.message.zh);
      for (const step of f.steps.zh) expect(await box.innerText()).toContain(step);
    }
    expect(await page.getByTestId("readings-chart").locator(".recharts-line").count()).toBe(2);
    expect(await page.getByTestId("codes-chart").locator(".recharts-bar-rectangle").count()).toBeGreaterThan(0);
    expect(await page.getByTestId("recent-beats").locator("tbody tr").count()).toBe(20);
    const alerts = await count(app.db, `SELECT count(*) AS n FROM alerts a JOIN terminals t ON t.id = a.terminal_id WHERE t.sn = ?`, t.sn);
    expect(alerts).toBeGreaterThan(0);
    expect(await page.getByTestId("alert-history").locator("tbody tr").count()).toBe(alerts);
    await app.screenshot(page, "detail-zh");
    expect(page.errors).toEqual([]);

    // The same page in English: message and steps in the page's language.
    await page.getByRole("button", { name: "English" }).click();
    await expect.poll(() => box.innerText()).toContain(findings[0]!.message.en);
    for (const step of findings[0]!.steps.en) expect(await box.innerText()).toContain(step);
    await app.screenshot(page, "detail-en");
    await page.getByRole("button", { name: "中文" }).click();
    await expect.poll(() => box.innerText()).toContain(findings[0]!.message.zh);
    expect(page.errors).toEqual([]);
  });

  it("says a healthy terminal is fine", async () => {
    let t: (typeof app.fleet.terminals)[number] | undefined;
    for (const x of app.fleet.terminals) {
      if ((await findingsOf(x.sn)).length === 0) {
        t = x;
        break;
      }
    }
    if (!t) throw new Error("the seed has no healthy terminal");
    const page = await app.newPage();
    await page.goto(`${app.base}/terminals/${t.sn}`);
    await settle(page);
    expect(await page.getByTestId("healthy").innerText()).toBe("这台终端目前一切正常。");
    expect(page.errors).toEqual([]);
  });

  it("answers 404 with a page for an unknown serial", async () => {
    const page = await app.newPage();
    const res = await page.goto(`${app.base}/terminals/NOPE00000`);
    expect(res?.status()).toBe(404);
    expect(await page.locator("h1").innerText()).toBe("找不到这台终端");
    await app.screenshot(page, "detail-404");
  });
});
