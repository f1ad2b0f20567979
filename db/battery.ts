// The battery rollup (battery_daily, kept by ingest) and the sweep's wear estimates
// (battery_wear); db/schema-battery.ts. Unscoped: callers have already authorised the terminals
// (ingest, the sweep); the pages read through db/queries/battery.ts.
import type { BatteryDayDelta, BatteryWearRow } from "@/lib/domain/battery";
import type { Db } from "./client";
import { idIn, idList } from "./dialect";

const MERGE = `ON CONFLICT (terminal_id, day_start) DO UPDATE SET
        off_ms = battery_daily.off_ms + excluded.off_ms,
        drop_pts = battery_daily.drop_pts + excluded.drop_pts,
        samples = battery_daily.samples + excluded.samples,
        charging_beats = battery_daily.charging_beats + excluded.charging_beats,
        beats = battery_daily.beats + excluded.beats,
        min_pct = CASE WHEN excluded.min_pct IS NULL THEN battery_daily.min_pct
                       WHEN battery_daily.min_pct IS NULL OR excluded.min_pct < battery_daily.min_pct THEN excluded.min_pct
                       ELSE battery_daily.min_pct END,
        first_trade_min = CASE WHEN excluded.first_trade_min IS NULL THEN battery_daily.first_trade_min
                       WHEN battery_daily.first_trade_min IS NULL OR excluded.first_trade_min < battery_daily.first_trade_min THEN excluded.first_trade_min
                       ELSE battery_daily.first_trade_min END,
        last_trade_min = CASE WHEN excluded.last_trade_min IS NULL THEN battery_daily.last_trade_min
                       WHEN battery_daily.last_trade_min IS NULL OR excluded.last_trade_min > battery_daily.last_trade_min THEN excluded.last_trade_min
                       ELSE battery_daily.last_trade_min END`;
const COLUMNS = `terminal_id, day_start, off_ms, drop_pts, samples, charging_beats, beats, min_pct, first_trade_min, last_trade_min`;
const ADD_DAY = `INSERT INTO battery_daily (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ${MERGE}`;
const ADD_DAYS_PG = `INSERT INTO battery_daily (${COLUMNS})
     SELECT * FROM unnest(?::int[], ?::bigint[], ?::bigint[], ?::int[], ?::int[], ?::int[], ?::int[], ?::int[], ?::int[], ?::int[]) ${MERGE}`;

/** Adds ingest's deltas to the rollup, inside its transaction; each (terminal, day) once per call. */
export async function addBatteryDays(db: Db, rows: readonly BatteryDayDelta[]): Promise<void> {
  if (rows.length === 0) return;
  if (db.dialect === "pg") {
    const col = <K extends keyof BatteryDayDelta>(k: K) => rows.map((r) => r[k]);
    await db.run(ADD_DAYS_PG, [
      col("terminalId"), col("dayStart"), col("offMs"), col("dropPts"), col("samples"), col("chargingBeats"), col("beats"),
      col("minPct"), col("firstTradeMin"), col("lastTradeMin"),
    ]);
    return;
  }
  for (const r of rows) {
    await db.run(ADD_DAY, [r.terminalId, r.dayStart, r.offMs, r.dropPts, r.samples, r.chargingBeats, r.beats, r.minPct, r.firstTradeMin, r.lastTradeMin]);
  }
}

