// How many terminals a filtered table view holds, without counting the scope's rows where the
// fleet counters (db/counters.ts) already hold the number: a count(*) over the matching rows cost
// 50-150 ms a view at 100,000 terminals on SQLite and grows with the fleet. Filters that all fall
// in one counter dimension are summed from the counters (a few hundred rows); any other mix is
// counted exactly up to COUNT_CAP rows (db/queries/count.ts) and reported as "at least" beyond it.
import type { Db } from "@/db/client";
import { agentCounters, subtreeCounters, type CounterDim, type CounterRow } from "@/db/counters";
import type { Policy } from "@/lib/domain/policy";
import type { Scope } from "@/lib/domain/scope";
import { batteryBucket, CHARGING_BUCKET, complianceOf, signalBucket, type Compliance } from "./buckets";
import type { TerminalFilters } from "./terminal-filters";

type FilterKey = Exclude<keyof TerminalFilters, "agent" | "subtree">;

/** The counter dimension each filter reads; q (search) has none. */
const DIM_OF: Record<FilterKey, CounterDim | null> = {
  status: "state", category: "state", severity: "state", problem: "state",
  firmware: "firmware", model: "firmware", compliance: "firmware",
  battery: "battery", signal: "signal", city: "city", code: "code", q: null,
};

/**
 * Whether a counter row matches the filters of its dimension, with the same meaning as the
 * WHERE clause of db/queries/where.ts (k1..k3 per dimension as the counter triggers write them).
 */
function matches(r: CounterRow, f: TerminalFilters, policy: Policy): boolean {
  switch (r.dim) {
    case "state":
      return (f.status === undefined || r.k1 === f.status) && (f.category === undefined || r.k2 === f.category)
        && (f.severity === undefined || r.k3 === f.severity) && (f.problem === undefined || r.k2 !== "healthy");
    case "firmware":
      return (f.firmware === undefined || r.k1 === f.firmware) && (f.model === undefined || r.k2 === f.model)
        && (f.compliance === undefined || complianceOf(r.k1, policy) === f.compliance);
    case "battery":
      return r.k1 === (f.battery === CHARGING_BUCKET ? CHARGING_BUCKET : batteryBucket(f.battery!).key);
    case "signal":
      return r.k1 === signalBucket(f.signal!).key;
    case "city":
      return r.k1 === f.city;
    case "code":
      return r.k1 === f.code!.toUpperCase();
    default:
      return false;
  }
}

/** The one counter dimension every filter reads ("state" without filters), or null for a mix no counter holds. */
function counterDim(f: TerminalFilters): CounterDim | null {
  const used = (Object.keys(DIM_OF) as FilterKey[]).filter((k) => f[k] !== undefined);
  const dims = new Set(used.map((k) => DIM_OF[k]));
  if (dims.has(null) || dims.size > 1) return null;
  return dims.size === 0 ? "state" : [...dims][0]!;
}

/** The total from the counters when every filter reads one counter dimension, else null. */
export async function counterTotal(db: Db, scope: Scope, f: TerminalFilters, policy: Policy): Promise<number | null> {
  const dim = counterDim(f);
  if (dim === null) return null;
  const within = f.agent !== undefined ? { agentId: f.agent, subtree: f.subtree !== "0" } : undefined;
  let n = 0;
  for (const r of await subtreeCounters(db, scope.agentPath, [dim], within)) if (matches(r, f, policy)) n += Number(r.n);
  return n;
}

/** The firmware versions of the scope with a compliance, and how many of the scope's terminals run them. */
export interface CompliantFirmware {
  versions: string[];
  terminals: number;
  /** Terminals of the scope with a state (the firmware counters count each once). */
  scope: number;
}

/**
 * The agents of the scope with at least one terminal matching the filters, from the counters
 * per agent; null when no counter holds this mix. The agent sort
 * walks only these: it goes through the agents in name order, and an agent without a match
 * otherwise costs a read of all its terminals (a city filter sorted by agent at a million
 * terminals passed every agent of the other cities first, 961 ms on PostgreSQL).
 */
