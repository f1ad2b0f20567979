// PostgreSQL twin of db/schema-activity.ts.
import { doublePrecision, index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { epochMs, flag, serialId } from "./columns";

export const terminalTxnDaily = pgTable(
  "terminal_txn_daily",
  {
    terminalId: integer("terminal_id").notNull(),
    dayStart: epochMs("day_start").notNull(),
    agentId: integer("agent_id").notNull(),
    txns: integer("txns").notNull().default(0),
    saleBeats: integer("sale_beats").notNull().default(0),
    lastTxnAt: epochMs("last_txn_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.terminalId, t.dayStart] }),
    index("terminal_txn_daily_agent_id_day_start_idx").on(t.agentId, t.dayStart),
  ],
);

export const terminalActivity = pgTable(
  "terminal_activity",
  {
    terminalId: integer("terminal_id").primaryKey(),
    firstTxnAt: epochMs("first_txn_at").notNull(),
    lastTxnAt: epochMs("last_txn_at").notNull(),
  },
  (t) => [index("terminal_activity_last_txn_at_idx").on(t.lastTxnAt)],
);

export const terminalPlace = pgTable("terminal_place", {
  terminalId: integer("terminal_id").primaryKey(),
  city: text("city").notNull().default(""),
  lat: doublePrecision("lat").notNull(),
  lon: doublePrecision("lon").notNull(),
  updatedAt: epochMs("updated_at").notNull(),
});

export const activityActions = pgTable(
  "activity_actions",
  {
    id: serialId(),
    terminalId: integer("terminal_id").notNull(),
    kind: text("kind", { enum: ["call", "recover", "transfer"] }).notNull(),
    note: text("note").notNull().default(""),
    userId: integer("user_id"),
    at: epochMs("at").notNull(),
  },
  (t) => [index("activity_actions_terminal_id_at_idx").on(t.terminalId, t.at)],
);

export const terminalClock = pgTable(
  "terminal_clock",
  {
    terminalId: integer("terminal_id").primaryKey(),
    agentId: integer("agent_id").notNull(),
    since: epochMs("since").notNull(),
    sold: flag("sold").notNull().default(0),
  },
  (t) => [
    index("terminal_clock_since_idx").on(t.since, t.terminalId),
    index("terminal_clock_agent_id_sold_since_idx").on(t.agentId, t.sold, t.since),
  ],
);
