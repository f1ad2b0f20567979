// The fleet overview: counts over terminal_state and the code rollup, all inside one scope.
import type { Db } from "@/db/client";
import { getPolicy } from "@/db/policy";
import type { Scope } from "@/lib/auth/scope";
import type { Category, CodeCategory, Severity } from "@/lib/domain/enums";
import { HOUR_MS, hourStart } from "@/lib/jobs/rollups";
import { describeCode } from "@/lib/rules/catalog";
import type { Text } from "@/lib/rules/types";
import { BATTERY_BUCKETS, SIGNAL_BUCKETS, type BatteryBucket, type Compliance, type SignalBucket } from "./buckets";
import { complianceExpr, ensureSqlFunctions, policyParams, TERMINAL_FROM } from "./where";

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

interface Tally {
  k: string;
  n: number;
}

export function fleetSummary(db: Db, scope: Scope): FleetSummary {
  const sqlite = db.$client;
  ensureSqlFunctions(sqlite);
  const policy = getPolicy(db);
  const p = { scope: `${scope.agentPath}%`, ...policyParams(policy) };
  const head = sqlite
    .prepare(
      `SELECT count(*) AS total, coalesce(sum(s.status = 'online'), 0) AS online, coalesce(sum(s.status = 'offline'), 0) AS offline
         FROM ${TERMINAL_FROM} WHERE a.path LIKE @scope`,
    )
    .get(p) as { total: number; online: number; offline: number };
  const registered = (sqlite
    .prepare(`SELECT count(*) AS n FROM terminals t JOIN agents a ON a.id = t.agent_id WHERE a.path LIKE @scope`)
    .get(p) as { n: number }).n;
  const byCategory = sqlite
    .prepare(`SELECT s.category AS category, s.severity AS severity, count(*) AS terminals FROM ${TERMINAL_FROM} WHERE a.path LIKE @scope GROUP BY 1, 2`)
    .all(p) as FleetSummary["byCategory"];

  const batteryCase = BATTERY_BUCKETS.map((b) => `WHEN s.battery_pct BETWEEN ${b.min} AND ${b.max} THEN '${b.key}'`).join(" ");
  const batteryRows = sqlite
    .prepare(`SELECT CASE ${batteryCase} END AS k, count(*) AS n FROM ${TERMINAL_FROM} WHERE a.path LIKE @scope GROUP BY 1`)
    .all(p) as Tally[];
  const signalCase = SIGNAL_BUCKETS.map((b) =>
    b.min === null ? `WHEN s.signal_dbm IS NULL THEN '${b.key}'` : `WHEN s.signal_dbm BETWEEN ${b.min} AND ${b.max} THEN '${b.key}'`,
  ).join(" ");
  const signalRows = sqlite
    .prepare(`SELECT CASE ${signalCase} END AS k, count(*) AS n FROM ${TERMINAL_FROM} WHERE a.path LIKE @scope GROUP BY 1`)
    .all(p) as Tally[];
  const complianceRows = sqlite
    .prepare(`SELECT ${complianceExpr("s.firmware")} AS k, count(*) AS n FROM ${TERMINAL_FROM} WHERE a.path LIKE @scope GROUP BY 1`)
    .all(p) as Tally[];

  const n = (rows: Tally[], k: string) => rows.find((r) => r.k === k)?.n ?? 0;
  return {
    total: head.total,
    neverReported: registered - head.total,
    online: head.online,
    offline: head.offline,
    byCategory,
    battery: BATTERY_BUCKETS.map((b) => ({ bucket: b.key, terminals: n(batteryRows, b.key) })),
    signal: SIGNAL_BUCKETS.map((b) => ({ bucket: b.key, terminals: n(signalRows, b.key) })),
    compliance: {
      ok: n(complianceRows, "ok"),
      below_min: n(complianceRows, "below_min"),
      blocked: n(complianceRows, "blocked"),
    },
    policy: { minFirmware: policy.minFirmware, blockedFirmware: policy.blockedFirmware },
  };
}

export interface CodeStat {
  code: string;
  category: CodeCategory | "unknown";
  meaning: Text | null;
  /** Times the code was reported in the period (from the hourly code rollup). */
  occurrences: number;
  /** Terminals whose current diagnosis cites the code (0 for cardholder/none codes). */
  terminalsNow: number;
}

