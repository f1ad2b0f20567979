import { firstValues, terminalListSchema, type TerminalListParams } from "@/db/queries/terminal-filters";

/**
 * The table's state from the URL. A hand-edited or stale link with a bad value should still
 * show the table, so each invalid key is dropped rather than failing the page.
 */
export function parseTableParams(sp: Record<string, string | string[] | undefined>): TerminalListParams {
  const raw = firstValues(sp);
  const first = terminalListSchema.safeParse(raw);
  if (first.success) return first.data;
  for (const issue of first.error.issues) delete raw[String(issue.path[0])];
  return terminalListSchema.parse(raw);
}