export interface BatteryDayRow {
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

const DAY_FIELDS = `d.terminal_id AS "terminalId", d.day_start AS "dayStart", d.off_ms AS "offMs", d.drop_pts AS "dropPts", d.samples,
       d.charging_beats AS "chargingBeats", d.beats, d.min_pct AS "minPct", d.first_trade_min AS "firstTradeMin", d.last_trade_min AS "lastTradeMin"`;


export function toDayRow(r: BatteryDayRow): BatteryDayRow {
  return {
    terminalId: Number(r.terminalId), dayStart: Number(r.dayStart), offMs: Number(r.offMs), dropPts: Number(r.dropPts),
    samples: Number(r.samples), chargingBeats: Number(r.chargingBeats), beats: Number(r.beats),
    minPct: r.minPct === null ? null : Number(r.minPct),
    firstTradeMin: r.firstTradeMin === null ? null : Number(r.firstTradeMin),
    lastTradeMin: r.lastTradeMin === null ? null : Number(r.lastTradeMin),
  };
}

/** The rollup days of the given terminals from `since` on, oldest first per terminal. */
export async function batteryDaysOf(db: Db, terminalIds: readonly number[], since: number): Promise<Map<number, BatteryDayRow[]>> {
  const out = new Map<number, BatteryDayRow[]>();
  if (terminalIds.length === 0) return out;
  for (const id of terminalIds) out.set(id, []);
  const rows = await db.all<BatteryDayRow>(
    `SELECT ${DAY_FIELDS} FROM battery_daily d WHERE ${idIn(db, "d.terminal_id")} AND d.day_start >= @since ORDER BY d.terminal_id, d.day_start`,
    { ids: idList(db, terminalIds), since },
  );
  for (const r of rows) out.get(Number(r.terminalId))?.push(toDayRow(r));
  return out;
}

/**
 * Terminals whose estimate is due: a rollup day since `activeSince` and no estimate computed since
 * `today` (the start of the Shanghai day), at most `limit`, in id order (the sweep's bounded step).
 */
export async function wearEstimatesDue(db: Db, today: number, activeSince: number, limit: number): Promise<number[]> {
  const rows = await db.all<{ id: number }>(
    `SELECT DISTINCT d.terminal_id AS id FROM battery_daily d LEFT JOIN battery_wear w ON w.terminal_id = d.terminal_id
      WHERE d.day_start >= @activeSince AND d.day_start < @today AND (w.terminal_id IS NULL OR w.computed_at < @today)
      ORDER BY d.terminal_id LIMIT @limit`,
    { today, activeSince, limit },
  );
  return rows.map((r) => Number(r.id));
}

const WEAR_FIELDS = `w.terminal_id AS "terminalId", w.computed_at AS "computedAt", w.status, w.reason, w.days, w.origin_day AS "originDay",
       w.rate_per_hour AS "ratePerHour", w.slope_per_day AS "slopePerDay", w.intercept_rate AS "interceptRate",
       w.threshold_rate AS "thresholdRate", w.trading_hours AS "tradingHours", w.predicted_at AS "predictedAt",
       w.earliest_at AS "earliestAt", w.latest_at AS "latestAt"`;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function toWearRow(r: BatteryWearRow): BatteryWearRow {
  return {
    terminalId: Number(r.terminalId), computedAt: Number(r.computedAt), status: r.status, reason: r.reason ?? null,
    days: Number(r.days), originDay: num(r.originDay), ratePerHour: num(r.ratePerHour), slopePerDay: num(r.slopePerDay),
    interceptRate: num(r.interceptRate), thresholdRate: num(r.thresholdRate), tradingHours: num(r.tradingHours),
    predictedAt: num(r.predictedAt), earliestAt: num(r.earliestAt), latestAt: num(r.latestAt),
  };
}

/** The stored estimates of the given terminals (those that have one). One statement. */
export async function wearOf(db: Db, terminalIds: readonly number[]): Promise<Map<number, BatteryWearRow>> {
  const out = new Map<number, BatteryWearRow>();
  if (terminalIds.length === 0) return out;
  const rows = await db.all<BatteryWearRow>(`SELECT ${WEAR_FIELDS} FROM battery_wear w WHERE ${idIn(db, "w.terminal_id")}`, { ids: idList(db, terminalIds) });
  for (const r of rows) out.set(Number(r.terminalId), toWearRow(r));
  return out;
}

const PUT_WEAR = `INSERT INTO battery_wear (terminal_id, computed_at, status, reason, days, origin_day, rate_per_hour, slope_per_day,
        intercept_rate, threshold_rate, trading_hours, predicted_at, earliest_at, latest_at)
     VALUES (@terminalId, @computedAt, @status, @reason, @days, @originDay, @ratePerHour, @slopePerDay,
        @interceptRate, @thresholdRate, @tradingHours, @predictedAt, @earliestAt, @latestAt)
     ON CONFLICT (terminal_id) DO UPDATE SET computed_at = excluded.computed_at, status = excluded.status, reason = excluded.reason,
        days = excluded.days, origin_day = excluded.origin_day, rate_per_hour = excluded.rate_per_hour,
        slope_per_day = excluded.slope_per_day, intercept_rate = excluded.intercept_rate, threshold_rate = excluded.threshold_rate,
        trading_hours = excluded.trading_hours, predicted_at = excluded.predicted_at, earliest_at = excluded.earliest_at,
        latest_at = excluded.latest_at`;

export async function putWear(db: Db, row: BatteryWearRow): Promise<void> {
  await db.run(PUT_WEAR, { ...row });
}

/** Deletes rollup days older than `before`, at most `limit` rows; returns how many went. */
export async function pruneBatteryDays(db: Db, before: number, limit: number): Promise<number> {
  const r = await db.run(
    `DELETE FROM battery_daily WHERE (terminal_id, day_start) IN (SELECT terminal_id, day_start FROM battery_daily WHERE day_start < @before LIMIT @limit)`,
    { before, limit },
  );
  return r.changes;
}
