import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { CATEGORIES } from "@/lib/domain/enums";

/**
 * Pre-aggregated reads for the dashboard, so pages never scan raw heartbeats.
 * Every rollup row carries the agent it counts (the terminal's own agent, not an ancestor), so a
 * scope filter is one join to `agents` and `a.path LIKE subtreePattern(scope)`.
 */

/**
 * Snapshot, once per hour: how many terminals of each agent were in each category at the end of
 * that hour (the latest snapshot of the current hour is overwritten until the hour closes).
 * Written by `snapshotRollups(db, now)` from `terminal_state`. Charts "problems by category over time".
 */
export const rollupCategoryHourly = sqliteTable(
  "rollup_category_hourly",
  {
    hourStart: integer("hour_start").notNull(), // epoch ms, start of the UTC hour
    agentId: integer("agent_id").notNull(),
    category: text("category", { enum: CATEGORIES }).notNull(),
    terminals: integer("terminals").notNull().default(0), // count of terminals in the category
    offline: integer("offline").notNull().default(0), // of those, count offline
    updatedAt: integer("updated_at").notNull(), // epoch ms of the snapshot
  },
  (t) => [
    primaryKey({ columns: [t.hourStart, t.agentId, t.category] }),
    index("rollup_category_hourly_agent_id_hour_start_idx").on(t.agentId, t.hourStart),
  ],
);

/**
 * Additive, maintained on ingest: how often each error code was reported by the terminals of an
 * agent during an hour (sum of the per-heartbeat counts). `recordErrorCounts` upserts it inside
 * the ingest transaction. Feeds "top problem codes".
 */
export const rollupErrorHourly = sqliteTable(
  "rollup_error_hourly",
  {
    hourStart: integer("hour_start").notNull(), // epoch ms, start of the UTC hour the beats were received in
    agentId: integer("agent_id").notNull(),
    code: text("code").notNull(),
    occurrences: integer("occurrences").notNull().default(0), // count, summed over heartbeats
  },
  (t) => [
    primaryKey({ columns: [t.hourStart, t.agentId, t.code] }),
    index("rollup_error_hourly_agent_id_hour_start_idx").on(t.agentId, t.hourStart),
  ],
);

/**
 * Snapshot, once per day (Asia/Shanghai calendar day): how many terminals of each agent ran each
 * (firmware, model) at the end of the day. Feeds "adoption of each version over time".
 */
export const rollupFirmwareDaily = sqliteTable(
  "rollup_firmware_daily",
  {
    dayStart: integer("day_start").notNull(), // epoch ms, 00:00 Asia/Shanghai of the day
    agentId: integer("agent_id").notNull(),
    firmware: text("firmware").notNull(),
    model: text("model").notNull().default(""),
    terminals: integer("terminals").notNull().default(0), // count
    updatedAt: integer("updated_at").notNull(), // epoch ms of the snapshot
  },
  (t) => [
    primaryKey({ columns: [t.dayStart, t.agentId, t.firmware, t.model] }),
    index("rollup_firmware_daily_agent_id_day_start_idx").on(t.agentId, t.dayStart),
  ],
);

export type RollupCategoryHourly = typeof rollupCategoryHourly.$inferSelect;
export type RollupErrorHourly = typeof rollupErrorHourly.$inferSelect;
export type RollupFirmwareDaily = typeof rollupFirmwareDaily.$inferSelect;
