import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Sales per terminal per day, maintained by ingest inside its transaction (db/activity.ts), so
 * "transactions over 7/30/90 days" and "last sale" never scan raw heartbeats. Only heartbeats
 * that report a sale (txn_count > 0) touch it.
 */
export const terminalTxnDaily = sqliteTable(
  "terminal_txn_daily",
  {
    terminalId: integer("terminal_id").notNull(),
    dayStart: integer("day_start").notNull(), // epoch ms, 00:00 Asia/Shanghai of the day the beats were received
    agentId: integer("agent_id").notNull(), // the terminal's agent when the beats were stored
    txns: integer("txns").notNull().default(0), // sum of txn_count
    saleBeats: integer("sale_beats").notNull().default(0), // count of heartbeats with txn_count > 0
    lastTxnAt: integer("last_txn_at").notNull(), // epoch ms, latest such heartbeat of the day (received)
  },
  (t) => [
    primaryKey({ columns: [t.terminalId, t.dayStart] }),
    index("terminal_txn_daily_agent_id_day_start_idx").on(t.agentId, t.dayStart),
  ],
);

/** One row per terminal that ever reported a sale: the first and the latest (received time). */
export const terminalActivity = sqliteTable(
  "terminal_activity",
  {
    terminalId: integer("terminal_id").primaryKey(),
    firstTxnAt: integer("first_txn_at").notNull(), // epoch ms
    lastTxnAt: integer("last_txn_at").notNull(), // epoch ms
  },
  (t) => [index("terminal_activity_last_txn_at_idx").on(t.lastTxnAt)],
);

/**
 * A terminal's registered place when the import gave more than the merchant's city: coordinates
 * (decimal degrees). Without a row the merchant's city centre (lib/geo) stands in.
 */
export const terminalPlace = sqliteTable("terminal_place", {
  terminalId: integer("terminal_id").primaryKey(),
  city: text("city").notNull().default(""),
  lat: real("lat").notNull(),
  lon: real("lon").notNull(),
  updatedAt: integer("updated_at").notNull(), // epoch ms
});

/** What people did about an idle terminal: a call logged, marked to be recovered (回收), transferred (划拨). */
export const activityActions = sqliteTable(
  "activity_actions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    terminalId: integer("terminal_id").notNull(),
    kind: text("kind", { enum: ["call", "recover", "transfer"] }).notNull(),
    note: text("note").notNull().default(""),
    userId: integer("user_id"),
    at: integer("at").notNull(), // epoch ms
  },
  (t) => [index("activity_actions_terminal_id_at_idx").on(t.terminalId, t.at)],
);

/**
 * Where each terminal's activity clock starts, one row per terminal: its last sale (sold = 1), or
 * its activation (registration when the import gave none) while it has never sold (sold = 0).
 * Kept by triggers on terminals and terminal_activity (custom migration), so the activity list
 * walks an index in urgency order and the state counts read one covering index.
 */
export const terminalClock = sqliteTable(
  "terminal_clock",
  {
    terminalId: integer("terminal_id").primaryKey(),
    agentId: integer("agent_id").notNull(),
    since: integer("since").notNull(), // epoch ms
    sold: integer("sold").notNull().default(0), // 1 once the terminal reported a sale
  },
  (t) => [
    index("terminal_clock_since_idx").on(t.since, t.terminalId),
    index("terminal_clock_agent_id_sold_since_idx").on(t.agentId, t.sold, t.since),
  ],
);

export type TerminalTxnDaily = typeof terminalTxnDaily.$inferSelect;
export type TerminalActivity = typeof terminalActivity.$inferSelect;
export type TerminalPlace = typeof terminalPlace.$inferSelect;
export type ActivityAction = typeof activityActions.$inferSelect;
export type TerminalClock = typeof terminalClock.$inferSelect;
