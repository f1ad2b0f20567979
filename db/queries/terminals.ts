// The terminal list: filtered, sorted, keyset-paginated reads of terminal_state in a scope.
import type { Db } from "@/db/client";
import { idIn, idList } from "@/db/dialect";
import { subtreeCounters } from "@/db/counters";
import { getPolicy } from "@/db/policy";
import type { Scope } from "@/lib/domain/scope";
import type { Category, Network, Severity, Status } from "@/lib/domain/enums";
import { badRequest } from "@/lib/domain/errors";
import { FILTER_KEYS, type SortKey, type TerminalFilters, type TerminalListParams } from "./terminal-filters";
import { complianceExpr, ensureSqlFunctions, TERMINAL_FROM_M, terminalFrom, terminalWhere, walkFrom } from "./where";
import type { Compliance } from "./buckets";
import { resolveSearch, type NameMatch } from "./search";
import { cappedCount, type Total } from "./count";
import { agentsMatching, codeShare, counterTotal, severityRanks, fewMatch, firmwareWith, sortMatches } from "./terminal-totals";
import type { Policy } from "@/lib/domain/policy";

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
export const PROBLEMS_KEY_SQL = "((CASE s.severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END) * 10000000000000 + s.category_since)";
/** The problems key of one severity rank spans [rank × this, (rank + 1) × this). */
const PROBLEMS_RANK_STEP = 10_000_000_000_000;

/** The signal with "no service" as -999, below every reading; written without a comma (drizzle-kit splits SQLite index expressions on commas) and matching terminal_state_signal_idx. */
export const SIGNAL_KEY_SQL = "(CASE WHEN s.signal_dbm IS NULL THEN -999 ELSE s.signal_dbm END)";

/**
 * The SQL each sort key orders by (one or more expressions, each read in the same direction), and
 * whether the key's "asc" reads them descending. The terminal id breaks ties so the order is total.
 * Each list is the leading part of an index on terminal_state followed by terminal_id (or the
 * unique serial), so the first page walks an index instead of sorting the fleet (docs/scaling.md).
 * Severity reuses the problems key reversed (healthy first when ascending); status reads
 * (status, last seen) and category (category, severity), the columns of their indexes.
 */
const SORTS: Record<SortKey, { exprs: string[]; reverse?: boolean; tie?: string }> = {
  sn: { exprs: ["t.sn"] },
  // By name of the merchant or agent (or city), then its id: the walk goes through the merchants
  // (or agents) in that order and each one's terminals by id, so the tie-breaker is t.id.
  merchant: { exprs: ["m.name", "m.id"], tie: "t.id" },
  city: { exprs: ["m.city", "m.id"], tie: "t.id" },
  agent: { exprs: ["a.name", "a.id"], tie: "t.id" },
  status: { exprs: ["s.status", "s.last_seen_at"] },
  category: { exprs: ["s.category", "s.severity"] },
  severity: { exprs: [PROBLEMS_KEY_SQL], reverse: true },
  battery: { exprs: ["s.battery_pct"] },
  signal: { exprs: [SIGNAL_KEY_SQL] },
  firmware: { exprs: ["s.firmware"] },
  lastSeen: { exprs: ["s.last_seen_at"] },
  problems: { exprs: [PROBLEMS_KEY_SQL] },
};

interface Order {
  exprs: string[];
  /** The last ORDER BY column, which makes the order total: the terminal id, as the walked index has it. */
  tie: string;
  desc: boolean;
}

/** The name sorts: their order is a walk of the merchants or agents by name, not an index of terminal_state. */
const NAME_SORTS: ReadonlySet<SortKey> = new Set(["merchant", "city", "agent"]);

/**
 * ORDER BY expressions and direction of a sort key in a direction. With `sorted`, a name sort's
 * first expression is written so no index matches it (`+x` on SQLite, `x || ''` on PostgreSQL):
 * the planner then reads the filter's matches and sorts them instead of walking names (sortMatches).
 */
