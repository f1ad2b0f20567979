// PostgreSQL twin of db/schema-battery.ts.
import { doublePrecision, index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { epochMs } from "./columns";

export const batteryDaily = pgTable(
  "battery_daily",
  {
    terminalId: integer("terminal_id").notNull(),
    dayStart: epochMs("day_start").notNull(),
    offMs: epochMs("off_ms").notNull().default(0),
    dropPts: integer("drop_pts").notNull().default(0),
    samples: integer("samples").notNull().default(0),
    chargingBeats: integer("charging_beats").notNull().default(0),
    beats: integer("beats").notNull().default(0),
    minPct: integer("min_pct"),
    firstTradeMin: integer("first_trade_min"),
    lastTradeMin: integer("last_trade_min"),
  },
  (t) => [primaryKey({ columns: [t.terminalId, t.dayStart] }), index("battery_daily_day_start_idx").on(t.dayStart)],
);

export const batteryWear = pgTable(
  "battery_wear",
  {
    terminalId: integer("terminal_id").primaryKey(),
    computedAt: epochMs("computed_at").notNull(),
    status: text("status", { enum: ["unknown", "steady", "wearing"] }).notNull(),
    reason: text("reason"),
    days: integer("days").notNull().default(0),
    originDay: epochMs("origin_day"),
    ratePerHour: doublePrecision("rate_per_hour"),
    slopePerDay: doublePrecision("slope_per_day"),
    interceptRate: doublePrecision("intercept_rate"),
    thresholdRate: doublePrecision("threshold_rate"),
    tradingHours: doublePrecision("trading_hours"),
    predictedAt: epochMs("predicted_at"),
    earliestAt: epochMs("earliest_at"),
    latestAt: epochMs("latest_at"),
  },
  (t) => [index("battery_wear_predicted_at_idx").on(t.predictedAt), index("battery_wear_computed_at_idx").on(t.computedAt)],
);
