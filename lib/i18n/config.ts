// Locales of the product. zh-CN first: the users are agent-network managers in China.
export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";
/** The cookie the language switch writes; the same name next-intl's routing would use. */
export const LOCALE_COOKIE = "NEXT_LOCALE";
export const TIME_ZONE = "Asia/Shanghai";

/**
 * The named formats of the pages. Clock times say `hourCycle: "h23"`, not `hour12: false`: with
 * the latter Node's ICU writes the first hour after midnight as "24:15" in English while the
 * browser writes "00:15", so the page text changed on hydration (and read wrong) for that hour.
 */
export const FORMATS = {
  dateTime: {
    short: { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
    full: { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" },
    hour: { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
    day: { month: "2-digit", day: "2-digit" },
  },
  number: { percent: { style: "percent", maximumFractionDigits: 1 } },
} as const satisfies { dateTime: Record<string, Intl.DateTimeFormatOptions>; number: Record<string, Intl.NumberFormatOptions> };

export function isLocale(v: unknown): v is Locale {
  return typeof v === "string" && (LOCALES as readonly string[]).includes(v);
}

/**
 * The best supported locale for an Accept-Language header: the first language tag whose
 * language is zh or en (q-values respected), else the default.
 */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  const tags = header
    .split(",")
    .map((part, i) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1, i };
    })
    .filter((t) => t.tag && t.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of tags) {
    if (tag === "zh" || tag.startsWith("zh-")) return "zh-CN";
    if (tag === "en" || tag.startsWith("en-")) return "en";
  }
  return DEFAULT_LOCALE;
}
