import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { terminalListSchema } from "@/db/queries/terminal-filters";
import { iterateTerminals } from "@/db/queries/terminals";
import { parseQuery, route } from "@/lib/http/route";
import { resolveLocale } from "@/lib/i18n/request";
import { TIME_ZONE } from "@/lib/i18n/config";
import { csvLine, terminalCsvRow, TERMINAL_CSV_COLUMNS } from "@/lib/ui/csv";

export const dynamic = "force-dynamic";

const ROWS_PER_CHUNK = 500;

/**
 * CSV of every terminal matching the table's filters (not just one page), in the table's order,
 * read in keyset pages and streamed in chunks so 100k rows never sit in memory. UTF-8 with BOM
 * so Excel reads Chinese.
 */
export const GET = route(async ({ url, scope }) => {
  const params = parseQuery(terminalListSchema, url);
  const locale = await resolveLocale();
  const t = await getTranslations({ locale });
  const labels = TERMINAL_CSV_COLUMNS.map((c) => t(`terminals.columns.${c}`));
  const rows = iterateTerminals(getDb(), scope, params);
  const fmt = new Intl.DateTimeFormat("sv-SE", { timeZone: TIME_ZONE, dateStyle: "short", timeStyle: "medium" });
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`\uFEFF${csvLine(labels)}`));
    },
    async pull(controller) {
      let chunk = "";
      for (let i = 0; i < ROWS_PER_CHUNK; i++) {
        const next = await rows.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += csvLine(terminalCsvRow(next.value, (k) => t(k), fmt));
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="terminals-${stamp}.csv"`,
      "cache-control": "no-store",
    },
  });
});
