// The `settings` table: one JSON value per key (the rules policy, the sweep's last run, job
// cursors, the simulator's fleet record), each with the time it was last written.
import type { Db } from "./sql";

const READ = `SELECT value, updated_at FROM settings WHERE key = ?`;
const WRITE = `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
  ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`;

export interface StoredSetting {
  /** The stored JSON text. */
  value: string;
  updatedAt: number;
}

export async function readSetting(db: Db, key: string): Promise<StoredSetting | undefined> {
  const row = await db.get<{ value: string; updated_at: number }>(READ, [key]);
  return row ? { value: row.value, updatedAt: Number(row.updated_at) } : undefined;
}

/** The parsed JSON value of `key`, or undefined when it was never written. */
export async function readSettingValue(db: Db, key: string): Promise<unknown> {
  const row = await readSetting(db, key);
  return row ? (JSON.parse(row.value) as unknown) : undefined;
}

/** Stores `value` as JSON under `key`, replacing what was there. */
export async function writeSetting(db: Db, key: string, value: unknown, now: number): Promise<void> {
  await db.run(WRITE, [key, JSON.stringify(value), now]);
}

/** When the sweep last finished its run, epoch ms (the health check reads it). */
export const LAST_SWEEP_KEY = "last_sweep_at";
