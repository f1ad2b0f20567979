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
