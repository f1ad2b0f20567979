// The terminal list: filtered, sorted, keyset-paginated reads of terminal_state in a scope.
import type { Db } from "@/db/client";
import { getPolicy } from "@/db/policy";
import type { Scope } from "@/lib/auth/scope";
import type { Category, Network, Severity, Status } from "@/lib/domain/enums";
import { badRequest } from "@/lib/errors";
import type { SortKey, TerminalFilters, TerminalListParams } from "./terminal-filters";
import { complianceExpr, ensureSqlFunctions, TERMINAL_FROM_M, terminalFrom, terminalWhere } from "./where";
import type { Compliance } from "./buckets";

export interface TerminalRow {
  id: number;
  sn: string;
  merchant: string;
  city: string;
  agentId: number;
  agentName: string;
  model: string;
  status: Status;
  category: Category;
  severity: Severity;
  batteryPct: number;
  charging: boolean;
  signalDbm: number | null;
  network: Network;
  firmware: string;
  compliance: Compliance;
  lastSeenAt: number; // epoch ms
}

/** The SQL each sort key orders by; the terminal id breaks ties so the order is total. */
const SORT_SQL: Record<SortKey, string> = {
  sn: "t.sn",
  merchant: "m.name",
  city: "m.city",
  agent: "a.name",
  status: "s.status",
  category: "s.category",
  severity: "CASE s.severity WHEN 'critical' THEN 2 WHEN 'warning' THEN 1 ELSE 0 END",
  battery: "s.battery_pct",
  signal: "coalesce(s.signal_dbm, -999)",
  firmware: "s.firmware",
  lastSeen: "s.last_seen_at",
};

const COLUMNS = `t.id AS id, t.sn AS sn, m.name AS merchant, m.city AS city, a.id AS agentId, a.name AS agentName,
  t.model AS model, s.status AS status, s.category AS category, s.severity AS severity, s.battery_pct AS batteryPct,
  s.charging AS charging, s.signal_dbm AS signalDbm, s.network AS network, s.firmware AS firmware,
  ${complianceExpr("s.firmware")} AS compliance, s.last_seen_at AS lastSeenAt`;

type RawRow = Omit<TerminalRow, "charging"> & { charging: number };

function toRow(r: RawRow): TerminalRow {
  return { ...r, charging: r.charging === 1 };
}

/** Full rows for a page of ids, in the order of `ids`: the sort ran on narrow rows first. */
function rowsByIds(db: Db, ids: number[], policyParams: Record<string, unknown>): TerminalRow[] {
  if (ids.length === 0) return [];
  const rows = db.$client
    .prepare(`SELECT ${COLUMNS} FROM ${TERMINAL_FROM_M} WHERE t.id IN (SELECT value FROM json_each(@ids))`)
    .all({ ...policyParams, ids: JSON.stringify(ids) }) as RawRow[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => toRow(byId.get(id)!));
}

interface Cursor {
  v: string | number;
  id: number;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.v, c.id])).toString("base64url");
}

export function decodeCursor(raw: string, param: string): Cursor {
  try {
    const [v, id] = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as unknown[];
    if ((typeof v === "string" || typeof v === "number") && typeof id === "number" && Number.isSafeInteger(id)) return { v, id };
  } catch {
    // fall through to the one error below: any malformed cursor is the caller's mistake
  }
  throw badRequest(`${param} is not a cursor returned by this API; start again without it`, { parameter: param });
}

export interface TerminalPage {
  rows: TerminalRow[];
  total: number;
  nextCursor: string | null;
  prevCursor: string | null;
}

export function countTerminals(db: Db, scope: Scope, filters: TerminalFilters): number {
  ensureSqlFunctions(db.$client);
  const w = terminalWhere(scope, filters, getPolicy(db));
  return (db.$client.prepare(`SELECT count(*) AS n FROM ${terminalFrom(filters)} WHERE ${w.sql}`).get(w.params) as { n: number }).n;
}

