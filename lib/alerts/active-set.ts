// Terminals that have an active alert, kept in memory so a healthy terminal without one costs
// ingest a Set lookup and nothing else. The set may hold extra ids (a superset is only slower,
// never wrong): ids are added as soon as an alert is written, and removed only by a rebuild from
// committed rows, run outside any transaction.
import type Database from "better-sqlite3";
import { alertStatements } from "@/db/alerts-store";

// Next's server bundle and the custom server are separate module graphs sharing one database
// handle (db/client.ts); keeping the sets on globalThis gives both the same set per handle.
const KEY = Symbol.for("pos-fleet-health.alerts.active-terminals");
type G = typeof globalThis & { [KEY]?: WeakMap<Database.Database, Set<number>> };

function sets(): WeakMap<Database.Database, Set<number>> {
  const g = globalThis as G;
  return (g[KEY] ??= new WeakMap());
}

/**
 * The set for this handle, loaded on first use. Every writer of alerts calls this before its
 * first write, so a first load sees only committed rows.
 */
export function activeTerminals(sqlite: Database.Database): Set<number> {
  let set = sets().get(sqlite);
  if (!set) {
    set = new Set(alertStatements({ $client: sqlite }).activeTerminalIds());
    sets().set(sqlite, set);
  }
  return set;
}

/** Rebuilds the set from committed rows; a no-op inside a transaction, where rows may still roll back. */
export function refreshActiveTerminals(sqlite: Database.Database): void {
  if (sqlite.inTransaction) return;
  sets().set(sqlite, new Set(alertStatements({ $client: sqlite }).activeTerminalIds()));
}