export async function agentsMatching(db: Db, scope: Scope, f: TerminalFilters, policy: Policy): Promise<number[] | null> {
  const dim = counterDim(f);
  if (dim === null) return null;
  const n = new Map<number, number>();
  for (const r of await agentCounters(db, scope.agentPath, dim)) {
    if (matches(r, f, policy)) n.set(r.agentId, (n.get(r.agentId) ?? 0) + Number(r.n));
  }
  return [...n].filter(([, c]) => c > 0).map(([id]) => id).sort((a, b) => a - b);
}

/** The problems key's rank of each severity (PROBLEMS_KEY_SQL in db/queries/terminals.ts). */
const SEVERITY_RANK: Record<string, number> = { critical: 0, warning: 1 };

/**
 * The ranks of the severities (critical 0, warning 1, any other 2) among the terminals matching a
 * filter of the state dimension (status, category, severity, problem), from the counters: the
 * first and last, or null when the filters are not all of that dimension. The problems and
 * severity sorts then read only that range of their index: otherwise a filter whose matches sit
 * at the far end of the order (critical terminals sorted healthy first) walks the whole fleet.
 */
export async function severityRanks(db: Db, scope: Scope, f: TerminalFilters, policy: Policy): Promise<{ first: number; last: number } | null> {
  if (counterDim(f) !== "state") return null;
  const within = f.agent !== undefined ? { agentId: f.agent, subtree: f.subtree !== "0" } : undefined;
  let first = 3;
  let last = -1;
  for (const r of await subtreeCounters(db, scope.agentPath, ["state"], within)) {
    if (Number(r.n) <= 0 || !matches(r, f, policy)) continue;
    const rank = SEVERITY_RANK[r.k3] ?? 2;
    first = Math.min(first, rank);
    last = Math.max(last, rank);
  }
  return { first, last };
}

/** From the counters: the compliance filter becomes a list of versions, which an index can serve. */
export async function firmwareWith(db: Db, scope: Scope, compliance: Compliance, policy: Policy): Promise<CompliantFirmware> {
  const versions = new Set<string>();
  let terminals = 0;
  let all = 0;
  for (const r of await subtreeCounters(db, scope.agentPath, ["firmware"])) {
    const n = Number(r.n);
    all += n;
    if (n > 0 && complianceOf(r.k1, policy) === compliance) {
      versions.add(r.k1);
      terminals += n;
    }
  }
  return { versions: [...versions].sort(), terminals, scope: all };
}

/** From the counters: how many of the scope's terminals cite a code now, of how many with a state. */
export async function codeShare(db: Db, scope: Scope, code: string): Promise<{ terminals: number; scope: number }> {
  let terminals = 0;
  let all = 0;
  for (const r of await subtreeCounters(db, scope.agentPath, ["code", "state"])) {
    if (r.dim === "state") all += Number(r.n);
    else if (r.k1 === code.toUpperCase()) terminals += Number(r.n);
  }
  return { terminals, scope: all };
}

/**
 * Whether the first page should read the matching terminals through their own index and sort
 * them (few matches: fewer than `below`, or under 2 % of the scope, when walking the sort's index
 * would pass 50 rows for each one it keeps) rather than walk the sort's index and check each row.
 * Used for the compliance filter (the firmware index) and the code filter (terminal_codes).
 */
export function fewMatch(f: { terminals: number; scope: number }, below = 500): boolean {
  return f.terminals < below || f.terminals * 50 <= f.scope;
}

/** Most matches a name sort reads and sorts when its bounded walk finds too few (sortMatches). */
export const SORT_MATCHES_MAX = 100_000;

/**
 * Whether a name sort (merchant, city, agent) with a filter may read the filter's matches and sort
 * them when a bounded walk of the names finds less than a page. The walk stops once it has a page
 * of matches, but how far it goes depends on where the matches sit in name order: at a million
 * terminals, the low-battery terminals sorted by city were all in the fourth city of five, and the
 * unbounded walk checked 600,000 terminals (1.3 s) to find 51. Sorting the matches costs the same
 * wherever they sit, so it is the fallback while the counters say there are at most `max`; beyond
 * that (or with no counter for the mix of filters) the walk goes on unbounded.
 */
export function sortMatches(matches: number | null, max = SORT_MATCHES_MAX): boolean {
  return matches !== null && matches <= max;
}
