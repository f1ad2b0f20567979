// Builds the WHERE clause of terminal reads: the caller's scope first, then the table filters.
// Every query over terminal_state goes through here, so a filter means the same on every page.
import { asSqlite, type Db } from "@/db/client";
import { subtreePattern, type Scope } from "@/lib/domain/scope";
import type { Policy } from "@/lib/domain/policy";
import { batteryBucket, CHARGING_BUCKET, complianceOf, signalBucket } from "./buckets";
import type { TerminalFilters } from "./terminal-filters";
import { searchParams, searchRowSql, type ResolvedSearch } from "./search";

/** FROM clause of terminal reads: state, registry and agent (for the scope); aliases s, t, a. */
export const TERMINAL_FROM = `terminal_state s
  JOIN terminals t ON t.id = s.terminal_id
  JOIN agents a ON a.id = t.agent_id`;

/** The same with the merchant (alias m), for reads that show or filter by merchant or city. */
export const TERMINAL_FROM_M = `${TERMINAL_FROM}
  JOIN merchants m ON m.id = t.merchant_id`;

/** The cheapest FROM for these filters (and sort): the merchant join costs a lookup per row. */
export function terminalFrom(f: TerminalFilters, sort?: string): string {
  return f.city !== undefined || f.q !== undefined || sort === "merchant" || sort === "city" ? TERMINAL_FROM_M : TERMINAL_FROM;
}

/**
 * SQLite's FROM for the name sorts, joined in the order the walk goes (CROSS JOIN fixes SQLite's
 * join order): the merchants (by name or city) or the agents (by name) through their index, each
 * one's terminals by id, then their state. Without statistics (the product never runs ANALYZE)
 * the planner otherwise scans a terminal_state index and sorts the scope. Null for other sorts.
 */
export function walkFrom(sort: string): string | null {
  if (sort === "agent") {
    return `agents a CROSS JOIN terminals t ON t.agent_id = a.id CROSS JOIN terminal_state s ON s.terminal_id = t.id
  JOIN merchants m ON m.id = t.merchant_id`;
  }
  if (sort === "merchant" || sort === "city") {
    return `merchants m CROSS JOIN terminals t ON t.merchant_id = m.id CROSS JOIN terminal_state s ON s.terminal_id = t.id
  JOIN agents a ON a.id = t.agent_id`;
  }
  return null;
}

export interface Where {
  sql: string;
  params: unknown[];
}

const registered = new WeakSet<Db>();

/**
 * Makes fw_compliance(version, blockedJson, min) callable on this store: complianceOf, in SQL.
 * SQLite gets it as a JS function on the connection (once per Db); PostgreSQL defines it in its
 * migrations, so there is nothing to do there.
 */
export function ensureSqlFunctions(db: Db): void {
  if (registered.has(db)) return;
  registered.add(db);
  const sqlite = asSqlite(db);
  if (!sqlite) return;
  const parsed = new Map<string, string[]>();
  sqlite.raw.function("fw_compliance", { deterministic: true }, (version: unknown, blocked: unknown, min: unknown) => {
    const list = parsed.get(String(blocked)) ?? (JSON.parse(String(blocked)) as string[]);
    parsed.set(String(blocked), list);
    return complianceOf(String(version), { minFirmware: String(min), blockedFirmware: list });
  });
}

/** SQL expression: 'blocked' | 'below_min' | 'ok' for the firmware in column `col`. */
export function complianceExpr(col: string): string {
  return `fw_compliance(${col}, @blocked, @minFirmware)`;
}

export function policyParams(policy: Policy): { blocked: string; minFirmware: string } {
  return { blocked: JSON.stringify(policy.blockedFirmware), minFirmware: policy.minFirmware };
}

/** What a caller read ahead for terminalWhere, so the filters it covers go through indexes. */
export interface Resolved {
  /** The search resolved for these filters (resolveSearch). */
  search?: ResolvedSearch;
  /** The firmware versions of the scope with the compliance filtered for (firmwareWith), and whether few terminals run them (fewMatch). */
  compliantFirmware?: { versions: string[]; few: boolean };
  /** Whether few terminals of the scope cite the filtered code (fewMatch), so terminal_codes drives the read. */
  fewCoded?: boolean;
  /** Whether a name sort reads the filter's matches and sorts them (sortMatches) rather than walk names. */
  sortMatches?: boolean;
  /** The only agents with a match (agentsMatching), for the agent sort's walk to keep to. */
  agents?: number[];
}

/**
 * Scope + filters as named parameters (@scope, @f_*). Policy parameters (@blocked, @minFirmware)
 * are always bound so complianceExpr can be used in the SELECT list too. Without `resolved`
 * the search and the compliance filter are judged row by row.
 */
