// Builds the WHERE clause of terminal reads: the caller's scope first, then the table filters.
// Every query over terminal_state goes through here, so a filter means the same on every page.
import type Database from "better-sqlite3";
import { subtreePattern, type Scope } from "@/lib/auth/scope";
import { compareVersions } from "@/lib/rules/version";
import type { Policy } from "@/lib/rules/policy";
import { batteryBucket, signalBucket } from "./buckets";
import type { TerminalFilters } from "./terminal-filters";

/** FROM clause every terminal read shares; aliases s, t, m, a are used by the filters. */
export const TERMINAL_FROM = `terminal_state s
  JOIN terminals t ON t.id = s.terminal_id
  JOIN merchants m ON m.id = t.merchant_id
  JOIN agents a ON a.id = t.agent_id`;

export interface Where {
  sql: string;
  params: unknown[];
}

const registered = new WeakSet<Database.Database>();

/** Registers fw_cmp(a, b) on the connection: the rules' version comparison, usable in SQL. */
export function ensureSqlFunctions(sqlite: Database.Database): void {
  if (registered.has(sqlite)) return;
  sqlite.function("fw_cmp", { deterministic: true }, (a: unknown, b: unknown) =>
    typeof a === "string" && typeof b === "string" ? compareVersions(a, b) : null,
  );
  registered.add(sqlite);
}

/** SQL expression: 'blocked' | 'below_min' | 'ok' for the firmware in column `col`. */
export function complianceExpr(col: string): string {
  return `CASE WHEN ${col} IN (SELECT value FROM json_each(@blocked)) THEN 'blocked'
               WHEN fw_cmp(${col}, @minFirmware) = -1 THEN 'below_min' ELSE 'ok' END`;
}

export function policyParams(policy: Policy): { blocked: string; minFirmware: string } {
  return { blocked: JSON.stringify(policy.blockedFirmware), minFirmware: policy.minFirmware };
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Scope + filters as named parameters (@scope, @f_*). Policy parameters (@blocked, @minFirmware)
 * are always bound so complianceExpr can be used in the SELECT list too.
 */
export function terminalWhere(scope: Scope, f: TerminalFilters, policy: Policy): { sql: string; params: Record<string, unknown> } {
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
  if (f.compliance !== undefined) {
    parts.push(`${complianceExpr("s.firmware")} = @f_compliance`);
    params.f_compliance = f.compliance;
  }
  if (f.code !== undefined) {
    parts.push(`EXISTS (SELECT 1 FROM json_each(s.findings) fi, json_each(fi.value, '$.evidence.codes') c WHERE c.key = @f_code)`);
    params.f_code = f.code.toUpperCase();
  }
  if (f.battery !== undefined) {
    const b = batteryBucket(f.battery);
    parts.push("s.battery_pct BETWEEN @f_bmin AND @f_bmax");
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
    parts.push(`(t.sn LIKE @f_qsn ESCAPE '\\' OR m.name LIKE @f_qname ESCAPE '\\')`);
    params.f_qsn = `${escapeLike(f.q)}%`;
    params.f_qname = `%${escapeLike(f.q)}%`;
  }
  return { sql: parts.join(" AND "), params };
}
