// Terminal activity: the sales rollups ingest maintains, and the scoped reads behind the activity
// list and the overview counts. Pages read terminal_activity and terminal_txn_daily, never
// heartbeats. Both backends; on PostgreSQL one statement per table per ingest batch.
import type { Scope } from "@/lib/domain/scope";
import { subtreePattern } from "@/lib/domain/scope";
import { DAY_MS, shanghaiDayStart } from "@/lib/domain/time";
import { idIn, idList } from "./dialect";
import type { Db } from "./sql";

/** A stored heartbeat as far as sales go. */
export interface SaleBeat {
  terminalId: number;
  receivedAt: number; // epoch ms
  txnCount: number;
}

interface DayTotal {
  terminalId: number;
  dayStart: number;
  txns: number;
  beats: number;
  last: number;
}

interface TerminalTotal {
  terminalId: number;
  first: number;
  last: number;
}

/** Sums the beats per (terminal, Shanghai day) and per terminal; beats without a sale drop out. */
export function totalsOf(beats: readonly SaleBeat[]): { days: DayTotal[]; terminals: TerminalTotal[] } {
  const days = new Map<string, DayTotal>();
  const terminals = new Map<number, TerminalTotal>();
  for (const b of beats) {
    if (!(b.txnCount > 0)) continue;
    const dayStart = shanghaiDayStart(b.receivedAt);
    const key = `${b.terminalId}:${dayStart}`;
    const d = days.get(key);
    if (d) {
      d.txns += b.txnCount;
      d.beats += 1;
      d.last = Math.max(d.last, b.receivedAt);
    } else days.set(key, { terminalId: b.terminalId, dayStart, txns: b.txnCount, beats: 1, last: b.receivedAt });
    const t = terminals.get(b.terminalId);
    if (t) {
      t.first = Math.min(t.first, b.receivedAt);
      t.last = Math.max(t.last, b.receivedAt);
    } else terminals.set(b.terminalId, { terminalId: b.terminalId, first: b.receivedAt, last: b.receivedAt });
  }
  return { days: [...days.values()], terminals: [...terminals.values()] };
}

const DAY_UPDATE = `DO UPDATE SET txns = terminal_txn_daily.txns + excluded.txns,
        sale_beats = terminal_txn_daily.sale_beats + excluded.sale_beats,
        last_txn_at = CASE WHEN excluded.last_txn_at > terminal_txn_daily.last_txn_at THEN excluded.last_txn_at ELSE terminal_txn_daily.last_txn_at END`;
const ACTIVITY_UPDATE = `DO UPDATE SET
        first_txn_at = CASE WHEN excluded.first_txn_at < terminal_activity.first_txn_at THEN excluded.first_txn_at ELSE terminal_activity.first_txn_at END,
        last_txn_at = CASE WHEN excluded.last_txn_at > terminal_activity.last_txn_at THEN excluded.last_txn_at ELSE terminal_activity.last_txn_at END`;

// SQLite: the batch as one JSON parameter. The WHERE keeps SQLite's upsert-after-SELECT parse unambiguous.
const ADD_DAYS_SQLITE = `INSERT INTO terminal_txn_daily (terminal_id, day_start, agent_id, txns, sale_beats, last_txn_at)
     SELECT t.id, j.value ->> '$[1]', t.agent_id, j.value ->> '$[2]', j.value ->> '$[3]', j.value ->> '$[4]'
       FROM json_each(?) j JOIN terminals t ON t.id = j.value ->> '$[0]' WHERE true
     ON CONFLICT (terminal_id, day_start) ${DAY_UPDATE}`;
const ADD_TERMINALS_SQLITE = `INSERT INTO terminal_activity (terminal_id, first_txn_at, last_txn_at)
     SELECT j.value ->> '$[0]', j.value ->> '$[1]', j.value ->> '$[2]' FROM json_each(?) j WHERE true
     ON CONFLICT (terminal_id) ${ACTIVITY_UPDATE}`;

