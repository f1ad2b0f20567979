import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { terminalListSchema } from "@/db/queries/terminal-filters";
import { iterateTerminals } from "@/db/queries/terminals";
import { parseQuery, route } from "@/lib/http/route";
import { resolveLocale } from "@/lib/i18n/request";
import { TIME_ZONE } from "@/lib/i18n/config";
import { csvResponse, terminalCsvRow, TERMINAL_CSV_COLUMNS } from "@/lib/ui/csv";

export const dynamic = "force-dynamic";

/**
 * CSV of every terminal matching the table's filters (not just one page), in the table's order,
 * streamed in chunks so 100k rows never sit in memory (lib/ui/csv.ts).
 */
export const GET = route(async ({ url, scope }) => {
  const params = parseQuery(terminalListSchema, url);
  const locale = await resolveLocale();
  const t = await getTranslations({ locale });
  const labels = TERMINAL_CSV_COLUMNS.map((c) => t(`terminals.columns.${c}`));
  const rows = iterateTerminals(getDb(), scope, params);
  const fmt = new Intl.DateTimeFormat("sv-SE", { timeZone: TIME_ZONE, dateStyle: "short", timeStyle: "medium" });
  return csvResponse({
    header: labels,
    rows,
    line: (r) => terminalCsvRow(r, (k) => t(k), fmt),
    filename: `terminals-${new Date().toISOString().slice(0, 10)}.csv`,
  });
});
