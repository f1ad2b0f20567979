// CSV lines for the terminal export. Pure, so the quoting rules are tested without a server.
import type { TerminalRow } from "@/db/queries/terminals";

export const TERMINAL_CSV_COLUMNS = ["sn", "merchant", "city", "agent", "status", "category", "severity", "battery", "signal", "firmware", "lastSeen"] as const;

/**
 * One RFC 4180 line (CRLF). Text that a spreadsheet would run as a formula (=, +, -, @ first) is
 * prefixed with an apostrophe: merchant names come from outside.
 */
export function csvLine(cells: readonly (string | number | null)[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

function csvCell(v: string | number | null): string {
  if (v === null) return "";
  if (typeof v === "number") return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function terminalCsvRow(r: TerminalRow, t: (key: string) => string, fmt: Intl.DateTimeFormat): (string | number | null)[] {
  return [
    r.sn, r.merchant, r.city, r.agentName,
    t(`enums.status.${r.status}`), t(`enums.category.${r.category}`), t(`enums.severity.${r.severity}`),
    r.batteryPct, r.signalDbm, r.firmware, fmt.format(new Date(r.lastSeenAt)),
  ];
}

/**
 * A CSV download: the BOM (so Excel reads Chinese) and the header at once, then the rows in chunks
 * as the client takes them, so a large export never sits in memory and a slow client slows the
 * reads instead of filling a buffer. The first read of rows waits for one timer turn: the stream is
 * asked for its next chunk as soon as the header is taken, before the header is written to the
 * socket, and the export's first query (one sort of the filtered ids) must not hold the header
 * back while it runs.
 */
export function csvResponse<T>(opts: {
  header: readonly string[];
  rows: AsyncGenerator<T>;
  line: (row: T) => (string | number | null)[];
  filename: string;
  rowsPerChunk?: number;
}): Response {
  const encoder = new TextEncoder();
  const perChunk = opts.rowsPerChunk ?? 500;
  let first = true;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`\uFEFF${csvLine(opts.header)}`));
    },
    async pull(controller) {
      if (first) {
        first = false;
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      let chunk = "";
      for (let i = 0; i < perChunk; i++) {
        const next = await opts.rows.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += csvLine(opts.line(next.value));
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await opts.rows.return(undefined);
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${opts.filename}"`,
      "cache-control": "no-store",
    },
  });
}
