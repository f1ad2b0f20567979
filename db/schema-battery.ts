import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * A terminal's battery per Shanghai day, kept by ingest inside its transaction (db/battery.ts):
 * what the wear estimate needs, so it never reads raw heartbeats (which expire after two weeks).
 * A discharge sample is one step between two consecutive beats, both off the charger, close
 * enough in time, with the level not rising; the step counts on the day of its later beat.
 */
export const batteryDaily = sqliteTable(
  "battery_daily",
  {
    terminalId: integer("terminal_id").notNull(),
    dayStart: integer("day_start").notNull(), // epoch ms, 00:00 Asia/Shanghai of the beats' device time
    offMs: integer("off_ms").notNull().default(0), // time off the charger covered by discharge samples
    dropPts: integer("drop_pts").notNull().default(0), // percentage points lost over those samples
    samples: integer("samples").notNull().default(0), // discharge samples counted
    chargingBeats: integer("charging_beats").notNull().default(0), // beats that reported charging
    beats: integer("beats").notNull().default(0), // beats seen that day
    minPct: integer("min_pct"), // lowest level reported off the charger that day
    firstTradeMin: integer("first_trade_min"), // minute of the day of the first beat that reported a sale
    lastTradeMin: integer("last_trade_min"), // minute of the day of the last such beat
  },
  (t) => [primaryKey({ columns: [t.terminalId, t.dayStart] }), index("battery_daily_day_start_idx").on(t.dayStart)],
);

/**
 * The sweep's latest wear estimate of each terminal (lib/rules/battery-wear.ts): the fitted daily
 * discharge rate and its trend, and the predicted day the battery stops lasting a trading day.
 */
export const batteryWear = sqliteTable(
  "battery_wear",
  {
    terminalId: integer("terminal_id").primaryKey(),
    computedAt: integer("computed_at").notNull(), // epoch ms
    status: text("status", { enum: ["unknown", "steady", "wearing"] }).notNull(),
    reason: text("reason"), // why the estimate is unknown
    days: integer("days").notNull().default(0), // days the fit used
    originDay: integer("origin_day"), // epoch ms, day x = 0 of the fit
    ratePerHour: real("rate_per_hour"), // fitted discharge rate today, % per hour off the charger
    slopePerDay: real("slope_per_day"), // change of that rate per day
    interceptRate: real("intercept_rate"), // fitted rate at originDay
    thresholdRate: real("threshold_rate"), // the rate at which a trading day is no longer lasted
    tradingHours: real("trading_hours"),
    predictedAt: integer("predicted_at"), // epoch ms, day start; null: no failure foreseen
    earliestAt: integer("earliest_at"),
    latestAt: integer("latest_at"), // null with a predictedAt: no upper end within a year
  },
  (t) => [index("battery_wear_predicted_at_idx").on(t.predictedAt), index("battery_wear_computed_at_idx").on(t.computedAt)],
);

export type BatteryDaily = typeof batteryDaily.$inferSelect;
export type BatteryWear = typeof batteryWear.$inferSelect;
