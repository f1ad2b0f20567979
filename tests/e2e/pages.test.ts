// Every signed-in page, in zh-CN and en, in a browser whose clock is in New York (not Shanghai):
// no page error or console error (a hydration mismatch is one), no serious or critical axe-core
// violation of the WCAG 2 A/AA rules, every table inside its card, and a screenshot of each page
// at 1440×900 and 390×844.
import { createRequire } from "node:module";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "@/lib/auth/sessions";
import { SCREENSHOT_DIR, settle, startApp, type App } from "./harness";
import { CHROMIUM } from "./harness/chromium";

const AXE_SCRIPT = path.join(path.dirname(createRequire(import.meta.url).resolve("axe-core")), "axe.min.js");
const LOCALES = ["zh-CN", "en"] as const;
const SIZES = [
  { name: "desktop", width: 1440, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

let app: App;
let browser: Browser;
const contexts = new Map<string, BrowserContext>();
let pages: string[] = [];

beforeAll(async () => {
  app = await startApp();
  const one = async (sql: string) => (await app.db.get<{ v: string | number }>(sql))?.v;
  const sn = await one(`SELECT sn v FROM terminals ORDER BY id LIMIT 1`);
  const alertId = await one(`SELECT id v FROM alerts ORDER BY id LIMIT 1`);
  const incidentId = await one(`SELECT id v FROM incidents ORDER BY id LIMIT 1`);
  const channelId = await one(`SELECT id v FROM channels ORDER BY id LIMIT 1`);
  pages = [
    "/",
    "/terminals",
    `/terminals/${encodeURIComponent(String(sn))}`,
    "/activity",
    "/firmware",
    "/alerts",
    `/alerts/${alertId}`,
    "/alerts/silences",
    "/incidents",
    ...(incidentId !== undefined ? [`/incidents/${incidentId}`] : []),
    "/settings",
    "/settings/account",
    "/settings/tokens",
    "/settings/users",
    "/settings/keys",
    "/settings/policy",
    "/settings/import",
    "/settings/transfer",
    "/settings/audit",
    "/settings/channels",
    ...(channelId !== undefined ? [`/settings/channels/${channelId}`] : []),
  ];
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  const token = app.sessions.admin.slice(SESSION_COOKIE.length + 1);
  for (const locale of LOCALES) {
    const context = await browser.newContext({ locale, timezoneId: "America/New_York", extraHTTPHeaders: { "accept-language": locale === "en" ? "en-US,en;q=0.9" : "zh-CN,zh;q=0.9" } });
    await context.addCookies([{ name: SESSION_COOKIE, value: token, url: app.base }]);
    contexts.set(locale, context);
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function open(locale: (typeof LOCALES)[number], url: string, size: (typeof SIZES)[number]): Promise<{ page: Page; errors: string[] }> {
  const page = await contexts.get(locale)!.newPage();
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("response", (r) => {
    if (r.status() >= 500) errors.push(`HTTP ${r.status()} ${r.url()}`);
  });
  await page.setViewportSize({ width: size.width, height: size.height });
  const res = await page.goto(`${app.base}${url}`);
  expect(res?.status(), url).toBe(200);
  await settle(page);
  return { page, errors };
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_SCRIPT });
  const violations = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: AxeViolation[] }> } };
    const r = await w.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] });
    return r.violations;
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}, ${v.nodes.length}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
}

/** Tables whose card is wider inside than out, or that widen the page itself. */
async function overflowingTables(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const docOver = document.documentElement.scrollWidth - window.innerWidth;
    if (docOver > 1) out.push(`page scrolls sideways by ${docOver}px`);
    document.querySelectorAll("table").forEach((table, i) => {
      const card = table.closest(".card") ?? table.parentElement!;
      const over = card.scrollWidth - card.clientWidth;
      const label = table.getAttribute("data-testid") ?? table.closest("[data-testid]")?.getAttribute("data-testid") ?? `table ${i + 1}`;
      if (over > 1) out.push(`${label}: ${card.scrollWidth}px inside a ${card.clientWidth}px card`);
    });
    return out;
  });
}

const slug = (url: string) => (url === "/" ? "overview" : url.slice(1).replace(/[^a-zA-Z0-9]+/g, "-"));

describe("every page, both languages, a browser outside Shanghai's time zone", () => {
  for (const locale of LOCALES) {
    it(`${locale}: no page or console error, no serious axe violation, tables inside their cards, screenshots at both sizes`, async () => {
      const problems: string[] = [];
      for (const url of pages) {
        for (const size of SIZES) {
          const { page, errors } = await open(locale, url, size);
          for (const e of errors) problems.push(`${url} ${size.name}: ${e}`);
          for (const t of await overflowingTables(page)) problems.push(`${url} ${size.name}: overflow ${t}`);
          for (const v of await axe(page)) problems.push(`${url} ${size.name}: axe ${v}`);
          await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${slug(url)}-${locale}-${size.width}x${size.height}.png`), fullPage: true });
          await page.close();
        }
      }
      expect(problems).toEqual([]);
    }, 600_000);
  }
});
