// The pages' named date formats read the same in Node (server render) and in the browser, and
// a clock time in the hour after midnight is written 00:mm in both languages, never 24:mm.
import { describe, expect, it } from "vitest";
import { FORMATS, LOCALES, TIME_ZONE } from "@/lib/i18n/config";

// 00:15 and 12:15 in Shanghai on 2026-12-03.
const AFTER_MIDNIGHT = Date.UTC(2026, 11, 2, 16, 15, 7);
const AFTER_NOON = Date.UTC(2026, 11, 3, 4, 15, 7);
const CLOCK = ["short", "full", "hour"] as const;

describe("date formats", () => {
  for (const locale of LOCALES) {
    for (const name of CLOCK) {
      it(`${locale} ${name}: the hour after midnight is 00, the hour after noon is 12`, () => {
        const f = new Intl.DateTimeFormat(locale, { ...FORMATS.dateTime[name], timeZone: TIME_ZONE });
        expect(f.format(AFTER_MIDNIGHT)).toContain("00:15");
        expect(f.format(AFTER_MIDNIGHT)).not.toContain("24:");
        expect(f.format(AFTER_NOON)).toContain("12:15");
        expect(f.resolvedOptions().hourCycle).toBe("h23");
      });
    }
  }
});