export function terminalWhere(
  db: Pick<Db, "dialect">,
  scope: Scope,
  f: TerminalFilters,
  policy: Policy,
  resolved: Resolved = {},
): { sql: string; params: Record<string, unknown>; drives: boolean; agentsSql: string | null } {
  const { search, compliantFirmware } = resolved;
  // Set when a filter reads its own index first (few matches), so the page sorts those rows.
  let drives = resolved.sortMatches === true;
  const parts = ["a.path LIKE @scope"];
  const params: Record<string, unknown> = { scope: subtreePattern(scope), ...policyParams(policy) };
  const eq = (col: string, name: string, value: unknown) => {
    if (value === undefined) return;
    parts.push(`${col} = @${name}`);
    params[name] = value;
  };
  eq("s.status", "f_status", f.status);
  eq("s.category", "f_category", f.category);
  eq("s.severity", "f_severity", f.severity);
  if (f.problem === "1") parts.push("s.category <> 'healthy'");
  eq("m.city", "f_city", f.city);
  eq("t.model", "f_model", f.model);
  eq("s.firmware", "f_firmware", f.firmware);
  if (f.agent !== undefined) {
    params.f_agent = f.agent;
    parts.push(
      f.subtree === "0"
        ? "t.agent_id = @f_agent"
        : "a.path LIKE (SELECT path FROM agents WHERE id = @f_agent) || '%'",
    );
  }
  let agentsSql: string | null = null;
  if (resolved.agents) {
    // A check on each agent the name walk reaches (unary + on SQLite, so the planner does not read
    // the list by primary key and sort the agents' terminals instead of walking the name index).
    agentsSql = db.dialect === "pg" ? "a.id = ANY(CAST(@f_agents AS int[]))" : "+a.id IN (SELECT value FROM json_each(@f_agents))";
    parts.push(agentsSql);
    params.f_agents = db.dialect === "pg" ? resolved.agents : JSON.stringify(resolved.agents);
  }
  if (f.compliance !== undefined && compliantFirmware) {
    // The versions with this compliance (a handful, from the counters). Few terminals: read them
    // through the firmware index and sort them; many: walk the sort's index and check each row
    // (on SQLite the unary + keeps the planner off the firmware index; PostgreSQL has statistics).
    const col = db.dialect === "pg" || compliantFirmware.few ? "s.firmware" : "+s.firmware";
    drives ||= compliantFirmware.few;
    parts.push(db.dialect === "pg" ? `${col} = ANY(CAST(@f_fw AS text[]))` : `${col} IN (SELECT value FROM json_each(@f_fw))`);
    params.f_fw = db.dialect === "pg" ? compliantFirmware.versions : JSON.stringify(compliantFirmware.versions);
  } else if (f.compliance !== undefined) {
    parts.push(`${complianceExpr("s.firmware")} = @f_compliance`);
    params.f_compliance = f.compliance;
  }
  if (f.code !== undefined) {
    // terminal_codes holds (code, terminal) for the codes the current findings cite. Few citing
    // terminals: read them through the code's key range and sort them; many: walk the sort's
    // index and look each row up in the key (one probe of the primary key per row).
    params.f_code = f.code.toUpperCase();
    drives ||= resolved.fewCoded === true;
    parts.push(
      db.dialect === "sqlite" && resolved.fewCoded
        ? "s.terminal_id IN (SELECT terminal_id FROM terminal_codes WHERE code = @f_code)"
        : "EXISTS (SELECT 1 FROM terminal_codes tc WHERE tc.code = @f_code AND tc.terminal_id = s.terminal_id)",
    );
  }
  if (f.battery === CHARGING_BUCKET) parts.push("s.charging <> 0");
  else if (f.battery !== undefined) {
    // The level buckets hold terminals off the charger, as the overview counts them.
    const b = batteryBucket(f.battery);
    parts.push("s.battery_pct BETWEEN @f_bmin AND @f_bmax AND s.charging = 0");
    Object.assign(params, { f_bmin: b.min, f_bmax: b.max });
  }
  if (f.signal !== undefined) {
    const b = signalBucket(f.signal);
    if (b.min === null) parts.push("s.signal_dbm IS NULL");
    else {
      parts.push("s.signal_dbm BETWEEN @f_smin AND @f_smax");
      Object.assign(params, { f_smin: b.min, f_smax: b.max });
    }
  }
  if (f.q !== undefined) {
    // Serial prefix or merchant name (db/queries/search.ts): the ids the indexes found when few
    // match; when many match (or the caller did not read them) each row is checked, which a page
    // does while it walks its sort's index and stops early because matches are common.
    Object.assign(params, searchParams(f.q));
    if (search?.q === f.q && search.ids) {
      drives = true;
      if (db.dialect === "pg") parts.push("s.terminal_id = ANY(CAST(@f_qids AS int[]))");
      else parts.push("s.terminal_id IN (SELECT value FROM json_each(@f_qids))");
      params.f_qids = db.dialect === "pg" ? search.ids : JSON.stringify(search.ids);
    } else parts.push(searchRowSql(db));
  }
  return { sql: parts.join(" AND "), params, drives, agentsSql };
}
