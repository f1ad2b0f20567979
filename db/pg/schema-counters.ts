// PostgreSQL twin of db/schema-counters.ts (same table, columns and key).
import { index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";

export const fleetCounters = pgTable(
  "fleet_counters",
  {
    agentId: integer("agent_id").notNull(),
    dim: text("dim").notNull(),
    k1: text("k1").notNull().default(""),
    k2: text("k2").notNull().default(""),
    k3: text("k3").notNull().default(""),
    n: integer("n").notNull().default(0),
    problems: integer("problems").notNull().default(0),
    offline: integer("offline").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.agentId, t.dim, t.k1, t.k2, t.k3] })],
);

export const terminalCodes = pgTable(
  "terminal_codes",
  {
    code: text("code").notNull(),
    terminalId: integer("terminal_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.code, t.terminalId] }), index("terminal_codes_terminal_idx").on(t.terminalId)],
);
