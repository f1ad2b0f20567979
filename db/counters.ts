// fleet_counters (db/schema-counters.ts): reading them summed over a subtree, and the bounded
// reconciliation that recounts a slice of agents from terminal_state and fixes any drift (and
// any in terminal_codes, the per-terminal rows behind the code filter).
// The counters themselves are kept by triggers (migration 0007 on SQLite, 0005 on PostgreSQL),
// inside the transaction of every write to terminal_state, terminals and merchants.city.
import type { Db } from "@/db/sql";
import { readSettingValue, writeSetting } from "@/db/settings";
import { BATTERY_BUCKETS, CHARGING_BUCKET, SIGNAL_BUCKETS } from "@/db/queries/buckets";

export const COUNTER_DIMS = ["state", "firmware", "battery", "signal", "city", "registered", "code"] as const;
export type CounterDim = (typeof COUNTER_DIMS)[number];

export interface CounterRow {
  dim: CounterDim;
  k1: string;
  k2: string;
  k3: string;
  n: number;
  problems: number;
  offline: number;
}

export interface AgentCounterRow extends CounterRow {
  agentId: number;
}

/**
 * Battery bucket of a terminal, as SQL: 'charging' while on the charger (its level says nothing
 * about the battery then), else the same bounds as db/queries/buckets.ts ('' outside them).
 */
export function batteryBucketSql(pct: string, charging: string): string {
  return `CASE WHEN ${charging} <> 0 THEN '${CHARGING_BUCKET}' ${BATTERY_BUCKETS.map((b) => `WHEN ${pct} BETWEEN ${b.min} AND ${b.max} THEN '${b.key}'`).join(" ")} ELSE '' END`;
}

export function signalBucketSql(col: string): string {
  return `CASE ${SIGNAL_BUCKETS.map((b) => (b.min === null ? `WHEN ${col} IS NULL THEN '${b.key}'` : `WHEN ${col} BETWEEN ${b.min} AND ${b.max} THEN '${b.key}'`)).join(" ")} ELSE '' END`;
}

/** Narrows counters to one agent of the scope: its subtree, or (subtree false) the agent alone. */
export interface CounterAgent {
  agentId: number;
  subtree: boolean;
}

/**
 * The counters of the scope's subtree, summed per (dim, k1, k2, k3); rows that sum to nothing are
 * left out. `within` narrows them to an agent inside the scope (none when it lies outside).
 */
export async function subtreeCounters(db: Db, agentPath: string, dims?: readonly CounterDim[], within?: CounterAgent): Promise<CounterRow[]> {
  const dimFilter = dims ? `AND c.dim IN (${dims.map((d) => `'${d}'`).join(", ")})` : "";
  const agentFilter = !within ? "" : within.subtree ? "AND a.path LIKE (SELECT path FROM agents WHERE id = @agent) || '%'" : "AND c.agent_id = @agent";
  return db.all<CounterRow>(
    `SELECT c.dim AS dim, c.k1 AS k1, c.k2 AS k2, c.k3 AS k3, sum(c.n) AS n, sum(c.problems) AS problems, sum(c.offline) AS offline
       FROM fleet_counters c JOIN agents a ON a.id = c.agent_id
      WHERE a.path LIKE @scope ${dimFilter} ${agentFilter}
      GROUP BY c.dim, c.k1, c.k2, c.k3
     HAVING sum(c.n) <> 0 OR sum(c.problems) <> 0 OR sum(c.offline) <> 0`,
    within ? { scope: `${agentPath}%`, agent: within.agentId } : { scope: `${agentPath}%` },
  );
}

