import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Terminals per agent and bucket, so fleet-wide numbers cost a few hundred rows instead of a scan
 * of terminal_state. One row per (agent, dim, k1, k2, k3):
 *   state      k1 status, k2 category, k3 severity
 *   firmware   k1 firmware, k2 model (compliance is judged at read time against the policy)
 *   battery    k1 battery bucket; signal: k1 signal bucket; city: k1 the merchant's city
 *   registered every registered terminal, reported or not (k1..k3 empty)
 * `problems` and `offline` count the row's terminals that are not healthy / are offline.
 * Kept by triggers in the same transaction as every write they follow (migration
 * 0006_fleet_counters_triggers) and checked against a recount by the sweep (db/counters.ts).
 */
export const fleetCounters = sqliteTable(
  "fleet_counters",
  {
    agentId: integer("agent_id").notNull(), // the terminals' agent (not its subtree)
    dim: text("dim").notNull(),
    k1: text("k1").notNull().default(""),
    k2: text("k2").notNull().default(""),
    k3: text("k3").notNull().default(""),
    n: integer("n").notNull().default(0), // terminals
    problems: integer("problems").notNull().default(0), // of them, category <> healthy
    offline: integer("offline").notNull().default(0), // of them, status offline
  },
  (t) => [primaryKey({ columns: [t.agentId, t.dim, t.k1, t.k2, t.k3] })],
);

/**
 * Which error codes each terminal's current findings cite (the keys of a finding's evidence.codes),
 * one row per (code, terminal), so the terminals table's code filter is an index lookup instead of
 * a JSON scan of every terminal's findings. Kept by triggers on terminal_findings (migration
 * 0018_terminal_codes) in the transaction that writes the findings; the same keys as the 'code'
 * counters above.
 */
export const terminalCodes = sqliteTable(
  "terminal_codes",
  {
    code: text("code").notNull(),
    terminalId: integer("terminal_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.code, t.terminalId] }), index("terminal_codes_terminal_idx").on(t.terminalId)],
);