function orderOf(db: Pick<Db, "dialect">, sort: SortKey, dir: "asc" | "desc", sorted = false): Order {
  const s = SORTS[sort];
  const exprs = sorted ? s.exprs.map((e, i) => (i > 0 ? e : unindexed(db, e))) : s.exprs;
  return { exprs, tie: s.tie ?? "s.terminal_id", desc: (dir === "desc") !== (s.reverse === true) };
}

/** The sort keys that are numbers (the rest are text): PostgreSQL hides them from its indexes with + 0, text with || ''. */
const NUMERIC_KEYS: ReadonlySet<string> = new Set([PROBLEMS_KEY_SQL, SIGNAL_KEY_SQL, "s.battery_pct", "s.last_seen_at"]);

/** The same value, written so no index matches it: unary + on SQLite (a no-op on any type), + 0 or || '' on PostgreSQL. */
function unindexed(db: Pick<Db, "dialect">, e: string): string {
  if (db.dialect !== "pg") return `+${e}`;
  return NUMERIC_KEYS.has(e) ? `(${e} + 0)` : `(${e} || '')`;
}

/** SELECT list of the sort values (aliases k0, k1...) and the ORDER BY clause. */
function orderSql(o: Order, desc: boolean): { select: string; orderBy: string } {
  const d = desc ? "DESC" : "ASC";
  return {
    select: o.exprs.map((e, i) => `${e} AS k${i}`).join(", "),
    orderBy: `${o.exprs.map((e) => `${e} ${d}`).join(", ")}, ${o.tie} ${d}`,
  };
}

export interface ListOptions {
  /** Most matches a search reads as an id list (SEARCH_ID_CAP; tests lower it). */
  searchCap?: number;
  /** Most rows counted one by one for a total no counter holds (COUNT_CAP; tests lower it). */
  countCap?: number;
  /** Fewer terminals than this with the filtered compliance are read through the firmware index (fewMatch; tests move it). */
  fewCompliantBelow?: number;
  /** Fewer terminals than this citing the filtered code are read through terminal_codes (fewMatch; tests move it). */
  fewCodedBelow?: number;
  /** Most matches a name sort reads and sorts instead of walking names (sortMatches; tests move it). */
  sortMatchesMax?: number;
  /** Terminals the bounded walk of a name sort passes before it sorts the matches (WALK_SCAN; tests move it). */
  walkScan?: number;
}

/**
 * Most matches an indexed sort reads and sorts when its bounded walk finds too few: lower than the
 * name sorts' SORT_MATCHES_MAX, since the unbounded walk it replaces is usually short. At a million
 * terminals on PostgreSQL under ingest, sorting 50,000 matches (a firmware version sorted by
 * severity) took over a second, more than the walk it replaced.
 */
export const INDEXED_SORT_MATCHES_MAX = 10_000;

/** Filters on the leading column of a sort's index (the status index is (status, last seen)): the page is a range of that index. */
const LEADING: Partial<Record<SortKey, ReadonlySet<string>>> = {
  status: new Set(["status"]), lastSeen: new Set(["status"]), category: new Set(["category"]),
  firmware: new Set(["firmware"]), battery: new Set(["battery"]), signal: new Set(["signal"]),
};

/** Whether every filter is on the sort index's leading column, so walking that index reads matches only. */
function rangeOfSortIndex(sort: SortKey, f: TerminalFilters): boolean {
  const leading = LEADING[sort];
  return leading !== undefined && FILTER_KEYS.every((k) => k === "subtree" || f[k] === undefined || leading.has(k));
}

/**
 * The page's WHERE for these filters, with the search (if any) read through its indexes first and
 * the compliance filter turned into the firmware versions it means, and the code filter told
 * whether few terminals cite the code. `counted` is the counters' count of the matches (null when
 * no counter holds this mix); with a name sort, few matches make the page sort them (sortMatches).
 */
