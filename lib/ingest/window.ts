import type { Db } from "@/db/client";
import { readWindow, type WindowRow } from "@/db/ingest-store";
import { windowCache, type CachedBeat } from "./window-cache";

/** Rows come newest first (by seq); windows are oldest first, timed by the server's receive clock. */
export function toRuleHeartbeats(rows: WindowRow[]): CachedBeat[] {
  const out: CachedBeat[] = new Array(rows.length);
  for (let i = rows.length - 1, j = 0; i >= 0; i--, j++) {
    const r = rows[i]!;
    out[j] = {
      seq: r.seq,
      at: r.receivedAt,
      deviceTs: r.deviceTs,
      battery: r.batteryPct,
      charging: r.charging === 1,
      firmware: r.firmware,
      signalDbm: r.signalDbm,
      network: r.network,
      txnCount: r.txnCount,
      lat: r.lat,
      lon: r.lon,
      errors: r.errors ? (JSON.parse(r.errors) as Record<string, number>) : {},
    };
  }
  return out;
}

/** The newest `capacity` stored beats of a terminal, from the cache or else the database. */
export async function loadWindow(db: Db, terminalId: number, capacity: number): Promise<CachedBeat[]> {
  return windowCache(db).get(terminalId, capacity) ?? toRuleHeartbeats(await readWindow(db, terminalId, capacity));
}

/** Adds freshly stored beats to a window, keeping seq order and the newest `capacity`. */
export function mergeWindow(window: CachedBeat[], fresh: CachedBeat[], capacity: number): CachedBeat[] {
  const merged = window.concat(fresh).sort((a, b) => a.seq - b.seq);
  return merged.length > capacity ? merged.slice(-capacity) : merged;
}
