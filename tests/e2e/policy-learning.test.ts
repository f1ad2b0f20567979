// What the calls say, in the browser: the policy page shows each rule's labelled figures beside
// its threshold, in Chinese and in English, with no page error.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertOutcome } from "@/db/rule-outcomes";
import { HOUR_MS } from "@/lib/domain/time";
import { LOCALE_COOKIE } from "@/lib/i18n/config";
import { startApp, settle, type App } from "./harness";

let app: App;
beforeAll(async () => {
  app = await startApp();
  const now = Date.now();
  const terminals = app.fleet.terminals.slice(0, 30);
  await app.db.transaction(async (tx) => {
    for (const [i, t] of terminals.entries()) {
      const label = i % 3 === 0 ? "false_alarm" : "confirmed";
      await upsertOutcome(
        tx,
        { alertId: 900_000 + i, terminalId: t.id, category: "hardware", ruleId: "codes.hardware", code: "T_CARD_READ_FAIL", severity: "warning", raisedAt: now - (i + 1) * HOUR_MS, label, reason: label === "confirmed" ? "visit_needed" : "said_fine", fixedAt: label === "confirmed" ? now - i * HOUR_MS : null },
        now,
      );
    }
  });
});
afterAll(async () => {
  await app?.stop();
});

describe("the policy page's figures from the calls", () => {
  it("lists the rule and its code with raised, confirmed, false alarms and precision, in both languages", async () => {
    const page = await app.newPage();
    await page.goto(`${app.base}/settings/policy`);
    await settle(page);
    const table = page.getByTestId("rule-learning");
    // The seeded fleet's own alerts (never called, so unknown) are listed too; the calls above decide the precision.
    const rows = await table.locator("tbody tr").allInnerTexts();
    const rule = rows.findIndex((r) => r.startsWith("codes.hardware"));
    expect(rule).toBeGreaterThanOrEqual(0);
    expect(rows[rule]).toContain("67%");
    expect(rows.slice(rule + 1).some((r) => r.includes("T_CARD_READ_FAIL") && r.includes("67%"))).toBe(true);
    expect(await page.getByRole("heading", { name: "外呼结果告诉我们什么" }).count()).toBe(1);
    await app.screenshot(page, "policy-learning-zh");
    await app.context.addCookies([{ name: LOCALE_COOKIE, value: "en", url: app.base }]);
    await page.reload();
    await settle(page);
    expect(await page.getByRole("heading", { name: "What the calls say" }).count()).toBe(1);
    expect(await table.locator("thead").innerText()).toContain("False alarms");
    expect((await table.locator("tbody tr").allInnerTexts()).find((r) => r.startsWith("codes.hardware"))).toContain("weighted by precision");
    await app.screenshot(page, "policy-learning-en");
    await app.context.addCookies([{ name: LOCALE_COOKIE, value: "zh-CN", url: app.base }]);
    expect(page.errors).toEqual([]);
    await page.close();
  });
});