async function wheres(db: Db, scope: Scope, f: TerminalFilters, policy: Policy, opts: ListOptions, sort?: SortKey) {
  const search = f.q !== undefined ? await resolveSearch(db, scope, f.q, opts.searchCap) : undefined;
  const fw = f.compliance !== undefined ? await firmwareWith(db, scope, f.compliance, policy) : undefined;
  const compliantFirmware = fw && { versions: fw.versions, few: fewMatch(fw, opts.fewCompliantBelow) };
  const fewCoded = f.code !== undefined && fewMatch(await codeShare(db, scope, f.code), opts.fewCodedBelow);
  const counted = await counterTotal(db, scope, f, policy);
  const filtered = FILTER_KEYS.some((k) => k !== "subtree" && f[k] !== undefined);
  const sorted = sort !== undefined && NAME_SORTS.has(sort) && filtered && sortMatches(counted, opts.sortMatchesMax);
  // The agent sort walks the agents in name order: only those the counters say have a match.
  const agents = sort === "agent" && filtered && counted !== null && f.agent === undefined ? await agentsMatching(db, scope, f, policy) : null;
  const page = terminalWhere(db, scope, f, policy, { search, compliantFirmware, fewCoded, sortMatches: sorted, agents: agents ?? undefined });
  // The problems and severity sorts read only the stretch of their key that holds the matches' severities.
  const ranks = (sort === "problems" || sort === "severity") && filtered ? await severityRanks(db, scope, f, policy) : null;
  if (ranks) {
    page.sql += ` AND ${PROBLEMS_KEY_SQL} >= @f_klo AND ${PROBLEMS_KEY_SQL} < @f_khi`;
    Object.assign(page.params, { f_klo: ranks.first * PROBLEMS_RANK_STEP, f_khi: (ranks.last + 1) * PROBLEMS_RANK_STEP });
  }
  // Any name sort with a filter tries the bounded walk first (walkStatement); `sorted` is its fallback.
  // An indexed sort whose filter does not read its own index does the same (walkStatement)
  // when the counters say the matches are few enough to sort: its fallback reads the matches
  // through the filter's own index (`fallback`, with the code and compliance filters made to drive).
  const indexedSorted = sort !== undefined && !NAME_SORTS.has(sort) && filtered && !page.drives && !rangeOfSortIndex(sort, f)
    && sortMatches(counted, opts.sortMatchesMax ?? INDEXED_SORT_MATCHES_MAX);
  let fallback: typeof page | null = null;
  if (indexedSorted) {
    fallback = terminalWhere(db, scope, f, policy, {
      search,
      compliantFirmware: compliantFirmware && { versions: compliantFirmware.versions, few: true },
      fewCoded: f.code !== undefined,
      sortMatches: true,
    });
    if (ranks) {
      fallback.sql += ` AND ${PROBLEMS_KEY_SQL} >= @f_klo AND ${PROBLEMS_KEY_SQL} < @f_khi`;
      Object.assign(fallback.params, { f_klo: page.params.f_klo, f_khi: page.params.f_khi });
    }
  }
  const walkFirst = sort !== undefined && filtered && (NAME_SORTS.has(sort) || indexedSorted);
  return { page, search, counted, sorted, walkFirst, fallback };
}

/** The view's total: from the fleet counters when they hold it, else counted up to COUNT_CAP. */
function totalOf(db: Db, f: TerminalFilters, counted: number | null, w: { sql: string; params: Record<string, unknown> }, opts: ListOptions): Promise<Total> | Total {
  return counted !== null ? { n: counted, exact: true } : cappedCount(db, terminalFrom(f), w, opts.countCap);
}

/**
 * The first-page statement of listTerminals (no cursor), for plan tests: the SQL and its
 * parameters. For a name sort whose filter has few enough matches to sort, this is the sort of the
 * matches, which the page falls back to when the bounded walk (walkStatement) finds too few.
 */
export async function firstPageStatement(db: Db, scope: Scope, p: TerminalListParams, opts: ListOptions = {}): Promise<{ sql: string; params: Record<string, unknown> }> {
  ensureSqlFunctions(db);
  const ws = await wheres(db, scope, p, await getPolicy(db), opts, p.sort);
  return pageStatement(db, p, ws.page, orderOf(db, p.sort, p.dir, ws.sorted), false, null);
}

