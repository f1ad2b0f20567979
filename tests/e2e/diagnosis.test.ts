// Evidence reads as sentences on the terminal page, in both languages, for a terminal of each
// cause: no raw field names, no machine timestamps, no English inside the Chinese (codes, units
// and model names aside), English plurals right. The stored findings are the oracle.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROBLEM_CATEGORIES, type ProblemCategory } from "@/lib/domain/enums";
import { LOCALE_COOKIE } from "@/lib/i18n/config";
import { describeCode, describeEvidence } from "@/lib/rules";
import type { Finding } from "@/lib/rules/types";
import { startApp, settle, type App } from "./harness";

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.stop();
});

interface Subject {
  sn: string;
  model: string;
  findings: Finding[];
}

/** The first terminal (by serial) the stored diagnosis puts in `category`, with its findings. */
async function terminalOf(category: ProblemCategory): Promise<Subject> {
  const row = await app.db.get<{ sn: string; model: string; findings: string }>(
    `SELECT t.sn, t.model, f.findings FROM terminals t JOIN terminal_state s ON s.terminal_id = t.id JOIN terminal_findings f ON f.terminal_id = t.id
      WHERE s.category = ? ORDER BY s.status = 'online' DESC, t.sn LIMIT 1`,
    [category],
  );
  if (!row) throw new Error(`the seed has no ${category} terminal`);
  return { sn: row.sn, model: row.model, findings: JSON.parse(row.findings) as Finding[] };
}

const RAW_KEYS = /silenceMs|silenceMin|leadCode|reattributed|thresholdDbm|noServiceBeats|minDbm|firstAt|lastAt|missedBeats|signal_dbm|battery_pct|ruleId|undefined|NaN|\[object/;
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const EPOCH_MS = /\b1\d{12}\b/;
const BAD_PLURAL = /\b1 (heartbeats|times|minutes|hours|days|readings|missed heartbeats|battery readings)\b/;

/** Latin words in a Chinese sentence that are not codes, acronyms, units or the model's name. */
function latinWords(text: string, model: string): string[] {
  return (text.match(/[A-Za-z][A-Za-z0-9_-]*/g) ?? []).filter((w) => !/^[A-Z0-9_]+$/.test(w) && !["dBm", "WiFi", "Wi-Fi", model].includes(w));
}

describe("diagnosis evidence as sentences", () => {
  for (const category of PROBLEM_CATEGORIES) {
    for (const lang of ["zh-CN", "en"] as const) {
      it(`${category} terminal, ${lang}`, async () => {
        const t = await terminalOf(category);
        // The language switch's cookie, as a person who picked the language has it.
        await app.context.addCookies([{ name: LOCALE_COOKIE, value: lang, url: app.base }]);
        const page = await app.newPage({ locale: lang });
        await page.goto(`${app.base}/terminals/${t.sn}`);
        await settle(page);
        const box = page.getByTestId("findings");
        const text = await box.innerText();
        const shown = await box.getByTestId("evidence-sentence").allInnerTexts();
        const headlines = await box.getByTestId("finding-headline").allInnerTexts();

        // What the rules said, rendered in the page's language, finding by finding.
        const expected = t.findings.flatMap((f) => describeEvidence(f, lang));
        expect(shown).toEqual(expected);
        expect(headlines).toEqual(t.findings.map((f) => describeEvidence(f, lang)[0]));
        for (const f of t.findings) for (const step of lang === "en" ? f.steps.en : f.steps.zh) expect(text).toContain(step);
        // Each code of the evidence stands beside its meaning from the catalogue.
        for (const f of t.findings) {
          for (const code of Object.keys(f.evidence.codes ?? {})) {
            const meaning = describeCode(code);
            if (meaning) expect(await box.locator(`[data-code="${code}"]`).first().innerText()).toContain(lang === "en" ? meaning.meaning.en : meaning.meaning.zh);
          }
        }

        expect(shown.length).toBeGreaterThan(0);
        for (const s of [...shown, ...headlines]) {
          expect(s, s).not.toMatch(RAW_KEYS);
          expect(s, s).not.toMatch(ISO_TIME);
          expect(s, s).not.toMatch(EPOCH_MS);
          if (lang === "zh-CN") expect(latinWords(s, t.model), s).toEqual([]);
          else {
            expect(s, s).not.toMatch(/[\u4e00-\u9fff]/);
            expect(s, s).not.toMatch(BAD_PLURAL);
          }
        }
        expect(text).not.toMatch(ISO_TIME);
        expect(text).not.toMatch(RAW_KEYS);
        await app.screenshot(page, `diagnosis-${category}-${lang}`);
        expect(page.errors).toEqual([]);
        await page.close();
      });
    }
  }

  it("the call queue names what each code means and heads each row with an evidence sentence", async () => {
    await app.context.addCookies([{ name: LOCALE_COOKIE, value: "zh-CN", url: app.base }]);
    const page = await app.newPage({ locale: "zh-CN" });
    await page.goto(`${app.base}/alerts`);
    await settle(page);
    const table = page.getByTestId("queue-table");
    const codes = table.getByTestId("queue-codes").locator("[data-code]");
    expect(await codes.count()).toBeGreaterThan(0);
    for (const el of (await codes.all()).slice(0, 10)) {
      const code = (await el.getAttribute("data-code"))!;
      const info = describeCode(code);
      if (info) expect(await el.innerText()).toContain(info.meaning.zh);
    }
    for (const h of await table.getByTestId("queue-headline").allInnerTexts()) {
      expect(h, h).not.toMatch(RAW_KEYS);
      expect(h, h).not.toMatch(ISO_TIME);
      expect(latinWords(h, ""), h).toEqual([]);
    }
    await app.screenshot(page, "diagnosis-queue-zh-CN");
    expect(page.errors).toEqual([]);
  });
});
