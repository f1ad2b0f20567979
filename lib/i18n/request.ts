// next-intl request configuration without i18n routing: the locale comes from the NEXT_LOCALE
// cookie the language switch sets, else from the browser's Accept-Language header.
import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { FORMATS, isLocale, LOCALE_COOKIE, localeFromAcceptLanguage, TIME_ZONE, type Locale } from "./config";
import en from "./messages/en.json";
import zhCN from "./messages/zh-CN.json";

const MESSAGES: Record<Locale, typeof zhCN> = { "zh-CN": zhCN, en };

export async function resolveLocale(): Promise<Locale> {
  const cookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(cookie)) return cookie;
  return localeFromAcceptLanguage((await headers()).get("accept-language"));
}

export default getRequestConfig(async () => {
  const locale = await resolveLocale();
  return {
    locale,
    messages: MESSAGES[locale],
    timeZone: TIME_ZONE,
    formats: FORMATS,
  };
});