/** The FROM of a page (or the CSV's walk): the name sorts' walk on SQLite unless a filter drives the read. */
function pageFrom(db: Pick<Db, "dialect">, p: TerminalFilters & { sort: SortKey }, w: { drives: boolean }): string {
  return (db.dialect === "sqlite" && !w.drives ? walkFrom(p.sort) : null) ?? terminalFrom(p, p.sort);
}

/** " AND (sort values, tie) past the cursor", with its parameters added to `params`; "" without a cursor. */
function afterCursor(o: Order, desc: boolean, backwards: boolean, cursor: Cursor | null, params: Record<string, unknown>): string {
  if (!cursor) return "";
  if (cursor.v.length !== o.exprs.length) throw badRequest(`${backwards ? "before" : "after"} is a cursor of another sort order; start again without it`, { parameter: backwards ? "before" : "after" });
  cursor.v.forEach((v, i) => (params[`c_v${i}`] = v));
  params.c_id = cursor.id;
  return ` AND (${o.exprs.join(", ")}, ${o.tie}) ${desc ? "<" : ">"} (${cursor.v.map((_, i) => `@c_v${i}`).join(", ")}, @c_id)`;
}

function pageStatement(
  db: Pick<Db, "dialect">,
  p: TerminalListParams,
  w: { sql: string; params: Record<string, unknown>; drives: boolean },
  o: Order,
  backwards: boolean,
  cursor: Cursor | null,
): { sql: string; params: Record<string, unknown> } {
  // Walking backwards reads the reversed order, then flips the page.
  const desc = o.desc !== backwards;
  const { select, orderBy } = orderSql(o, desc);
  const params: Record<string, unknown> = { ...w.params, limit: p.size + 1 };
  const where = w.sql + afterCursor(o, desc, backwards, cursor, params);
  return { sql: `SELECT t.id AS id, ${select} FROM ${pageFrom(db, p, w)} WHERE ${where} ORDER BY ${orderBy} LIMIT @limit`, params };
}

/** Terminals a name sort's walk passes, with a filter, before the page sorts the filter's matches instead. */
export const WALK_SCAN = 5000;

/**
 * A name sort's walk with a filter, bounded: the next `scan` terminals in name order (merchants or
 * agents by name, each one's terminals by id; on PostgreSQL each agent's through a LATERAL read of
 * its first `scan` ids, so no agent's terminals are sorted whole; the agent sort keeps to the agents
 * with a match, agentsMatching), then the filter on those only.
 * Fewer than a page of matches among them and the page sorts the filter's matches instead.
 * An indexed sort's walk is the next `scan` entries of the sort's index over the whole store, then
 * the scope and the filter on those: without the bound, a filter whose matches sit at the far end
 * of the order (terminals citing a code, all unhealthy, sorted healthy first) walked most of the
 * fleet first, 400-800 ms at a million terminals on PostgreSQL.
 */