const ADD_DAYS_PG = `INSERT INTO terminal_txn_daily (terminal_id, day_start, agent_id, txns, sale_beats, last_txn_at)
     SELECT u.tid, u.day, t.agent_id, u.txns, u.beats, u.last
       FROM unnest(?::int[], ?::bigint[], ?::int[], ?::int[], ?::bigint[]) AS u(tid, day, txns, beats, last)
       JOIN terminals t ON t.id = u.tid
     ON CONFLICT (terminal_id, day_start) ${DAY_UPDATE}`;
const ADD_TERMINALS_PG = `INSERT INTO terminal_activity (terminal_id, first_txn_at, last_txn_at)
     SELECT * FROM unnest(?::int[], ?::bigint[], ?::bigint[])
     ON CONFLICT (terminal_id) ${ACTIVITY_UPDATE}`;

/**
 * Adds freshly stored heartbeats to the sales rollups: two statements for the whole batch,
 * whatever its size, and none when no beat reported a sale. Call it inside the transaction that
 * stored the beats, with only the beats that were stored (not duplicates), so a retry never
 * counts twice.
 */
export async function recordSales(db: Db, beats: readonly SaleBeat[]): Promise<void> {
  const { days, terminals } = totalsOf(beats);
  if (days.length === 0) return;
  if (db.dialect === "pg") {
    await db.run(ADD_DAYS_PG, [days.map((d) => d.terminalId), days.map((d) => d.dayStart), days.map((d) => d.txns), days.map((d) => d.beats), days.map((d) => d.last)]);
    await db.run(ADD_TERMINALS_PG, [terminals.map((t) => t.terminalId), terminals.map((t) => t.first), terminals.map((t) => t.last)]);
    return;
  }
  await db.run(ADD_DAYS_SQLITE, [JSON.stringify(days.map((d) => [d.terminalId, d.dayStart, d.txns, d.beats, d.last]))]);
  await db.run(ADD_TERMINALS_SQLITE, [JSON.stringify(terminals.map((t) => [t.terminalId, t.first, t.last]))]);
}

/**
 * recordSales for a PostgreSQL batch insert: `rows` as sent, `stored` as the insert returned them
 * (a row the database already had is not returned and so not counted again).
 */
export async function recordStoredSales(
  db: Db,
  rows: readonly (SaleBeat & { seq: number; deviceTs: number })[],
  stored: readonly { terminalId: number; seq: number; deviceTs: number }[],
): Promise<void> {
  const keys = new Set(stored.map((s) => `${s.terminalId}:${s.seq}:${Number(s.deviceTs)}`));
  await recordSales(db, rows.filter((r) => r.txnCount > 0 && keys.has(`${r.terminalId}:${r.seq}:${r.deviceTs}`)));
}

// ---------------------------------------------------------------- reads

/** Sales of one terminal: last sale, and sums over the last 7, 30 and 90 Shanghai days (today included). */
export interface SalesSummary {
  terminalId: number;
  firstTxnAt: number | null;
  lastTxnAt: number | null;
  txns7: number;
  txns30: number;
  txns90: number;
}

/** The first day of the last `days` Shanghai days ending with the day of `now`. */
export function windowStart(now: number, days: number): number {
  return shanghaiDayStart(now) - (days - 1) * DAY_MS;
}

const SUMMARY_COLUMNS = `t.id AS "terminalId", ta.first_txn_at AS "firstTxnAt", ta.last_txn_at AS "lastTxnAt",
       coalesce((SELECT sum(CASE WHEN d.day_start >= @d7 THEN d.txns ELSE 0 END) FROM terminal_txn_daily d WHERE d.terminal_id = t.id AND d.day_start >= @d90), 0) AS txns7,
       coalesce((SELECT sum(CASE WHEN d.day_start >= @d30 THEN d.txns ELSE 0 END) FROM terminal_txn_daily d WHERE d.terminal_id = t.id AND d.day_start >= @d90), 0) AS txns30,
       coalesce((SELECT sum(d.txns) FROM terminal_txn_daily d WHERE d.terminal_id = t.id AND d.day_start >= @d90), 0) AS txns90`;