/** Terminals with a state by status and category over the whole fleet (the metrics' gauges), from the counters. */
export async function fleetStateTotals(db: Db): Promise<{ status: string; category: string; n: number }[]> {
  const rows = await db.all<{ status: string; category: string; n: number }>(
    `SELECT k1 AS status, k2 AS category, sum(n) AS n FROM fleet_counters WHERE dim = 'state' GROUP BY k1, k2 HAVING sum(n) <> 0 ORDER BY 1, 2`,
  );
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** The counters per agent of the subtree (not summed), for breakdowns by sub-agent. */
export async function agentCounters(db: Db, agentPath: string, dim: CounterDim): Promise<(AgentCounterRow & { path: string })[]> {
  return db.all<AgentCounterRow & { path: string }>(
    `SELECT c.agent_id AS "agentId", a.path AS path, c.dim AS dim, c.k1 AS k1, c.k2 AS k2, c.k3 AS k3, c.n AS n, c.problems AS problems, c.offline AS offline
       FROM fleet_counters c JOIN agents a ON a.id = c.agent_id
      WHERE a.path LIKE @scope AND c.dim = @dim AND (c.n <> 0 OR c.problems <> 0 OR c.offline <> 0)`,
    { scope: `${agentPath}%`, dim },
  );
}

/**
 * (agent, terminal, code) for every code the current findings of agents lo..hi cite: the keys of
 * each finding's evidence.codes object (findings are JSON text), each terminal once per code.
 */
function citedCodesSql(dialect: Db["dialect"]): string {
  return dialect === "pg"
    ? `SELECT DISTINCT t.agent_id AS agent_id, t.id AS id, c.key AS code
         FROM terminal_findings tf JOIN terminals t ON t.id = tf.terminal_id, jsonb_array_elements(CAST(tf.findings AS jsonb)) fi,
              jsonb_each(CASE WHEN jsonb_typeof(fi -> 'evidence' -> 'codes') = 'object' THEN fi -> 'evidence' -> 'codes' END) c
        WHERE t.agent_id BETWEEN @lo AND @hi`
    : `SELECT DISTINCT t.agent_id AS agent_id, t.id AS id, c.key AS code
         FROM terminal_findings tf JOIN terminals t ON t.id = tf.terminal_id, json_each(tf.findings) fi, json_each(fi.value, '$.evidence.codes') c
        WHERE t.agent_id BETWEEN @lo AND @hi AND json_type(fi.value, '$.evidence.codes') = 'object'`;
}

// What the counters of agents lo..hi should be, from terminal_state, terminals and terminal_findings.
function recountSql(dialect: Db["dialect"]): string {
  return `SELECT x.agent_id AS agent_id, d.dim AS dim,
         CASE d.dim WHEN 'state' THEN x.status WHEN 'firmware' THEN x.firmware WHEN 'battery' THEN ${batteryBucketSql("x.battery_pct", "x.charging")}
                    WHEN 'signal' THEN ${signalBucketSql("x.signal_dbm")} ELSE x.city END AS k1,
         CASE d.dim WHEN 'state' THEN x.category WHEN 'firmware' THEN x.model ELSE '' END AS k2,
         CASE d.dim WHEN 'state' THEN x.severity ELSE '' END AS k3,
         count(*) AS n, sum(CASE WHEN x.category <> 'healthy' THEN 1 ELSE 0 END) AS problems,
         sum(CASE WHEN x.status = 'offline' THEN 1 ELSE 0 END) AS offline
    FROM (SELECT t.agent_id, t.model, m.city, s.status, s.category, s.severity, s.firmware, s.battery_pct, s.charging, s.signal_dbm
            FROM terminal_state s JOIN terminals t ON t.id = s.terminal_id JOIN merchants m ON m.id = t.merchant_id
           WHERE t.agent_id BETWEEN @lo AND @hi) x
    CROSS JOIN (SELECT 'state' AS dim UNION ALL SELECT 'firmware' UNION ALL SELECT 'battery' UNION ALL SELECT 'signal' UNION ALL SELECT 'city') d
   GROUP BY x.agent_id, d.dim, 3, 4, 5
  UNION ALL
  SELECT agent_id, 'registered', '', '', '', count(*), 0, 0 FROM terminals WHERE agent_id BETWEEN @lo AND @hi GROUP BY agent_id
  UNION ALL
  SELECT agent_id, 'code', code, '', '', count(*), 0, 0 FROM (${citedCodesSql(dialect)}) cc GROUP BY agent_id, code`;
}

// Recount minus stored, in one statement (one snapshot on both backends), only where they differ.
function driftSql(dialect: Db["dialect"]): string {
  return `SELECT agent_id AS "agentId", dim, k1, k2, k3, sum(n) AS n, sum(problems) AS problems, sum(offline) AS offline
    FROM (${recountSql(dialect)}
          UNION ALL
          SELECT agent_id, dim, k1, k2, k3, -n, -problems, -offline FROM fleet_counters WHERE agent_id BETWEEN @lo AND @hi) d
   GROUP BY agent_id, dim, k1, k2, k3
  HAVING sum(n) <> 0 OR sum(problems) <> 0 OR sum(offline) <> 0
   ORDER BY 1, 2, 3, 4, 5`;
}

const ADD = `INSERT INTO fleet_counters (agent_id, dim, k1, k2, k3, n, problems, offline) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (agent_id, dim, k1, k2, k3) DO UPDATE SET n = fleet_counters.n + excluded.n,
     problems = fleet_counters.problems + excluded.problems, offline = fleet_counters.offline + excluded.offline`;
const DROP_EMPTY = `DELETE FROM fleet_counters WHERE agent_id BETWEEN ? AND ? AND n = 0 AND problems = 0 AND offline = 0`;
const CURSOR_KEY = "fleet_counters_reconciled_to";
const NEXT_AGENTS = `SELECT agent_id AS id, n FROM fleet_counters WHERE dim = 'registered' AND agent_id > ? ORDER BY agent_id LIMIT ?`;

/** Counter rows of agents lo..hi that differ from a recount (recount minus stored). */
export function counterDrift(db: Db, lo: number, hi: number): Promise<AgentCounterRow[]> {
  return db.all<AgentCounterRow>(driftSql(db.dialect), { lo, hi });
}

export interface ReconcileResult {
  /** Agent ids checked: from..to inclusive. */
  from: number;
  to: number;
  /** Where the next call starts (0: the pass is complete and the next starts over). */
  next: number;
  /** Rows that differed, as recount minus stored; each has been added to its counter. */
  drift: AgentCounterRow[];
  /** terminal_codes rows of these agents' terminals that were missing (added) or stale (removed). */
  codes: { added: number; removed: number };
}

/**
 * terminal_codes made equal to the codes the findings of agents lo..hi cite: missing rows added,
 * stale ones removed. Run inside the step's transaction, so no write lands between the read and
 * the fix.
 */
async function fixTerminalCodes(tx: Db, lo: number, hi: number): Promise<{ added: number; removed: number }> {
  const cited = citedCodesSql(tx.dialect);
  const added = await tx.run(`INSERT INTO terminal_codes (code, terminal_id) SELECT code, id FROM (${cited}) x WHERE true ON CONFLICT DO NOTHING`, { lo, hi });
  const removed = await tx.run(
    `DELETE FROM terminal_codes WHERE terminal_id IN (SELECT id FROM terminals WHERE agent_id BETWEEN @lo AND @hi)
        AND (code, terminal_id) NOT IN (SELECT code, id FROM (${cited}) x)`,
    { lo, hi },
  );
  return { added: added.changes, removed: removed.changes };
}

/**
 * One bounded step of the reconciliation: the agents after the stored cursor, as many as hold up
 * to `terminals` registered terminals (reconcileBudget; at least one agent), are recounted from terminal_state;
 * each difference is added to its counter (a delta, so writes that commit meanwhile, whose own
 * trigger deltas are already right, are not undone), empty rows are dropped, and the cursor moves
 * on. The last step of a pass covers every id up to the largest, so a pass checks every row.
 * The same step puts right the agents' rows of terminal_codes (fixTerminalCodes).
 */
/**
 * Registered terminals one reconciliation step recounts. On SQLite the recount is one synchronous
 * statement in the server's event loop (about 18 ms per 1,000 terminals on the 2-core machine), so
 * steps are small there; PostgreSQL recounts on its own process while the server goes on.
 */
export function reconcileBudget(dialect: Db["dialect"]): number {
  return dialect === "pg" ? 5000 : 1000;
}

export async function reconcileCountersStep(db: Db, now: number, opts: { terminals?: number } = {}): Promise<ReconcileResult> {
  const budget = opts.terminals ?? reconcileBudget(db.dialect);
  const after = Number(await readSettingValue(db, CURSOR_KEY)) || 0;
  const candidates = await db.all<{ id: number; n: number }>(NEXT_AGENTS, [after, 200]);
  let to = after;
  let held = 0;
  for (const c of candidates) {
    if (to > after && held + c.n > budget) break;
    to = c.id;
    held += c.n;
  }
  const exhausted = candidates.length === 0 || (to === candidates[candidates.length - 1]!.id && candidates.length < 200);
  const hi = exhausted ? 2_147_483_647 : to;
  const from = after + 1;
  const drift = await counterDrift(db, from, hi);
  let codes = { added: 0, removed: 0 };
  await db.transaction(async (tx) => {
    codes = await fixTerminalCodes(tx, from, hi);
    for (const d of drift) await tx.run(ADD, [d.agentId, d.dim, d.k1, d.k2, d.k3, d.n, d.problems, d.offline]);
    await tx.run(DROP_EMPTY, [from, hi]);
    const next = exhausted ? 0 : to;
    await writeSetting(tx, CURSOR_KEY, next, now);
  });
  return { from, to: hi, next: exhausted ? 0 : to, drift, codes };
}

/** A whole pass (steps until the cursor wraps); for tests, copies and operators, not the sweep. */
export async function reconcileAllCounters(db: Db, now: number): Promise<AgentCounterRow[]> {
  await writeSetting(db, CURSOR_KEY, 0, now);
  const drift: AgentCounterRow[] = [];
  for (;;) {
    const step = await reconcileCountersStep(db, now);
    drift.push(...step.drift);
    if (step.next === 0) return drift;
  }
}