/**
 * One page of terminals. Keyset pagination: `after`/`before` carry the (sort value, id) of the
 * edge row, so a page costs the same at row 100,000 as at row 1.
 */
export function listTerminals(db: Db, scope: Scope, p: TerminalListParams): TerminalPage {
  ensureSqlFunctions(db.$client);
  const w = terminalWhere(scope, p, getPolicy(db));
  const expr = SORT_SQL[p.sort];
  const backwards = p.before !== undefined;
  const cursor = p.before !== undefined ? decodeCursor(p.before, "before") : p.after !== undefined ? decodeCursor(p.after, "after") : null;
  // Walking backwards reads the reversed order, then flips the page.
  const desc = (p.dir === "desc") !== backwards;
  const cmp = desc ? "<" : ">";
  const where = cursor ? `${w.sql} AND (${expr}, t.id) ${cmp} (@c_v, @c_id)` : w.sql;
  const order = desc ? "DESC" : "ASC";
  const raw = db.$client
    .prepare(`SELECT t.id AS id, ${expr} AS sortValue FROM ${terminalFrom(p, p.sort)} WHERE ${where} ORDER BY ${expr} ${order}, t.id ${order} LIMIT @limit`)
    .all({ ...w.params, c_v: cursor?.v ?? null, c_id: cursor?.id ?? null, limit: p.size + 1 }) as { id: number; sortValue: string | number }[];
  const more = raw.length > p.size;
  const page = raw.slice(0, p.size);
  if (backwards) page.reverse();
  const first = page[0];
  const last = page.at(-1);
  const edge = (r: { id: number; sortValue: string | number } | undefined) => (r ? encodeCursor({ v: r.sortValue, id: r.id }) : null);
  return {
    rows: rowsByIds(db, page.map((r) => r.id), w.params),
    total: countTerminals(db, scope, p),
    nextCursor: backwards ? edge(last) : more ? edge(last) : null,
    prevCursor: backwards ? (more ? edge(first) : null) : cursor ? edge(first) : null,
  };
}

/** Every filtered row in the list's order, one at a time: for the CSV export. */
export function* iterateTerminals(db: Db, scope: Scope, p: Pick<TerminalListParams, "sort" | "dir"> & TerminalFilters): Generator<TerminalRow> {
  ensureSqlFunctions(db.$client);
  const w = terminalWhere(scope, p, getPolicy(db));
  const expr = SORT_SQL[p.sort];
  const order = p.dir === "desc" ? "DESC" : "ASC";
  const stmt = db.$client.prepare(`SELECT ${COLUMNS} FROM ${TERMINAL_FROM_M} WHERE ${w.sql} ORDER BY ${expr} ${order}, t.id ${order}`);
  for (const r of stmt.iterate(w.params) as Iterable<RawRow>) yield toRow(r);
}

export interface FilterOptions {
  agents: { id: number; name: string; depth: number }[];
  cities: string[];
  models: string[];
  firmware: string[];
}

/** The values the filter dropdowns offer: only what exists in the caller's scope. */
export function terminalFilterOptions(db: Db, scope: Scope): FilterOptions {
  const sqlite = db.$client;
  const pattern = `${scope.agentPath}%`;
  const agents = sqlite
    .prepare(`SELECT id, name, length(path) - length(replace(path, '/', '')) - 2 AS depth FROM agents WHERE path LIKE ? ORDER BY path`)
    .all(pattern) as FilterOptions["agents"];
  const distinct = (col: string) =>
    (sqlite.prepare(`SELECT DISTINCT ${col} AS v FROM ${col.startsWith("m.") ? TERMINAL_FROM_M : "terminal_state s JOIN terminals t ON t.id = s.terminal_id JOIN agents a ON a.id = t.agent_id"} WHERE a.path LIKE ? AND ${col} <> '' ORDER BY 1`).all(pattern) as { v: string }[]).map((r) => r.v);
  return { agents, cities: distinct("m.city"), models: distinct("t.model"), firmware: distinct("s.firmware") };
}
