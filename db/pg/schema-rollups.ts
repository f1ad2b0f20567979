// PostgreSQL twin of db/schema-rollups.ts.
import { index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { CATEGORIES } from "@/lib/domain/enums";
import { epochMs } from "./columns";

export const rollupCategoryHourly = pgTable(
  "rollup_category_hourly",
  {
    hourStart: epochMs("hour_start").notNull(),
    agentId: integer("agent_id").notNull(),
    category: text("category", { enum: CATEGORIES }).notNull(),
    terminals: integer("terminals").notNull().default(0),
    offline: integer("offline").notNull().default(0),
    updatedAt: epochMs("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.hourStart, t.agentId, t.category] }),
    index("rollup_category_hourly_agent_id_hour_start_idx").on(t.agentId, t.hourStart),
  ],
);

export const rollupErrorHourly = pgTable(
  "rollup_error_hourly",
  {
    hourStart: epochMs("hour_start").notNull(),
    agentId: integer("agent_id").notNull(),
    code: text("code").notNull(),
    occurrences: integer("occurrences").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.hourStart, t.agentId, t.code] }),
    index("rollup_error_hourly_agent_id_hour_start_idx").on(t.agentId, t.hourStart),
  ],
);

export const rollupFirmwareDaily = pgTable(
  "rollup_firmware_daily",
  {
    dayStart: epochMs("day_start").notNull(),
    agentId: integer("agent_id").notNull(),
    firmware: text("firmware").notNull(),
    model: text("model").notNull().default(""),
    terminals: integer("terminals").notNull().default(0),
    updatedAt: epochMs("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.dayStart, t.agentId, t.firmware, t.model] }),
    index("rollup_firmware_daily_agent_id_day_start_idx").on(t.agentId, t.dayStart),
  ],
);
