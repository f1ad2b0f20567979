// The terminal list: filtered, sorted, keyset-paginated reads of terminal_state in a scope.
import type { Db } from "@/db/client";
import { getPolicy } from "@/db/policy";
import type { Scope } from "@/lib/domain/scope";
import type { Category, Network, Severity, Status } from "@/lib/domain/enums";
import { badRequest } from "@/lib/domain/errors";
import type { SortKey, TerminalFilters, TerminalListParams } from "./terminal-filters";
import { complianceExpr, ensureSqlFunctions, TERMINAL_FROM, TERMINAL_FROM_M, terminalFrom, terminalWhere } from "./where";
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

/**
 * The "problems first" key as one number: severity rank (critical 0, warning 1, healthy 2) times
 * 10^13, plus the epoch ms the terminal entered its current category, so ascending order is
 * critical first, longest in its category first. One number keeps the keyset cursor a single
 * value, and the same expression is indexed (terminal_state_problems_idx) so the first page is a
 * range scan. The text must stay identical to the index's for the planner to match it.
 */
export const PROBLEMS_KEY_SQL = "(CASE s.severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END) * 10000000000000 + s.category_since";

/**
 * The SQL each sort key orders by, and whether the key's "asc" reads that expression descending.
 * The terminal id breaks ties so the order is total. Severity reuses the problems key reversed
 * (healthy first when ascending), so one index serves both.
 */
const SORTS: Record<SortKey, { expr: string; reverse?: boolean }> = {
  sn: { expr: "t.sn" },
  merchant: { expr: "m.name" },
  city: { expr: "m.city" },
  agent: { expr: "a.name" },
  status: { expr: "s.status" },
  category: { expr: "s.category" },
  severity: { expr: PROBLEMS_KEY_SQL, reverse: true },
  battery: { expr: "s.battery_pct" },
  signal: { expr: "coalesce(s.signal_dbm, -999)" },
  firmware: { expr: "s.firmware" },
  lastSeen: { expr: "s.last_seen_at" },
  problems: { expr: PROBLEMS_KEY_SQL },
};

/** ORDER BY expression and direction of a sort key in a direction. */
function orderOf(sort: SortKey, dir: "asc" | "desc"): { expr: string; desc: boolean } {
  const s = SORTS[sort];
  return { expr: s.expr, desc: (dir === "desc") !== (s.reverse === true) };
}

/** The first-page statement of listTerminals, for plan tests: the SQL and its parameters. */
export async function firstPageStatement(db: Db, scope: Scope, p: TerminalListParams): Promise<{ sql: string; params: Record<string, unknown> }> {
  ensureSqlFunctions(db);
  const w = terminalWhere(db, scope, p, await getPolicy(db));
  const { expr, desc } = orderOf(p.sort, p.dir);
  const order = desc ? "DESC" : "ASC";
  return {
    sql: `SELECT t.id AS id, ${expr} AS "sortValue" FROM ${terminalFrom(p, p.sort)} WHERE ${w.sql} ORDER BY ${expr} ${order}, s.terminal_id ${order} LIMIT @limit`,
    params: { ...w.params, limit: p.size + 1 },
  };
}

const COLUMNS = `t.id AS id, t.sn AS sn, m.name AS merchant, m.city AS city, a.id AS "agentId", a.name AS "agentName",
  t.model AS model, s.status AS status, s.category AS category, s.severity AS severity, s.battery_pct AS "batteryPct",
  s.charging AS charging, s.signal_dbm AS "signalDbm", s.network AS network, s.firmware AS firmware,
  ${complianceExpr("s.firmware")} AS compliance, s.last_seen_at AS "lastSeenAt"`;

type RawRow = Omit<TerminalRow, "charging"> & { charging: number };

function toRow(r: RawRow): TerminalRow {
  return { ...r, charging: r.charging === 1 };
}

/**
 * Full rows for a page of ids, in the order of `ids`: the sort ran on narrow rows first.
 * The id list is one parameter: a JSON array read with json_each on SQLite, an int[] on PostgreSQL.
 */
async function rowsByIds(db: Db, ids: number[], policyParams: Record<string, unknown>): Promise<TerminalRow[]> {
  if (ids.length === 0) return [];
  const rows =
    db.dialect === "pg"
      ? await db.all<RawRow>(`SELECT ${COLUMNS} FROM ${TERMINAL_FROM_M} WHERE t.id = ANY(CAST(@ids AS int[]))`, { ...policyParams, ids })
      : await db.all<RawRow>(`SELECT ${COLUMNS} FROM ${TERMINAL_FROM_M} WHERE t.id IN (SELECT value FROM json_each(@ids))`, {
          ...policyParams,
          ids: JSON.stringify(ids),
        });
  const byId = new Map(rows.map((r) => [r.id, r]));
  // A terminal deleted since its id was read is left out.
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [toRow(r)] : [];
  });
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

export async function countTerminals(db: Db, scope: Scope, filters: TerminalFilters): Promise<number> {
  ensureSqlFunctions(db);
  const w = terminalWhere(db, scope, filters, await getPolicy(db));
  const row = await db.get<{ n: number }>(`SELECT count(*) AS n FROM ${terminalFrom(filters)} WHERE ${w.sql}`, w.params);
  return Number(row?.n ?? 0);
}