/**
 * The sales summaries of the given terminals that lie in the scope (others are left out), read
 * from the rollups: at most 90 day rows per terminal.
 */
export async function salesSummaries(db: Db, scope: Scope, terminalIds: number[], now: number): Promise<Map<number, SalesSummary>> {
  const out = new Map<number, SalesSummary>();
  if (terminalIds.length === 0) return out;
  const params = {
    pattern: subtreePattern(scope),
    d7: windowStart(now, 7),
    d30: windowStart(now, 30),
    d90: windowStart(now, 90),
    ids: idList(db, terminalIds),
  };
  const idTest = idIn(db, "t.id");
  const rows = await db.all<SalesSummary>(
    `SELECT ${SUMMARY_COLUMNS}
       FROM terminals t JOIN agents a ON a.id = t.agent_id LEFT JOIN terminal_activity ta ON ta.terminal_id = t.id
      WHERE ${idTest} AND a.path LIKE @pattern`,
    params,
  );
  for (const r of rows) {
    out.set(Number(r.terminalId), {
      terminalId: Number(r.terminalId),
      firstTxnAt: r.firstTxnAt === null ? null : Number(r.firstTxnAt),
      lastTxnAt: r.lastTxnAt === null ? null : Number(r.lastTxnAt),
      txns7: Number(r.txns7),
      txns30: Number(r.txns30),
      txns90: Number(r.txns90),
    });
  }
  return out;
}

/** The thresholds the reads below split on, in days (from the policy). */
export interface ActivityThresholds {
  quietDays: number;
  dormantDays: number;
  neverTradedDays: number;
}

/**
 * SQL for a terminal's activity state from its clock row (terminal_clock: where the clock starts
 * and whether it ever sold); must agree with lib/rules/activity.ts (a test checks).
 */
const STATE_EXPR = `CASE
    WHEN c.sold = 0 THEN CASE WHEN c.since <= @neverBefore THEN 'never_traded' ELSE 'new' END
    WHEN c.since <= @dormantBefore THEN 'dormant'
    WHEN c.since <= @quietBefore THEN 'quiet'
    ELSE 'active' END`;

function stateParams(th: ActivityThresholds, now: number) {
  return { quietBefore: now - th.quietDays * DAY_MS, dormantBefore: now - th.dormantDays * DAY_MS, neverBefore: now - th.neverTradedDays * DAY_MS };
}

export interface ActivityCounts {
  active: number;
  quiet: number;
  dormant: number;
  new: number;
  never_traded: number;
}

// The idle states only, each a range of the covering index (agent_id, sold, since) of the scope's
// agents: sold and quiet for longer than quietDays, or never sold. Active terminals, usually most of
// the fleet, are the registered ones (fleet counters) minus those, so a count reads the idle
// terminals' index entries and nothing of the active ones: no terminal, merchant or rollup row.
const countSql = (agentTest: string) => `SELECT 'registered' AS k, coalesce(sum(fc.n), 0) AS n
    FROM agents a JOIN fleet_counters fc ON fc.agent_id = a.id AND fc.dim = 'registered' AND fc.k1 = '' AND fc.k2 = '' AND fc.k3 = '' WHERE ${agentTest}
  UNION ALL
  SELECT CASE WHEN c.since <= @dormantBefore THEN 'dormant' ELSE 'quiet' END, count(*)
    FROM agents a JOIN terminal_clock c ON c.agent_id = a.id AND c.sold = 1 AND c.since <= @quietBefore WHERE ${agentTest} GROUP BY 1
  UNION ALL
  SELECT CASE WHEN c.since <= @neverBefore THEN 'never_traded' ELSE 'new' END, count(*)
    FROM agents a JOIN terminal_clock c ON c.agent_id = a.id AND c.sold = 0 WHERE ${agentTest} GROUP BY 1`;

