import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { activityParamsSchema, countdownOf, iterateActivity } from "@/lib/activity/list";
import { parseQuery, route } from "@/lib/http/route";
import { TIME_ZONE } from "@/lib/i18n/config";
import { resolveLocale } from "@/lib/i18n/request";
import { csvLine } from "@/lib/ui/csv";

export const dynamic = "force-dynamic";

const COLUMNS = ["sn", "merchant", "contact", "phone", "city", "agent", "state", "health", "countdown", "lastSale", "txns7", "txns30", "txns90"] as const;

/** CSV of every idle terminal matching the list's filters, most urgent first, streamed; UTF-8 with BOM for Excel. */
export const GET = route(async ({ url, scope }) => {
  const params = parseQuery(activityParamsSchema, url);
  const locale = await resolveLocale();
  const t = await getTranslations({ locale });
  const fmt = new Intl.DateTimeFormat("sv-SE", { timeZone: TIME_ZONE, dateStyle: "short", timeStyle: "medium" });
  const now = Date.now();
  const rows = iterateActivity(getDb(), scope, params, now);
  const encoder = new TextEncoder();
  // Streamed a page of rows at a time, so a large export never sits in memory.
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`\uFEFF${csvLine(COLUMNS.map((c) => t(`activity.columns.${c}`)))}`));
    },
    async pull(controller) {
      let chunk = "";
      for (let i = 0; i < 500; i++) {
        const next = await rows.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        const r = next.value;
        const cd = countdownOf(r.activity);
        chunk += csvLine([
          r.sn, r.merchant, r.contactName, r.phone, r.city, r.agentName, t(`activity.state.${r.state}`),
          r.category ? t(`enums.category.${r.category}`) : "", t(`activity.countdown.${cd.key}`, { days: cd.days, switchOffDays: cd.switchOffDays }),
          r.lastTxnAt === null ? "" : fmt.format(new Date(r.lastTxnAt)), r.sales?.txns7 ?? 0, r.sales?.txns30 ?? 0, r.sales?.txns90 ?? 0,
        ]);
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
  const stamp = new Date(now).toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="activity-${stamp}.csv"`,
      "cache-control": "no-store",
    },
  });
});
