import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { activityParamsSchema, countdownOf, iterateActivity } from "@/lib/activity/list";
import { parseQuery, route } from "@/lib/http/route";
import { TIME_ZONE } from "@/lib/i18n/config";
import { resolveLocale } from "@/lib/i18n/request";
import { csvResponse } from "@/lib/ui/csv";

export const dynamic = "force-dynamic";

const COLUMNS = ["sn", "merchant", "contact", "phone", "city", "agent", "state", "health", "countdown", "lastSale", "txns7", "txns30", "txns90"] as const;

/** CSV of every idle terminal matching the list's filters, most urgent first, streamed (lib/ui/csv.ts). */
export const GET = route(async ({ url, scope }) => {
  const params = parseQuery(activityParamsSchema, url);
  const locale = await resolveLocale();
  const t = await getTranslations({ locale });
  const fmt = new Intl.DateTimeFormat("sv-SE", { timeZone: TIME_ZONE, dateStyle: "short", timeStyle: "medium" });
  const now = Date.now();
  const rows = iterateActivity(getDb(), scope, params, now);
  return csvResponse({
    header: COLUMNS.map((c) => t(`activity.columns.${c}`)),
    rows,
    line: (r) => {
      const cd = countdownOf(r.activity);
      return [
        r.sn, r.merchant, r.contactName, r.phone, r.city, r.agentName, t(`activity.state.${r.state}`),
        r.category ? t(`enums.category.${r.category}`) : "", t(`activity.countdown.${cd.key}`, { days: cd.days, switchOffDays: cd.switchOffDays }),
        r.lastTxnAt === null ? "" : fmt.format(new Date(r.lastTxnAt)), r.sales?.txns7 ?? 0, r.sales?.txns30 ?? 0, r.sales?.txns90 ?? 0,
      ];
    },
    filename: `activity-${new Date(now).toISOString().slice(0, 10)}.csv`,
  });
});