/**
 * One page of terminals. Keyset pagination: `after`/`before` carry the (sort value, id) of the
 * edge row, so a page costs the same at row 100,000 as at row 1.
 */
export async function listTerminals(db: Db, scope: Scope, p: TerminalListParams): Promise<TerminalPage> {
  ensureSqlFunctions(db);
  const policy = await getPolicy(db);
  const w = terminalWhere(db, scope, p, policy);
  const backwards = p.before !== undefined;
  const cursor = p.before !== undefined ? decodeCursor(p.before, "before") : p.after !== undefined ? decodeCursor(p.after, "after") : null;
  // Walking backwards reads the reversed order, then flips the page.
  const o = orderOf(p.sort, p.dir);
  const expr = o.expr;
  const desc = o.desc !== backwards;
  const cmp = desc ? "<" : ">";
  const where = cursor ? `${w.sql} AND (${expr}, s.terminal_id) ${cmp} (@c_v, @c_id)` : w.sql;
  const order = desc ? "DESC" : "ASC";
  const params: Record<string, unknown> = { ...w.params, limit: p.size + 1 };
  if (cursor) Object.assign(params, { c_v: cursor.v, c_id: cursor.id });
  // The first page (no cursor) is exactly firstPageStatement's SQL, which the plan tests explain.
  const raw = await db.all<{ id: number; sortValue: string | number }>(
    `SELECT t.id AS id, ${expr} AS "sortValue" FROM ${terminalFrom(p, p.sort)} WHERE ${where} ORDER BY ${expr} ${order}, s.terminal_id ${order} LIMIT @limit`,
    params,
  );
  const more = raw.length > p.size;
  const page = raw.slice(0, p.size);
  if (backwards) page.reverse();
  const first = page[0];
  const last = page.at(-1);
  const edge = (r: { id: number; sortValue: string | number } | undefined) => (r ? encodeCursor({ v: r.sortValue, id: r.id }) : null);
  const rows = await rowsByIds(db, page.map((r) => r.id), w.params);
  // The count's WHERE is the page's without the cursor (terminalWhere does not depend on the sort).
  const total = await db.get<{ n: number }>(`SELECT count(*) AS n FROM ${terminalFrom(p)} WHERE ${w.sql}`, w.params);
  return {
    rows,
    total: Number(total?.n ?? 0),
    nextCursor: backwards ? edge(last) : more ? edge(last) : null,
    prevCursor: backwards ? (more ? edge(first) : null) : cursor ? edge(first) : null,
  };
}

/** Full rows the CSV export reads per statement. */
const ITERATE_PAGE = 1000;

/**
 * Every filtered row in the list's order, for the CSV export: the sort runs once on narrow rows
 * (ids only), then the full rows are read `pageSize` ids at a time, so no statement stays open
 * while the response streams and the wide rows never sit in memory together. (Keyset pages of
 * wide rows would re-sort the whole filtered set for every page on an unindexed sort key.)
 */
export async function* iterateTerminals(
  db: Db,
  scope: Scope,
  p: Pick<TerminalListParams, "sort" | "dir"> & TerminalFilters,
  pageSize = ITERATE_PAGE,
): AsyncGenerator<TerminalRow, void, undefined> {
  ensureSqlFunctions(db);
  const w = terminalWhere(db, scope, p, await getPolicy(db));
  const { expr, desc } = orderOf(p.sort, p.dir);
  const order = desc ? "DESC" : "ASC";
  const ids = (
    await db.all<{ id: number }>(`SELECT t.id AS id FROM ${terminalFrom(p, p.sort)} WHERE ${w.sql} ORDER BY ${expr} ${order}, s.terminal_id ${order}`, w.params)
  ).map((r) => r.id);
  for (let i = 0; i < ids.length; i += pageSize) {
    for (const row of await rowsByIds(db, ids.slice(i, i + pageSize), w.params)) yield row;
  }
}

export interface FilterOptions {
  agents: { id: number; name: string; depth: number }[];
  cities: string[];
  models: string[];
  firmware: string[];
}

/** The values the filter dropdowns offer: only what exists in the caller's scope. */
export async function terminalFilterOptions(db: Db, scope: Scope): Promise<FilterOptions> {
  const pattern = `${scope.agentPath}%`;
  const distinct = async (col: string) =>
    (
      await db.all<{ v: string }>(
        `SELECT DISTINCT ${col} AS v FROM ${col.startsWith("m.") ? TERMINAL_FROM_M : TERMINAL_FROM} WHERE a.path LIKE ? AND ${col} <> '' ORDER BY 1`,
        [pattern],
      )
    ).map((r) => r.v);
  const agents = await db.all<FilterOptions["agents"][number]>(
    `SELECT id, name, length(path) - length(replace(path, '/', '')) - 2 AS depth FROM agents WHERE path LIKE ? ORDER BY path`,
    [pattern],
  );
  return { agents, cities: await distinct("m.city"), models: await distinct("t.model"), firmware: await distinct("s.firmware") };
}
