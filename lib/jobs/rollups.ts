// Writers of the dashboard rollups (db/schema-rollups.ts). The sweep calls snapshotRollups every
// minute with its `now`; ingest calls recordErrorCounts inside its transaction.
import type Database from "better-sqlite3";
import type { Db } from "@/db/client";

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** Asia/Shanghai has no DST: days start at 16:00 UTC. */
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

export function hourStart(at: number): number {
  return Math.floor(at / HOUR_MS) * HOUR_MS;
}

/** 00:00 Asia/Shanghai of the day `at` falls in, epoch ms. */
export function shanghaiDayStart(at: number): number {
  return Math.floor((at + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
}

interface SnapshotStatements {
  clearHour: Database.Statement;
  fillHour: Database.Statement;
  clearDay: Database.Statement;
  fillDay: Database.Statement;
}

const snapshotCache = new WeakMap<Database.Database, SnapshotStatements>();

function snapshotStatements(sqlite: Database.Database): SnapshotStatements {
  let st = snapshotCache.get(sqlite);
  if (st) return st;
  st = {
    clearHour: sqlite.prepare(`DELETE FROM rollup_category_hourly WHERE hour_start = ?`),
    fillHour: sqlite.prepare(
      `INSERT INTO rollup_category_hourly (hour_start, agent_id, category, terminals, offline, updated_at)
       SELECT @hour, t.agent_id, s.category, count(*), sum(s.status = 'offline'), @now
         FROM terminal_state s JOIN terminals t ON t.id = s.terminal_id
        GROUP BY t.agent_id, s.category`,
    ),
    clearDay: sqlite.prepare(`DELETE FROM rollup_firmware_daily WHERE day_start = ?`),
    fillDay: sqlite.prepare(
      `INSERT INTO rollup_firmware_daily (day_start, agent_id, firmware, model, terminals, updated_at)
       SELECT @day, t.agent_id, s.firmware, t.model, count(*), @now
         FROM terminal_state s JOIN terminals t ON t.id = s.terminal_id
        GROUP BY t.agent_id, s.firmware, t.model`,
    ),
  };
  snapshotCache.set(sqlite, st);
  return st;
}

export interface SnapshotResult {
  hourStart: number;
  dayStart: number;
  categoryRows: number;
  firmwareRows: number;
}

/**
 * Rewrites the category snapshot of the hour `now` is in and the firmware snapshot of its
 * Shanghai day from `terminal_state`. Idempotent: calling it every minute keeps the current hour
 * and day at the latest state; once the hour (day) is over its last snapshot stays.
 */
export function snapshotRollups(db: Db, now: number): SnapshotResult {
  const sqlite = db.$client;
  const st = snapshotStatements(sqlite);
  const hour = hourStart(now);
  const day = shanghaiDayStart(now);
  return sqlite.transaction(() => {
    st.clearHour.run(hour);
    const categoryRows = st.fillHour.run({ hour, now }).changes;
    st.clearDay.run(day);
    const firmwareRows = st.fillDay.run({ day, now }).changes;
    return { hourStart: hour, dayStart: day, categoryRows, firmwareRows };
  })();
}

const errorUpsertCache = new WeakMap<Database.Database, Database.Statement>();

/**
 * Adds the codes one heartbeat (or a batch of one agent's heartbeats) reported to the hourly code
 * counts. Call inside the ingest transaction with the hour the beats were received in, so a
 * duplicate beat (not stored) is not counted either.
 */
export function recordErrorCounts(sqlite: Database.Database, agentId: number, hourStartMs: number, codes: Record<string, number>): void {
  let upsert = errorUpsertCache.get(sqlite);
  if (!upsert) {
    upsert = sqlite.prepare(
      `INSERT INTO rollup_error_hourly (hour_start, agent_id, code, occurrences) VALUES (?, ?, ?, ?)
       ON CONFLICT (hour_start, agent_id, code) DO UPDATE SET occurrences = occurrences + excluded.occurrences`,
    );
    errorUpsertCache.set(sqlite, upsert);
  }
  const hour = hourStart(hourStartMs);
  for (const [code, n] of Object.entries(codes)) {
    if (n > 0) upsert.run(hour, agentId, code, n);
  }
}