async function countClocks(db: Db, agentTest: string, params: Record<string, unknown>): Promise<ActivityCounts> {
  const n: Record<string, number> = {};
  for (const r of await db.all<{ k: string; n: number }>(countSql(agentTest), params)) n[r.k] = (n[r.k] ?? 0) + Number(r.n);
  const [quiet, dormant, fresh, never] = [n.quiet ?? 0, n.dormant ?? 0, n.new ?? 0, n.never_traded ?? 0];
  return { active: Math.max(0, (n.registered ?? 0) - quiet - dormant - fresh - never), quiet, dormant, new: fresh, never_traded: never };
}

/** How many terminals of the scope are in each activity state at `now`. */
export async function activityCounts(db: Db, scope: Scope, th: ActivityThresholds, now: number): Promise<ActivityCounts> {
  return countClocks(db, `a.path LIKE @pattern`, { pattern: subtreePattern(scope), ...stateParams(th, now) });
}

export const IDLE_STATES = ["quiet", "dormant", "never_traded"] as const;
export type IdleState = (typeof IDLE_STATES)[number];

export interface IdleFilters {
  state?: IdleState;
  agent?: number; // agent id; its subtree
  city?: string;
  q?: string; // serial prefix or part of the merchant name
}

export interface IdleRow {
  id: number;
  sn: string;
  merchantId: number;
  merchant: string;
  contactName: string;
  phone: string;
  city: string;
  agentId: number;
  agentName: string;
  activatedAt: number | null;
  createdAt: number;
  lastTxnAt: number | null;
  state: IdleState;
  status: string | null; // online/offline, null before the first heartbeat
  category: string | null; // health category beside the activity state
}

export interface IdlePage {
  rows: IdleRow[];
  total: number;
}

type Statement = { sql: string; params: Record<string, unknown> };

/**
 * The statements behind one page of listIdle: the page itself, and the total's count (null when
 * the clock counts give the total). Exported so the plan tests explain exactly what runs.
 */
export function idleStatements(db: Db, scope: Scope, f: IdleFilters, th: ActivityThresholds, now: number, page: { limit: number; offset: number }): { page: Statement; count: Statement | null; agentTest: string } {
  const sp = stateParams(th, now);
  const params: Record<string, unknown> = {
    pattern: subtreePattern(scope),
    ...sp,
    // No idle clock starts later than this, so the index range ends here.
    idleBound: Math.max(sp.quietBefore, sp.neverBefore),
    limit: page.limit,
    offset: page.offset,
  };
  const STATE_WHERE: Record<IdleState | "any", string> = {
    any: `c.since <= @idleBound AND ((c.sold = 1 AND c.since <= @quietBefore) OR (c.sold = 0 AND c.since <= @neverBefore))`,
    quiet: `c.since <= @quietBefore AND c.since > @dormantBefore AND c.sold = 1`,
    dormant: `c.since <= @dormantBefore AND c.sold = 1`,
    never_traded: `c.since <= @neverBefore AND c.sold = 0`,
  };
  const agentWhere = [`a.path LIKE @pattern`];
  if (f.agent !== undefined) {
    agentWhere.push(`a.path LIKE (SELECT path FROM agents WHERE id = @agent) || '%'`);
    params.agent = f.agent;
  }
  const where = [...agentWhere, STATE_WHERE[f.state ?? "any"]];
  if (f.city) {
    where.push(`m.city = @city`);
    params.city = f.city;
  }
  if (f.q) {
    const like = db.dialect === "pg" ? "ILIKE" : "LIKE";
    where.push(`(upper(t.sn) LIKE upper(@qPrefix) OR m.name ${like} @qAny)`);
    params.qPrefix = `${escapeLike(f.q)}%`;
    params.qAny = `%${escapeLike(f.q)}%`;
  }
  const from = `terminal_clock c JOIN terminals t ON t.id = c.terminal_id JOIN agents a ON a.id = t.agent_id JOIN merchants m ON m.id = t.merchant_id`;
  const w = where.join(" AND ");
  return {
    page: {
      sql: `SELECT t.id AS id, t.sn AS sn, m.id AS "merchantId", m.name AS merchant, m.contact_name AS "contactName", m.phone AS phone,
            m.city AS city, a.id AS "agentId", a.name AS "agentName", t.activated_at AS "activatedAt", t.created_at AS "createdAt",
            CASE WHEN c.sold = 1 THEN c.since END AS "lastTxnAt", ${STATE_EXPR} AS state, s.status AS status, s.category AS category
       FROM ${from} LEFT JOIN terminal_state s ON s.terminal_id = t.id WHERE ${w}
      ORDER BY c.since, c.terminal_id LIMIT @limit OFFSET @offset`,
      params,
    },
    count: f.city || f.q ? { sql: `SELECT count(*) AS n FROM ${from} WHERE ${w}`, params } : null,
    agentTest: agentWhere.join(" AND "),
  };
}

