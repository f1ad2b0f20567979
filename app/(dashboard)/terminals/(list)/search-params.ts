import { firstValues, PAGE_DEFAULT_SORT, terminalListSchema, type TerminalListParams } from "@/db/queries/terminal-filters";

/**
 * The table's state from the URL. A hand-edited or stale link with a bad value should still
 * show the table, so each invalid key is dropped rather than failing the page. Without a sort in
 * the URL the page opens on problems first (the API's default stays the serial number).
 */
export function parseTableParams(sp: Record<string, string | string[] | undefined>): TerminalListParams {
  const raw = firstValues(sp);
  if (!raw.sort) raw.sort = PAGE_DEFAULT_SORT;
  const first = terminalListSchema.safeParse(raw);
  if (first.success) return first.data;
  for (const issue of first.error.issues) delete raw[String(issue.path[0])];
  if (!raw.sort) raw.sort = PAGE_DEFAULT_SORT;
  return terminalListSchema.parse(raw);
}
