// Pieces the simulator CLIs share: numbers from flags, the fleet record of the local database,
// and a small progress bar.
import fs from "node:fs";
import Database from "better-sqlite3";
import { databaseTarget, isPostgresUrl, openDatabase, SqliteDb } from "@/db/client";
import { DAY_MS } from "../clock";
import { readFleetRecord, type FleetRecord } from "../record";

export const DEFAULT_SEED = 42;
export const DEFAULT_TERMINALS = 2000;
export const DEFAULT_DAYS = 7;
export const DEFAULT_FAULT_SHARE = 0.12;

export class UsageError extends Error {}

export function intFlag(name: string, value: string | undefined, min = 0): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got "${value}"`);
  return n;
}

export function numFlag(name: string, value: string | undefined, min = 0): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) throw new UsageError(`--${name} must be a number ≥ ${min}, got "${value}"`);
  return n;
}

/** An instant given as epoch ms or an ISO date/time. */
export function timeFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(n)) throw new UsageError(`--${name} must be epoch ms or an ISO time such as 2026-03-04T08:00:00+08:00, got "${value}"`);
  return n;
}

/**
 * The fleet record of the local store (DATABASE_URL or DATABASE_PATH), read-only and never
 * migrated; null when there is none.
 */
export async function localFleetRecord(target = databaseTarget()): Promise<FleetRecord | null> {
  if (isPostgresUrl(target)) {
    const db = await openDatabase(target, { migrate: false });
    try {
      return await readFleetRecord(db);
    } catch (err) {
      // No settings table (42P01) or no such database (3D000): the caller falls back to flags.
      const code = (err as { code?: string }).code;
      if (code === "42P01" || code === "3D000") return null;
      throw err;
    } finally {
      await db.close();
    }
  }
  if (!fs.existsSync(target)) return null;
  const sqlite = new Database(target, { readonly: true, fileMustExist: true });
  try {
    return await readFleetRecord(new SqliteDb(sqlite, target));
  } catch (err) {
    // A database from before the settings table, or not ours: the caller falls back to flags.
    if (err instanceof Database.SqliteError) return null;
    throw err;
  } finally {
    sqlite.close();
  }
}

export interface FleetFlags {
  seed?: string;
  terminals?: string;
  epoch?: string;
  days?: string;
  "fault-share"?: string;
}

/** Flags win; then the local database's record; then the demo's defaults with history ending now. */
export function resolveFleet(flags: FleetFlags, now: number, record: FleetRecord | null): FleetRecord {
  const seed = intFlag("seed", flags.seed) ?? record?.seed ?? DEFAULT_SEED;
  const terminals = intFlag("terminals", flags.terminals, 1) ?? record?.terminals ?? DEFAULT_TERMINALS;
  const days = numFlag("days", flags.days, 0.05) ?? record?.days ?? DEFAULT_DAYS;
  const faultShare = numFlag("fault-share", flags["fault-share"]) ?? record?.faultShare ?? DEFAULT_FAULT_SHARE;
  if (faultShare > 1) throw new UsageError("--fault-share is a share between 0 and 1");
  const sameFleet = record && record.seed === seed && record.terminals === terminals;
  const epoch = timeFlag("epoch", flags.epoch) ?? (sameFleet ? record.epoch : now - days * DAY_MS);
  return { seed, terminals, days, faultShare, epoch, historyUntil: sameFleet ? record.historyUntil : null };
}

/** `[██████░░░░] 62% label` on a terminal; a line every 10 % otherwise. */
export function progressBar(out: NodeJS.WriteStream = process.stderr): (fraction: number, label: string) => void {
  let lastTenth = -1;
  let lastDraw = 0;
  return (fraction, label) => {
    const pct = Math.floor(fraction * 100);
    if (out.isTTY) {
      const now = Date.now();
      if (now - lastDraw < 100 && fraction < 1) return;
      lastDraw = now;
      const width = 30;
      const full = Math.round(fraction * width);
      out.write(`\r\x1b[2K[${"█".repeat(full)}${"░".repeat(width - full)}] ${String(pct).padStart(3)}% ${label}`);
      if (fraction >= 1) out.write("\n");
    } else if (Math.floor(pct / 10) !== lastTenth) {
      lastTenth = Math.floor(pct / 10);
      out.write(`${pct}% ${label}\n`);
    }
  };
}