/** The clock counts statement of activityCounts, for the plan tests. */
export function countsStatement(scope: Scope, th: ActivityThresholds, now: number): Statement {
  return { sql: countSql(`a.path LIKE @pattern`), params: { pattern: subtreePattern(scope), ...stateParams(th, now) } };
}

/**
 * Quiet, dormant and never-traded terminals of the scope, most urgent first: the oldest clock
 * start (last sale, else activation, else registration) is the nearest switch-off. The page walks
 * terminal_clock's (since, terminal_id) index from its oldest end and stops after `limit` rows;
 * the total comes from the clock counts unless a city or name filter needs the terminals joined.
 */
export async function listIdle(db: Db, scope: Scope, f: IdleFilters, th: ActivityThresholds, now: number, page: { limit: number; offset: number }): Promise<IdlePage> {
  const st = idleStatements(db, scope, f, th, now, page);
  const rows = await db.all<IdleRow>(st.page.sql, st.page.params);
  let total: number;
  if (st.count) total = Number((await db.get<{ n: number }>(st.count.sql, st.count.params))?.n ?? 0);
  else {
    const counts = await countClocks(db, st.agentTest, st.page.params);
    total = f.state ? counts[f.state] : counts.quiet + counts.dormant + counts.never_traded;
  }
  return {
    rows: rows.map((r) => ({
      ...r,
      activatedAt: r.activatedAt === null ? null : Number(r.activatedAt),
      createdAt: Number(r.createdAt),
      lastTxnAt: r.lastTxnAt === null ? null : Number(r.lastTxnAt),
    })),
    total,
  };
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, "");
}

// ---------------------------------------------------------------- actions on idle terminals

export type ActivityActionKind = "call" | "recover" | "transfer";