function walkStatement(
  db: Pick<Db, "dialect">,
  p: TerminalListParams,
  w: { sql: string; params: Record<string, unknown>; agentsSql: string | null },
  o: Order,
  backwards: boolean,
  cursor: Cursor | null,
  scan: number,
): { sql: string; params: Record<string, unknown> } {
  const desc = o.desc !== backwards;
  const { select, orderBy } = orderSql(o, desc);
  const params: Record<string, unknown> = { ...w.params, limit: p.size + 1, scan };
  const past = afterCursor(o, desc, backwards, cursor, params);
  const d = desc ? "DESC" : "ASC";
  if (!NAME_SORTS.has(p.sort)) {
    // The serial is the registry's; every other indexed key is terminal_state's own. The index is read alone, without the scope.
    const from = p.sort === "sn" ? `terminals t ${db.dialect === "sqlite" ? "CROSS JOIN" : "JOIN"} terminal_state s ON s.terminal_id = t.id` : "terminal_state s";
    return {
      sql: `WITH walk AS MATERIALIZED (SELECT s.terminal_id AS id FROM ${from} WHERE 1 = 1${past} ORDER BY ${orderBy} LIMIT @scan)
      SELECT t.id AS id, ${select} FROM ${terminalFrom(p, p.sort)} WHERE t.id IN (SELECT id FROM walk) AND ${w.sql}${past} ORDER BY ${orderBy} LIMIT @limit`,
      params,
    };
  }
  const names =
    p.sort !== "agent"
      ? `merchants m ${db.dialect === "sqlite" ? "CROSS JOIN" : "JOIN"} terminals t ON t.merchant_id = m.id JOIN agents a ON a.id = t.agent_id`
      : db.dialect === "sqlite"
        ? "agents a CROSS JOIN terminals t ON t.agent_id = a.id"
        : `agents a CROSS JOIN LATERAL (SELECT t.id FROM terminals t WHERE t.agent_id = a.id${past} ORDER BY t.id ${d} LIMIT @scan) t`;
  return {
    sql: `WITH walk AS MATERIALIZED (SELECT t.id AS id FROM ${names} WHERE a.path LIKE @scope${w.agentsSql ? ` AND ${w.agentsSql}` : ""}${past} ORDER BY ${orderBy} LIMIT @scan)
      SELECT t.id AS id, ${select} FROM ${terminalFrom(p, p.sort)} WHERE t.id IN (SELECT id FROM walk) AND ${w.sql}${past} ORDER BY ${orderBy} LIMIT @limit`,
    params,
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
  const rows = await db.all<RawRow>(`SELECT ${COLUMNS} FROM ${TERMINAL_FROM_M} WHERE ${idIn(db, "t.id")}`, { ...policyParams, ids: idList(db, ids) });
  const byId = new Map(rows.map((r) => [r.id, r]));
  // A terminal deleted since its id was read is left out.
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [toRow(r)] : [];
  });
}

/** The sort values of the edge row (one per ORDER BY expression) and its id. */
interface Cursor {
  v: (string | number)[];
  id: number;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([...c.v, c.id])).toString("base64url");
}

export function decodeCursor(raw: string, param: string): Cursor {
  try {
    const parts = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(parts) && parts.length >= 2 && parts.length <= 3) {
      const id = parts.at(-1) as unknown;
      const v = parts.slice(0, -1) as unknown[];
      if (typeof id === "number" && Number.isSafeInteger(id) && v.every((x) => typeof x === "string" || typeof x === "number")) return { v: v as (string | number)[], id };
    }
  } catch {
    // fall through to the one error below: any malformed cursor is the caller's mistake
  }
  throw badRequest(`${param} is not a cursor returned by this API; start again without it`, { parameter: param });
}

export interface TerminalPage {
  rows: TerminalRow[];
  /** Terminals matching the filters (all pages); at least this many when totalExact is false. */
  total: number;
  /** false when more than COUNT_CAP match a mix of filters no counter holds (the total shows "10,000+"). */
  totalExact: boolean;
  /** What a search matched: a serial starting with q, or a merchant name containing q (or, under three characters, starting with it). */
  search: { q: string; serial: "prefix"; merchant: NameMatch } | null;
  nextCursor: string | null;
  prevCursor: string | null;
}

/** The exact number of terminals matching the filters, counted row by row (tests hold the counters' totals against it). */
export async function countTerminals(db: Db, scope: Scope, filters: TerminalFilters): Promise<number> {
  ensureSqlFunctions(db);
  const w = terminalWhere(db, scope, filters, await getPolicy(db));
  const row = await db.get<{ n: number }>(`SELECT count(*) AS n FROM ${terminalFrom(filters)} WHERE ${w.sql}`, w.params);
  return Number(row?.n ?? 0);
}

/** The total the table shows for these filters (see totalOf). */
export async function terminalTotal(db: Db, scope: Scope, filters: TerminalFilters): Promise<Total> {
  ensureSqlFunctions(db);
  const ws = await wheres(db, scope, filters, await getPolicy(db), {});
  return totalOf(db, filters, ws.counted, ws.page, {});
}

/**
 * One page of terminals. Keyset pagination: `after`/`before` carry the (sort value, id) of the
 * edge row, so a page costs the same at row 100,000 as at row 1.
 */
