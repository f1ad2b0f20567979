// Scoped reads of battery wear for the pages: a terminal's daily discharge rates with its stored
// estimate, and the batteries predicted to need replacing soon. Reads the rollup and the stored
// estimates only (db/schema-battery.ts), never raw heartbeats.
import type { BatteryWearRow } from "@/lib/domain/battery";
import { subtreePattern, type Scope } from "@/lib/domain/scope";
import { DAY_MS, shanghaiDayStart } from "@/lib/domain/time";
import { toDayRow, toWearRow, type BatteryDayRow } from "../battery";
import type { Db } from "../client";

export interface TerminalBatteryWear {
  wear: BatteryWearRow | null;
  days: BatteryDayRow[];
}

/** Days of rollup shown on a terminal's page. */
export const CHART_DAYS = 42;

/** A terminal's rollup days of the last CHART_DAYS and its stored estimate; nothing outside the scope. */
export async function terminalBatteryWear(db: Db, scope: Scope, terminalId: number, now: number): Promise<TerminalBatteryWear> {
  const pattern = subtreePattern(scope);
  const days = await db.all<BatteryDayRow>(
    `SELECT d.terminal_id AS "terminalId", d.day_start AS "dayStart", d.off_ms AS "offMs", d.drop_pts AS "dropPts", d.samples,
            d.charging_beats AS "chargingBeats", d.beats, d.min_pct AS "minPct", d.first_trade_min AS "firstTradeMin", d.last_trade_min AS "lastTradeMin"
       FROM battery_daily d JOIN terminals t ON t.id = d.terminal_id JOIN agents a ON a.id = t.agent_id
      WHERE d.terminal_id = @id AND a.path LIKE @pattern AND d.day_start >= @since
      ORDER BY d.day_start`,
    { id: terminalId, pattern, since: shanghaiDayStart(now) - CHART_DAYS * DAY_MS },
  );
  const wear = await db.get<BatteryWearRow>(
    `SELECT w.terminal_id AS "terminalId", w.computed_at AS "computedAt", w.status, w.reason, w.days, w.origin_day AS "originDay",
            w.rate_per_hour AS "ratePerHour", w.slope_per_day AS "slopePerDay", w.intercept_rate AS "interceptRate",
            w.threshold_rate AS "thresholdRate", w.trading_hours AS "tradingHours", w.predicted_at AS "predictedAt",
            w.earliest_at AS "earliestAt", w.latest_at AS "latestAt"
       FROM battery_wear w JOIN terminals t ON t.id = w.terminal_id JOIN agents a ON a.id = t.agent_id
      WHERE w.terminal_id = @id AND a.path LIKE @pattern`,
    { id: terminalId, pattern },
  );
  return { days: days.map(toDayRow), wear: wear ? toWearRow(wear) : null };
}

// Walks battery_wear_predicted_at_idx over the predicted rows only, then each one's terminal and agent by key.
const DUE_FROM = `FROM battery_wear w JOIN terminals t ON t.id = w.terminal_id JOIN agents a ON a.id = t.agent_id
      WHERE w.predicted_at IS NOT NULL AND w.predicted_at < @until AND a.path LIKE @pattern`;

/** End of the span "within `days`" from the Shanghai day of `now` (exclusive). */
export function replaceUntil(now: number, days: number): number {
  return shanghaiDayStart(now) + (days + 1) * DAY_MS;
}

/** Terminals of the scope whose battery is predicted to stop lasting a trading day within `days`. */
export async function batteriesToReplaceCount(db: Db, scope: Scope, now: number, days: number): Promise<number> {
  const r = await db.get<{ n: number }>(`SELECT count(*) AS n ${DUE_FROM}`, { until: replaceUntil(now, days), pattern: subtreePattern(scope) });
  return Number(r?.n ?? 0);
}

export interface BatteryToReplace {
  sn: string;
  merchant: string;
  city: string;
  predictedAt: number;
  earliestAt: number | null;
  latestAt: number | null;
  ratePerHour: number | null;
  slopePerDay: number | null;
  tradingHours: number | null;
  computedAt: number;
}

/** The same terminals, soonest first (at most `limit`). */
export async function batteriesToReplace(db: Db, scope: Scope, now: number, days: number, limit = 500): Promise<BatteryToReplace[]> {
  const rows = await db.all<BatteryToReplace>(
    `SELECT t.sn, m.name AS merchant, m.city, w.predicted_at AS "predictedAt", w.earliest_at AS "earliestAt", w.latest_at AS "latestAt",
            w.rate_per_hour AS "ratePerHour", w.slope_per_day AS "slopePerDay", w.trading_hours AS "tradingHours", w.computed_at AS "computedAt"
       ${DUE_FROM.replace("JOIN agents a", "JOIN merchants m ON m.id = t.merchant_id JOIN agents a")}
      ORDER BY w.predicted_at, t.sn LIMIT @limit`,
    { until: replaceUntil(now, days), pattern: subtreePattern(scope), limit },
  );
  return rows.map((r) => ({
    ...r,
    predictedAt: Number(r.predictedAt), computedAt: Number(r.computedAt),
    earliestAt: r.earliestAt === null ? null : Number(r.earliestAt), latestAt: r.latestAt === null ? null : Number(r.latestAt),
    ratePerHour: r.ratePerHour === null ? null : Number(r.ratePerHour), slopePerDay: r.slopePerDay === null ? null : Number(r.slopePerDay),
    tradingHours: r.tradingHours === null ? null : Number(r.tradingHours),
  }));
}
