// The fleet overview: counts over terminal_state and the code rollup, all inside one scope.
import type { Db } from "@/db/client";
import { getPolicy } from "@/db/policy";
import type { Scope } from "@/lib/domain/scope";
import type { Category, Severity } from "@/lib/domain/enums";
import { HOUR_MS, hourStart } from "@/lib/domain/time";
import { BATTERY_BUCKETS, complianceOf, SIGNAL_BUCKETS, type BatteryBucket, type Compliance, type SignalBucket } from "./buckets";
import { TERMINAL_FROM, TERMINAL_FROM_M } from "./where";

export interface FleetSummary {
  /** Terminals that have reported at least once. */
  total: number;
  /** Registered terminals in scope that never sent a heartbeat (not in the other counts). */
  neverReported: number;
  online: number;
  offline: number;
  /** Terminals per (category, severity); healthy is always severity ok. */
  byCategory: { category: Category; severity: Severity; terminals: number }[];
  battery: { bucket: BatteryBucket; terminals: number }[];
  signal: { bucket: SignalBucket; terminals: number }[];
  compliance: Record<Compliance, number>;
  policy: { minFirmware: string; blockedFirmware: string[] };
}

/**
 * One pass over the scope's terminal_state grouped by (category, severity, firmware, status);
 * the buckets are summed per group in SQL and everything else is folded in here, so 100k
 * terminals cost one scan rather than one per chart.
 */
export async function fleetSummary(db: Db, scope: Scope): Promise<FleetSummary> {
  const policy = await getPolicy(db);
  const p = { scope: `${scope.agentPath}%` };
  const batterySums = BATTERY_BUCKETS.map((b, i) => `sum(CASE WHEN s.battery_pct BETWEEN ${b.min} AND ${b.max} THEN 1 ELSE 0 END) AS b${i}`).join(", ");
  const signalSums = SIGNAL_BUCKETS.map((b, i) =>
    b.min === null
      ? `sum(CASE WHEN s.signal_dbm IS NULL THEN 1 ELSE 0 END) AS s${i}`
      : `sum(CASE WHEN s.signal_dbm BETWEEN ${b.min} AND ${b.max} THEN 1 ELSE 0 END) AS s${i}`,
  ).join(", ");
  const groups = await db.all<{ category: Category; severity: Severity; firmware: string; status: string; n: number } & Record<string, number>>(
    `SELECT s.category AS category, s.severity AS severity, s.firmware AS firmware, s.status AS status, count(*) AS n, ${batterySums}, ${signalSums}
       FROM ${TERMINAL_FROM} WHERE a.path LIKE @scope GROUP BY 1, 2, 3, 4`,
    p,
  );
  const registeredRow = await db.get<{ n: number }>(`SELECT count(*) AS n FROM terminals t JOIN agents a ON a.id = t.agent_id WHERE a.path LIKE @scope`, p);
  const registered = Number(registeredRow?.n ?? 0);

  const out: FleetSummary = {
    total: 0,
    neverReported: 0,
    online: 0,
    offline: 0,
    byCategory: [],
    battery: BATTERY_BUCKETS.map((b) => ({ bucket: b.key, terminals: 0 })),
    signal: SIGNAL_BUCKETS.map((b) => ({ bucket: b.key, terminals: 0 })),
    compliance: { ok: 0, below_min: 0, blocked: 0 },
    policy: { minFirmware: policy.minFirmware, blockedFirmware: policy.blockedFirmware },
  };
  const cells = new Map<string, FleetSummary["byCategory"][number]>();
  const compliance = new Map<string, Compliance>();
  for (const g of groups) {
    out.total += g.n;
    if (g.status === "online") out.online += g.n;
    else out.offline += g.n;
    const key = `${g.category}/${g.severity}`;
    const cell = cells.get(key) ?? { category: g.category, severity: g.severity, terminals: 0 };
    cell.terminals += g.n;
    cells.set(key, cell);
    out.battery.forEach((b, i) => (b.terminals += g[`b${i}`] ?? 0));
    out.signal.forEach((b, i) => (b.terminals += g[`s${i}`] ?? 0));
    const c = compliance.get(g.firmware) ?? complianceOf(g.firmware, policy);
    compliance.set(g.firmware, c);
    out.compliance[c] += g.n;
  }
  out.byCategory = [...cells.values()];
  out.neverReported = registered - out.total;
  return out;
}

export interface CodeCount {
  code: string;
  /** Times the code was reported in the period (from the hourly code rollup). */
  occurrences: number;
  /** Terminals whose current diagnosis cites the code. */
  terminalsNow: number;
}