export async function listTerminals(db: Db, scope: Scope, p: TerminalListParams, opts: ListOptions = {}): Promise<TerminalPage> {
  ensureSqlFunctions(db);
  const policy = await getPolicy(db);
  const ws = await wheres(db, scope, p, policy, opts, p.sort);
  const w = ws.page;
  const backwards = p.before !== undefined;
  const cursor = p.before !== undefined ? decodeCursor(p.before, "before") : p.after !== undefined ? decodeCursor(p.after, "after") : null;
  // A name sort with a filter walks a bounded stretch of names first and, finding less than a page
  // there, sorts the matches when few enough terminals match (firstPageStatement's SQL, which the
  // plan tests explain), else walks on unbounded; any other page is that one statement.
  type Raw = { id: number } & Record<string, string | number>;
  let o = orderOf(db, p.sort, p.dir);
  let raw: Raw[] | null = null;
  let read = w;
  if (ws.walkFirst) {
    const scan = opts.walkScan ?? WALK_SCAN;
    const st = walkStatement(db, p, w, o, backwards, cursor, scan);
    raw = await db.all<Raw>(st.sql, st.params);
    if (raw.length <= p.size) raw = null;
    o = orderOf(db, p.sort, p.dir, raw === null && (ws.sorted || ws.fallback !== null));
    if (raw === null && ws.fallback) read = ws.fallback;
  }
  if (raw === null) {
    const st = pageStatement(db, p, read, o, backwards, cursor);
    raw = await db.all<Raw>(st.sql, st.params);
  }
  const more = raw.length > p.size;
  const page = raw.slice(0, p.size);
  if (backwards) page.reverse();
  const first = page[0];
  const last = page.at(-1);
  const edge = (r: (typeof raw)[number] | undefined) => (r ? encodeCursor({ v: o.exprs.map((_, i) => r[`k${i}`]!), id: r.id }) : null);
  const rows = await rowsByIds(db, page.map((r) => r.id), w.params);
  // The count's WHERE is the page's without the cursor (terminalWhere does not depend on the sort).
  const total = await totalOf(db, p, ws.counted, w, opts);
  return {
    rows,
    total: total.n,
    totalExact: total.exact,
    search: ws.search ? { q: ws.search.q, serial: "prefix", merchant: ws.search.name } : null,
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
  const w = (await wheres(db, scope, p, await getPolicy(db), {})).page;
  const o = orderOf(db, p.sort, p.dir);
  const ids = (
    await db.all<{ id: number }>(`SELECT t.id AS id FROM ${pageFrom(db, p, w)} WHERE ${w.sql} ORDER BY ${orderSql(o, o.desc).orderBy}`, w.params)
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

/**
 * The values the filter dropdowns offer: only what exists in the caller's scope. Cities, models
 * and firmware come from the fleet counters (a few hundred rows summed over the subtree), not
 * from a scan of the scope's terminals, which at 100,000 terminals cost most of a second a view.
 */
export async function terminalFilterOptions(db: Db, scope: Scope): Promise<FilterOptions> {
  const pattern = `${scope.agentPath}%`;
  const agents = await db.all<FilterOptions["agents"][number]>(
    `SELECT id, name, length(path) - length(replace(path, '/', '')) - 2 AS depth FROM agents WHERE path LIKE ? ORDER BY path`,
    [pattern],
  );
  const cities = new Set<string>();
  const models = new Set<string>();
  const firmware = new Set<string>();
  for (const r of await subtreeCounters(db, scope.agentPath, ["city", "firmware"])) {
    if (Number(r.n) <= 0) continue;
    if (r.dim === "city") cities.add(r.k1);
    else {
      firmware.add(r.k1);
      models.add(r.k2);
    }
  }
  // Sorted by code unit, as SQLite's ORDER BY on text sorts them.
  const sorted = (values: Set<string>) => [...values].filter((v) => v !== "").sort();
  return { agents, cities: sorted(cities), models: sorted(models), firmware: sorted(firmware) };
}
