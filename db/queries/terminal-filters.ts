// The one definition of the terminal list's filters, sort and paging: parsed by the page, the
// JSON API and the CSV export, and turned into the OpenAPI document. Pure: no database here.
import { z } from "zod";
import { CATEGORIES, SEVERITIES, STATUSES } from "@/lib/domain/enums";
import { BATTERY_FILTER_KEYS, COMPLIANCE, SIGNAL_BUCKET_KEYS } from "./buckets";

/** An empty form field means "no filter", so "" is read as absent. */
const opt = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === "" || v === null ? undefined : v), schema.optional());

const text = (max: number) => z.string().trim().min(1).max(max);

export const SORT_KEYS = ["sn", "merchant", "city", "agent", "status", "category", "severity", "battery", "signal", "firmware", "lastSeen", "problems"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export const PAGE_SIZES = [25, 50, 100] as const;
export const MAX_PAGE_SIZE = 200;
/** The API's default order (documented, unchanged): serial number, ascending. */
export const API_DEFAULT_SORT: SortKey = "sn";
/**
 * The table page's default order: "problems" is critical first, then warning, then healthy, each
 * by time in the current category (longest first), then id. "All terminals" is the API's order.
 */
export const PAGE_DEFAULT_SORT: SortKey = "problems";

export const terminalFilterSchema = z.object({
  status: opt(z.enum(STATUSES)).describe("online or offline"),
  category: opt(z.enum(CATEGORIES)).describe("current diagnosis category"),
  severity: opt(z.enum(SEVERITIES)).describe("current diagnosis severity"),
  problem: opt(z.enum(["1"])).describe("1: only terminals with a problem (any category but healthy)"),
  agent: opt(z.coerce.number().int().positive()).describe("agent id; includes its sub-agents unless subtree=0"),
  subtree: opt(z.enum(["0", "1"])).describe("0: only terminals of the agent itself"),
  city: opt(text(64)),
  model: opt(text(64)),
  firmware: opt(text(32)).describe("exact firmware version"),
  compliance: opt(z.enum(COMPLIANCE)).describe("firmware compliance with the policy"),
  code: opt(z.string().trim().regex(/^(?:[0-9A-Za-z]{2}|T_[A-Za-z0-9_]{1,48})$/, "a two-character CUPS code or a T_ terminal code"))
    .describe("error code cited by the current diagnosis"),
  battery: opt(z.enum(BATTERY_FILTER_KEYS)).describe("battery bucket, percent, of terminals off the charger; charging: terminals on the charger"),
  signal: opt(z.enum(SIGNAL_BUCKET_KEYS)).describe("signal bucket"),
  q: opt(text(64)).describe("serial number prefix or part of the merchant name"),
});
export type TerminalFilters = z.infer<typeof terminalFilterSchema>;

export const terminalListSchema = terminalFilterSchema.extend({
  sort: opt(z.enum(SORT_KEYS)).default(API_DEFAULT_SORT)
    .describe("sort key; problems: critical, then warning, then healthy, each longest in its category first"),
  dir: opt(z.enum(["asc", "desc"])).default("asc"),
  size: opt(z.coerce.number().int().min(1).max(MAX_PAGE_SIZE)).default(50),
  after: opt(z.string().max(200)).describe("cursor: the page after this one (nextCursor of a response)"),
  before: opt(z.string().max(200)).describe("cursor: the page before this one (prevCursor of a response)"),
});
export type TerminalListParams = z.infer<typeof terminalListSchema>;

export const FILTER_KEYS = Object.keys(terminalFilterSchema.shape) as (keyof TerminalFilters)[];

/** URLSearchParams or Next's searchParams object to a plain object of first values. */
export function firstValues(input: URLSearchParams | Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  if (input instanceof URLSearchParams) {
    for (const [k, v] of input) if (!(k in out)) out[k] = v;
    return out;
  }
  for (const [k, v] of Object.entries(input)) {
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined) out[k] = first;
  }
  return out;
}

/** The query string of a filtered table view (only non-empty keys, in a stable order). */
export function terminalsHref(params: Partial<Record<keyof TerminalListParams, string | number | undefined>>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") qs.set(k, String(v));
  const s = qs.toString();
  return s ? `/terminals?${s}` : "/terminals";
}