export async function insertActivityAction(db: Db, a: { terminalId: number; kind: ActivityActionKind; note: string; userId: number | null; at: number }): Promise<number> {
  const row = await db.get<{ id: number }>(
    `INSERT INTO activity_actions (terminal_id, kind, note, user_id, at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
    [a.terminalId, a.kind, a.note, a.userId, a.at],
  );
  return Number(row!.id);
}

export interface LatestActions {
  lastCallAt: number | null;
  lastCallNote: string;
  recoverMarkedAt: number | null;
}

/** The latest call and recovery mark of each terminal (of the ids given, within the scope). */
export async function latestActions(db: Db, scope: Scope, terminalIds: number[]): Promise<Map<number, LatestActions>> {
  const out = new Map<number, LatestActions>();
  if (terminalIds.length === 0) return out;
  const idTest = idIn(db, "x.terminal_id");
  const rows = await db.all<{ terminalId: number; kind: ActivityActionKind; note: string; at: number }>(
    `SELECT x.terminal_id AS "terminalId", x.kind AS kind, x.note AS note, x.at AS at
       FROM activity_actions x JOIN terminals t ON t.id = x.terminal_id JOIN agents a ON a.id = t.agent_id
      WHERE ${idTest} AND a.path LIKE @pattern AND x.kind IN ('call', 'recover')
        AND x.id = (SELECT max(y.id) FROM activity_actions y WHERE y.terminal_id = x.terminal_id AND y.kind = x.kind)`,
    { ids: idList(db, terminalIds), pattern: subtreePattern(scope) },
  );
  for (const r of rows) {
    const id = Number(r.terminalId);
    const cur = out.get(id) ?? { lastCallAt: null, lastCallNote: "", recoverMarkedAt: null };
    if (r.kind === "call") {
      cur.lastCallAt = Number(r.at);
      cur.lastCallNote = r.note;
    } else cur.recoverMarkedAt = Number(r.at);
    out.set(id, cur);
  }
  return out;
}

/** What a terminal's registered place is built from: its merchant's city and the imported coordinates, if any. */
export interface PlaceSource {
  terminalId: number;
  city: string;
  lat: number | null;
  lon: number | null;
}

/**
 * The registered-place inputs of the given terminals, for ingest and the sweep, which have
 * already authorised those terminals (the same footing as their window reads). One statement.
 */
export async function placeSources(db: Db, terminalIds: number[]): Promise<Map<number, PlaceSource>> {
  const out = new Map<number, PlaceSource>();
  if (terminalIds.length === 0) return out;
  const idTest = idIn(db, "t.id");
  const rows = await db.all<PlaceSource>(
    `SELECT t.id AS "terminalId", CASE WHEN p.city IS NULL OR p.city = '' THEN m.city ELSE p.city END AS city, p.lat AS lat, p.lon AS lon
       FROM terminals t JOIN merchants m ON m.id = t.merchant_id LEFT JOIN terminal_place p ON p.terminal_id = t.id
      WHERE ${idTest}`,
    { ids: idList(db, terminalIds) },
  );
  for (const r of rows) {
    const id = Number(r.terminalId);
    out.set(id, { terminalId: id, city: r.city, lat: r.lat === null ? null : Number(r.lat), lon: r.lon === null ? null : Number(r.lon) });
  }
  return out;
}

/** Terminals of the scope that have reported at all, split by whether their latest known position exists. */
export async function positionCounts(db: Db, scope: Scope): Promise<{ withPosition: number; noPosition: number }> {
  const r = await db.get<{ withPosition: number | null; noPosition: number | null }>(
    `SELECT SUM(CASE WHEN s.lat IS NOT NULL AND s.lon IS NOT NULL THEN 1 ELSE 0 END) AS "withPosition",
            SUM(CASE WHEN s.lat IS NULL OR s.lon IS NULL THEN 1 ELSE 0 END) AS "noPosition"
       FROM terminal_state s JOIN terminals t ON t.id = s.terminal_id JOIN agents a ON a.id = t.agent_id
      WHERE a.path LIKE @pattern`,
    { pattern: subtreePattern(scope) },
  );
  return { withPosition: Number(r?.withPosition ?? 0), noPosition: Number(r?.noPosition ?? 0) };
}

/**
 * Activity that happened before any stored heartbeat (the simulator's seed): an activation time,
 * or a last sale, per serial, written into terminals and the same sales rollups ingest keeps.
 * Serials that are not registered are skipped.
 */
export async function seedSalesHistory(db: Db, rows: readonly { sn: string; activatedAt?: number; lastSaleAt?: number; txns?: number }[]): Promise<void> {
  const sales: SaleBeat[] = [];
  for (const r of rows) {
    const t = await db.get<{ id: number }>(`SELECT id FROM terminals WHERE sn = ?`, [r.sn]);
    if (!t) continue;
    if (r.activatedAt !== undefined) await db.run(`UPDATE terminals SET activated_at = ? WHERE id = ?`, [r.activatedAt, t.id]);
    if (r.lastSaleAt !== undefined) sales.push({ terminalId: Number(t.id), receivedAt: r.lastSaleAt, txnCount: Math.max(1, r.txns ?? 1) });
  }
  await recordSales(db, sales);
}

/** A merchant the caller may move terminals to: in the scope's subtree. */
export interface ScopedMerchant {
  id: number;
  name: string;
  city: string;
  agentId: number;
  agentCode: string;
}

/** Merchants of the scope matching a number (its id) or an exact name; several when a name repeats. */
export async function merchantsInScope(db: Db, scope: Scope, ref: { id: number } | { name: string }): Promise<ScopedMerchant[]> {
  const test = "id" in ref ? "m.id = @id" : "m.name = @name";
  const rows = await db.all<ScopedMerchant>(
    `SELECT m.id AS id, m.name AS name, m.city AS city, a.id AS "agentId", a.code AS "agentCode"
       FROM merchants m JOIN agents a ON a.id = m.agent_id WHERE ${test} AND a.path LIKE @pattern ORDER BY m.id LIMIT 20`,
    { ...("id" in ref ? { id: ref.id } : { name: ref.name }), pattern: subtreePattern(scope) },
  );
  return rows.map((r) => ({ ...r, id: Number(r.id), agentId: Number(r.agentId) }));
}

/** The terminal's current merchant (for the caller, who has already checked the terminal's scope). */
export async function merchantOfTerminal(db: Db, terminalId: number): Promise<{ id: number; name: string } | undefined> {
  const r = await db.get<{ id: number; name: string }>(`SELECT m.id AS id, m.name AS name FROM terminals t JOIN merchants m ON m.id = t.merchant_id WHERE t.id = ?`, [terminalId]);
  return r ? { id: Number(r.id), name: r.name } : undefined;
}

/**
 * Puts a terminal under another merchant. Coordinates imported for the old shop no longer say
 * where it is registered, so they go; the new merchant's city stands in until an import gives more.
 */
export async function moveToMerchant(db: Db, terminalId: number, merchantId: number): Promise<void> {
  await db.run(`UPDATE terminals SET merchant_id = ? WHERE id = ?`, [merchantId, terminalId]);
  await db.run(`DELETE FROM terminal_place WHERE terminal_id = ?`, [terminalId]);
}

/**
 * Deletes day rows of terminal_txn_daily older than `cutoff` (a Shanghai day start), `batchRows`
 * per transaction and at most `maxBatches` transactions; returns the rows deleted. Walks the
 * (agent_id, day_start) index agent by agent, so a sweep with nothing to delete reads nothing.
 */
export async function pruneSalesDays(db: Db, cutoff: number, batchRows: number, maxBatches: number): Promise<number> {
  const sql =
    db.dialect === "pg"
      ? `DELETE FROM terminal_txn_daily WHERE ctid IN (SELECT ctid FROM terminal_txn_daily WHERE agent_id IN (SELECT id FROM agents) AND day_start < ? LIMIT ?)`
      : `DELETE FROM terminal_txn_daily WHERE rowid IN (SELECT rowid FROM terminal_txn_daily WHERE agent_id IN (SELECT id FROM agents) AND day_start < ? LIMIT ?)`;
  let total = 0;
  for (let i = 0; i < maxBatches; i++) {
    const n = await db.transaction(async (tx) => (await tx.run(sql, [cutoff, batchRows])).changes);
    total += n;
    if (n < batchRows) break;
  }
  return total;
}

/** Records (or replaces) a terminal's registered coordinates and their city, as an import gives them. */
export async function setTerminalPlace(db: Db, p: { terminalId: number; city: string; lat: number; lon: number }, now: number): Promise<void> {
  await db.run(
    `INSERT INTO terminal_place (terminal_id, city, lat, lon, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (terminal_id) DO UPDATE SET city = excluded.city, lat = excluded.lat, lon = excluded.lon, updated_at = excluded.updated_at`,
    [p.terminalId, p.city, p.lat, p.lon, now],
  );
}