/**
 * Codes reported in the `hours` before `now`, most frequent first. Problem codes (the four
 * causes) and cardholder/none outcomes are returned apart: the latter say nothing about terminals.
 */
export function topCodes(db: Db, scope: Scope, opts: { now: number; hours?: number; limit?: number }): { problem: CodeStat[]; other: CodeStat[] } {
  const sqlite = db.$client;
  const since = hourStart(opts.now) - ((opts.hours ?? 24) - 1) * HOUR_MS;
  const rows = sqlite
    .prepare(
      `SELECT r.code AS code, sum(r.occurrences) AS occurrences FROM rollup_error_hourly r JOIN agents a ON a.id = r.agent_id
        WHERE a.path LIKE @scope AND r.hour_start >= @since GROUP BY r.code ORDER BY occurrences DESC, r.code`,
    )
    .all({ scope: `${scope.agentPath}%`, since }) as { code: string; occurrences: number }[];
  const cited = new Map(
    (sqlite
      .prepare(
        `SELECT c.key AS code, count(DISTINCT s.terminal_id) AS n
           FROM ${TERMINAL_FROM}, json_each(s.findings) fi, json_each(fi.value, '$.evidence.codes') c
          WHERE a.path LIKE @scope GROUP BY c.key`,
      )
      .all({ scope: `${scope.agentPath}%` }) as { code: string; n: number }[]).map((r) => [r.code, r.n]),
  );
  const limit = opts.limit ?? 10;
  const problem: CodeStat[] = [];
  const other: CodeStat[] = [];
  for (const r of rows) {
    const info = describeCode(r.code);
    const category: CodeStat["category"] = info?.category ?? "unknown";
    const stat = { code: r.code, category, meaning: info?.meaning ?? null, occurrences: r.occurrences, terminalsNow: cited.get(r.code) ?? 0 };
    const list = category === "cardholder" || category === "none" || category === "unknown" ? other : problem;
    if (list.length < limit) list.push(stat);
  }
  return { problem, other };
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
export function breakdownByAgent(db: Db, scope: Scope): BreakdownRow[] {
  const rows = db.$client
    .prepare(
      `WITH x AS (
         SELECT s.category, s.status, substr(a.path, length(@prefix) + 1) AS rest
           FROM ${TERMINAL_FROM} WHERE a.path LIKE @scope)
       SELECT CASE WHEN rest = '' THEN NULL ELSE CAST(substr(rest, 1, instr(rest, '/') - 1) AS INTEGER) END AS child,
              count(*) AS terminals, sum(category <> 'healthy') AS problems, sum(status = 'offline') AS offline
         FROM x GROUP BY child`,
    )
    .all({ prefix: scope.agentPath, scope: `${scope.agentPath}%` }) as { child: number | null; terminals: number; problems: number; offline: number }[];
  const names = new Map(
    (db.$client.prepare(`SELECT id, name FROM agents WHERE path LIKE ?`).all(`${scope.agentPath}%`) as { id: number; name: string }[]).map((r) => [r.id, r.name]),
  );
  return rows
    .map((r) => {
      const id = r.child ?? scope.agentId;
      return { key: String(id) + (r.child === null ? ":own" : ""), agentId: id, label: names.get(id) ?? String(id), direct: r.child === null, terminals: r.terminals, problems: r.problems, offline: r.offline };
    })
    .sort((a, b) => b.terminals - a.terminals || a.label.localeCompare(b.label));
}

export function breakdownByCity(db: Db, scope: Scope, limit = 12): BreakdownRow[] {
  const rows = db.$client
    .prepare(
      `SELECT m.city AS city, count(*) AS terminals, sum(s.category <> 'healthy') AS problems, sum(s.status = 'offline') AS offline
         FROM ${TERMINAL_FROM} WHERE a.path LIKE @scope GROUP BY m.city ORDER BY terminals DESC, m.city LIMIT @limit`,
    )
    .all({ scope: `${scope.agentPath}%`, limit }) as { city: string; terminals: number; problems: number; offline: number }[];
  return rows.map((r) => ({ key: r.city, agentId: null, label: r.city, direct: false, terminals: r.terminals, problems: r.problems, offline: r.offline }));
}