/** Codes reported in the `hours` before `now`, most frequent first, with the terminals citing each now. */
export async function codeCounts(db: Db, scope: Scope, opts: { now: number; hours?: number }): Promise<CodeCount[]> {
  const since = hourStart(opts.now) - ((opts.hours ?? 24) - 1) * HOUR_MS;
  const rows = await db.all<{ code: string; occurrences: number }>(
    `SELECT r.code AS code, sum(r.occurrences) AS occurrences FROM rollup_error_hourly r JOIN agents a ON a.id = r.agent_id
      WHERE a.path LIKE @scope AND r.hour_start >= @since GROUP BY r.code ORDER BY occurrences DESC, r.code`,
    { scope: `${scope.agentPath}%`, since },
  );
  // The cited codes are the keys of each finding's evidence.codes (findings are JSON text).
  const citedSql =
    db.dialect === "pg"
      ? `SELECT c.key AS code, count(DISTINCT s.terminal_id) AS n
           FROM ${TERMINAL_FROM} JOIN terminal_findings tf ON tf.terminal_id = s.terminal_id,
                jsonb_array_elements(CAST(tf.findings AS jsonb)) fi,
                jsonb_each(CASE WHEN jsonb_typeof(fi -> 'evidence' -> 'codes') = 'object' THEN fi -> 'evidence' -> 'codes' END) c
          WHERE a.path LIKE @scope GROUP BY c.key`
      : `SELECT c.key AS code, count(DISTINCT s.terminal_id) AS n
           FROM ${TERMINAL_FROM} JOIN terminal_findings tf ON tf.terminal_id = s.terminal_id,
                json_each(tf.findings) fi, json_each(fi.value, '$.evidence.codes') c
          WHERE a.path LIKE @scope GROUP BY c.key`;
  const cited = new Map((await db.all<{ code: string; n: number }>(citedSql, { scope: `${scope.agentPath}%` })).map((r) => [r.code, r.n]));
  return rows.map((r) => ({ code: r.code, occurrences: r.occurrences, terminalsNow: cited.get(r.code) ?? 0 }));
}

export interface BreakdownRow {
  key: string;
  /** Agent id for the agent breakdown; null for cities. */
  agentId: number | null;
  label: string;
  /** True for the scope agent's own terminals (not those of its sub-agents). */
  direct: boolean;
  terminals: number;
  problems: number;
  offline: number;
}

/** Terminals per direct sub-agent of the scope (each with its whole subtree) plus the scope agent's own. */
export async function breakdownByAgent(db: Db, scope: Scope): Promise<BreakdownRow[]> {
  // Position of the first '/' in the rest of the path: instr on SQLite, strpos on PostgreSQL.
  const slash = db.dialect === "pg" ? "strpos(rest, '/')" : "instr(rest, '/')";
  const rows = await db.all<{ child: number | null; terminals: number; problems: number; offline: number }>(
    `WITH x AS (
       SELECT s.category, s.status, substr(a.path, length(CAST(@prefix AS TEXT)) + 1) AS rest
         FROM ${TERMINAL_FROM} WHERE a.path LIKE @scope)
     SELECT CASE WHEN rest = '' THEN NULL ELSE CAST(substr(rest, 1, ${slash} - 1) AS INTEGER) END AS child,
            count(*) AS terminals, sum(CASE WHEN category <> 'healthy' THEN 1 ELSE 0 END) AS problems,
            sum(CASE WHEN status = 'offline' THEN 1 ELSE 0 END) AS offline
       FROM x GROUP BY child`,
    { prefix: scope.agentPath, scope: `${scope.agentPath}%` },
  );
  const names = new Map(
    (await db.all<{ id: number; name: string }>(`SELECT id, name FROM agents WHERE path LIKE ?`, [`${scope.agentPath}%`])).map((r) => [r.id, r.name]),
  );
  return rows
    .map((r) => {
      const id = r.child ?? scope.agentId;
      return { key: String(id) + (r.child === null ? ":own" : ""), agentId: id, label: names.get(id) ?? String(id), direct: r.child === null, terminals: r.terminals, problems: r.problems, offline: r.offline };
    })
    .sort((a, b) => b.terminals - a.terminals || a.label.localeCompare(b.label));
}

export async function breakdownByCity(db: Db, scope: Scope, limit = 12): Promise<BreakdownRow[]> {
  const rows = await db.all<{ city: string; terminals: number; problems: number; offline: number }>(
    `SELECT m.city AS city, count(*) AS terminals, sum(CASE WHEN s.category <> 'healthy' THEN 1 ELSE 0 END) AS problems,
            sum(CASE WHEN s.status = 'offline' THEN 1 ELSE 0 END) AS offline
       FROM ${TERMINAL_FROM_M} WHERE a.path LIKE @scope GROUP BY m.city ORDER BY terminals DESC, m.city LIMIT @limit`,
    { scope: `${scope.agentPath}%`, limit },
  );
  return rows.map((r) => ({ key: r.city, agentId: null, label: r.city, direct: false, terminals: r.terminals, problems: r.problems, offline: r.offline }));
}
