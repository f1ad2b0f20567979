// In Chromium: the server-rendered tables fit their card on a desktop, scroll inside the card (not
// the page) on a phone, and their scroll regions are named and reachable by keyboard.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { settle, startApp, type App } from "./harness";

let app: App;

beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.stop();
});

interface RegionFacts {
  label: string;
  tabIndex: number;
  scrollWidth: number;
  clientWidth: number;
  focused: boolean;
  unscopedHeaders: number;
}

/** Every table's scroll region on the page, measured after layout. */
async function regions(page: Page): Promise<RegionFacts[]> {
  return page.$$eval("[role=region]:has(> table)", (els) =>
    els.map((el) => {
      (el as HTMLElement).focus();
      return {
        label: el.getAttribute("aria-label") ?? "",
        tabIndex: (el as HTMLElement).tabIndex,
        scrollWidth: el.scrollWidth,
        clientWidth: el.clientWidth,
        focused: document.activeElement === el,
        unscopedHeaders: el.querySelectorAll("thead th:not([scope=col])").length,
      };
    }),
  );
}

const PAGES = ["/settings/users", "/"];

describe("server-rendered tables", () => {
  it.each(PAGES)("%s: each table fits its card at 1440 px, with a named, focusable region and scoped headers", async (path) => {
    const page = await app.newPage({ width: 1440, height: 900 });
    await page.goto(`${app.base}${path}`);
    await settle(page);
    const found = await regions(page);
    expect(found.length).toBeGreaterThan(0);
    for (const r of found) {
      expect(r.label).not.toBe("");
      expect(r.tabIndex).toBe(0);
      expect(r.focused).toBe(true);
      expect(r.unscopedHeaders).toBe(0);
      expect(r.scrollWidth, `table "${r.label}" is wider than its card`).toBeLessThanOrEqual(r.clientWidth + 1);
    }
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("on a phone the users table scrolls inside its card and the page does not scroll sideways", async () => {
    const page = await app.newPage({ width: 390, height: 844 });
    await page.goto(`${app.base}/settings/users`);
    await settle(page);
    const pageWidth = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
    expect(pageWidth.scroll).toBeLessThanOrEqual(pageWidth.view);
    const users = (await regions(page)).find((r) => r.label !== "");
    expect(users).toBeDefined();
    expect(users!.scrollWidth).toBeGreaterThan(users!.clientWidth);
    await app.screenshot(page, "tables-phone-users");
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it("long text is cut with its full value on hover", async () => {
    const page = await app.newPage({ width: 1440, height: 900 });
    await page.goto(`${app.base}/settings/users`);
    await settle(page);
    const clipped = await page.$$eval("[data-testid=users-table] td span[title]", (els) => els.map((e) => ({ title: e.getAttribute("title"), text: e.textContent })));
    expect(clipped.length).toBeGreaterThan(0);
    for (const c of clipped) expect(c.title).toBe(c.text);
    await page.close();
  });
});
