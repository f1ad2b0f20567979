// The fleet overview: the fleet counters and the code rollup, all inside one scope.
import type { Db } from "@/db/client";
import { getPolicy } from "@/db/policy";
import type { Scope } from "@/lib/domain/scope";
import type { Category, Severity } from "@/lib/domain/enums";
import { HOUR_MS, hourStart } from "@/lib/domain/time";
import { BATTERY_BUCKETS, CHARGING_BUCKET, complianceOf, SIGNAL_BUCKETS, type BatteryBucket, type Compliance, type SignalBucket } from "./buckets";
import { agentCounters, subtreeCounters } from "@/db/counters";

export interface FleetSummary {
  /** Terminals that have reported at least once. */
  total: number;
  /** Registered terminals in scope that never sent a heartbeat (not in the other counts). */
  neverReported: number;
  online: number;
  offline: number;
  /** Terminals per (category, severity); healthy is always severity ok. */
  byCategory: { category: Category; severity: Severity; terminals: number }[];
  /** Terminals off the charger per battery level bucket (a charging terminal's level says nothing about its battery). */
  battery: { bucket: BatteryBucket; terminals: number }[];
  /** Terminals on the charger now (not in `battery`). */
  charging: number;
  signal: { bucket: SignalBucket; terminals: number }[];
  compliance: Record<Compliance, number>;
  policy: { minFirmware: string; blockedFirmware: string[] };
}

/**
 * Read from the fleet counters (db/counters.ts) summed over the scope's subtree: a few hundred
 * rows whatever the number of terminals. Compliance is judged here per firmware version against
 * the current policy, so a policy save needs no recount.
 */
export async function fleetSummary(db: Db, scope: Scope): Promise<FleetSummary> {
  const policy = await getPolicy(db);
  const rows = await subtreeCounters(db, scope.agentPath, ["state", "firmware", "battery", "signal", "registered"]);
  const out: FleetSummary = {
    total: 0,
    neverReported: 0,
    online: 0,
    offline: 0,
    byCategory: [],
    battery: BATTERY_BUCKETS.map((b) => ({ bucket: b.key, terminals: 0 })),
    charging: 0,
    signal: SIGNAL_BUCKETS.map((b) => ({ bucket: b.key, terminals: 0 })),
    compliance: { ok: 0, below_min: 0, blocked: 0 },
    policy: { minFirmware: policy.minFirmware, blockedFirmware: policy.blockedFirmware },
  };
  const cells = new Map<string, FleetSummary["byCategory"][number]>();
  const compliance = new Map<string, Compliance>();
  let registered = 0;
  for (const r of rows) {
    if (r.n === 0) continue;
    if (r.dim === "registered") registered += r.n;
    else if (r.dim === "state") {
      out.total += r.n;
      if (r.k1 === "online") out.online += r.n;
      else out.offline += r.n;
      const key = `${r.k2}/${r.k3}`;
      const cell = cells.get(key) ?? { category: r.k2 as Category, severity: r.k3 as Severity, terminals: 0 };
      cell.terminals += r.n;
      cells.set(key, cell);
    } else if (r.dim === "battery") {
      if (r.k1 === CHARGING_BUCKET) out.charging += r.n;
      const b = out.battery.find((x) => x.bucket === r.k1);
      if (b) b.terminals += r.n;
    } else if (r.dim === "signal") {
      const b = out.signal.find((x) => x.bucket === r.k1);
      if (b) b.terminals += r.n;
    } else if (r.dim === "firmware") {
      const c = compliance.get(r.k1) ?? complianceOf(r.k1, policy);
      compliance.set(r.k1, c);
      out.compliance[c] += r.n;
    }
  }
  // In (category, severity) order, as the grouped scan this replaced returned them.
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  out.byCategory = [...cells.values()].filter((c) => c.terminals > 0).sort((a, b) => cmp(a.category, b.category) || cmp(a.severity, b.severity));
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

/**
 * Codes reported in the `hours` before `now`, most frequent first, with the terminals citing each
 * now. Both halves are per-agent tables summed over the scope's subtree: occurrences from the
 * hourly code rollup (agents × codes × hours rows), terminals from the fleet counters' `code`
 * dimension (agents × codes rows, kept by triggers on terminal_findings), so neither reads a
 * terminal's row or parses a finding.
 */
export async function codeCounts(db: Db, scope: Scope, opts: { now: number; hours?: number }): Promise<CodeCount[]> {
  const since = hourStart(opts.now) - ((opts.hours ?? 24) - 1) * HOUR_MS;
  const rows = await db.all<{ code: string; occurrences: number }>(
    `SELECT r.code AS code, sum(r.occurrences) AS occurrences FROM rollup_error_hourly r JOIN agents a ON a.id = r.agent_id
      WHERE a.path LIKE @scope AND r.hour_start >= @since GROUP BY r.code ORDER BY occurrences DESC, r.code`,
    { scope: `${scope.agentPath}%`, since },
  );
  const cited = new Map((await subtreeCounters(db, scope.agentPath, ["code"])).map((r) => [r.k1, r.n]));
  return rows.map((r) => ({ code: r.code, occurrences: Number(r.occurrences), terminalsNow: cited.get(r.code) ?? 0 }));
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
  const rows = await agentCounters(db, scope.agentPath, "state");
  const sums = new Map<number | null, { terminals: number; problems: number; offline: number }>();
  for (const r of rows) {
    // The first path segment below the scope names the direct sub-agent; none: the scope's own.
    const rest = r.path.slice(scope.agentPath.length);
    const child = rest === "" ? null : Number(rest.slice(0, rest.indexOf("/")));
    const acc = sums.get(child) ?? { terminals: 0, problems: 0, offline: 0 };
    acc.terminals += r.n;
    acc.problems += r.problems;
    acc.offline += r.offline;
    sums.set(child, acc);
  }
  const names = new Map(
    (await db.all<{ id: number; name: string }>(`SELECT id, name FROM agents WHERE path LIKE ?`, [`${scope.agentPath}%`])).map((r) => [r.id, r.name]),
  );
  return [...sums.entries()]
    .filter(([, v]) => v.terminals > 0)
    .map(([child, v]) => {
      const id = child ?? scope.agentId;
      return { key: String(id) + (child === null ? ":own" : ""), agentId: id, label: names.get(id) ?? String(id), direct: child === null, ...v };
    })
    .sort((a, b) => b.terminals - a.terminals || a.label.localeCompare(b.label));
}

export async function breakdownByCity(db: Db, scope: Scope, limit = 12): Promise<BreakdownRow[]> {
  const rows = (await subtreeCounters(db, scope.agentPath, ["city"])).filter((r) => r.n > 0);
  rows.sort((a, b) => b.n - a.n || (a.k1 < b.k1 ? -1 : a.k1 > b.k1 ? 1 : 0));
  return rows.slice(0, limit).map((r) => ({ key: r.k1, agentId: null, label: r.k1, direct: false, terminals: r.n, problems: r.problems, offline: r.offline }));
}
