// Shapes of the battery wear data shared by the store, ingest, the sweep, the rules and the pages.

/** One terminal-day of the battery rollup, as ingest adds to it (see db/schema-battery.ts). */
export interface BatteryDayDelta {
  terminalId: number;
  dayStart: number;
  offMs: number;
  dropPts: number;
  samples: number;
  chargingBeats: number;
  beats: number;
  minPct: number | null;
  firstTradeMin: number | null;
  lastTradeMin: number | null;
}

export type BatteryWearStatus = "unknown" | "steady" | "wearing";

/** A terminal's stored wear estimate (battery_wear), what diagnose() and the pages read. */
export interface BatteryWearRow {
  terminalId: number;
  computedAt: number;
  status: BatteryWearStatus;
  reason: string | null;
  days: number;
  originDay: number | null;
  ratePerHour: number | null;
  slopePerDay: number | null;
  interceptRate: number | null;
  thresholdRate: number | null;
  tradingHours: number | null;
  predictedAt: number | null;
  earliestAt: number | null;
  latestAt: number | null;
}

/** "Batteries to replace this month": predicted to stop lasting a trading day within this many days. */
export const REPLACE_WINDOW_DAYS = 30;
