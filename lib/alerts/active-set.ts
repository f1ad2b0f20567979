// Terminals that have an active alert, kept in memory so a healthy terminal without one costs
// ingest a Set lookup and nothing else. The set may hold extra ids (a superset is only slower,
// never wrong): ids are added as soon as an alert is written, and removed only by a rebuild from
// committed rows, run outside any transaction.
import { alertStatements } from "@/db/alert-writes";
import type { Db } from "@/db/client";

// Next's server bundle and the custom server are separate module graphs sharing one store
// (db/client.ts); keeping the sets on globalThis gives both the same set per store.
const KEY = Symbol.for("pos-fleet-health.alerts.active-terminals");
type G = typeof globalThis & { [KEY]?: WeakMap<Db, Set<number>> };

function sets(): WeakMap<Db, Set<number>> {
  const g = globalThis as G;
  return (g[KEY] ??= new WeakMap());
}

/** The set for this store when it is loaded already: the hot path's check, no statement. */
export function loadedActiveTerminals(db: Db): Set<number> | undefined {
  return sets().get(db);
}

/**
 * The set for this store, loaded on first use. Every writer of alerts calls this before its
 * first write, so a first load sees only committed rows.
 */
export async function activeTerminals(db: Db): Promise<Set<number>> {
  const hit = sets().get(db);
  if (hit) return hit;
  const loaded = new Set(await alertStatements(db).activeTerminalIds());
  // Another caller may have loaded (and added to) the set meanwhile: theirs stays.
  const again = sets().get(db);
  if (again) return again;
  sets().set(db, loaded);
  return loaded;
}

/** Rebuilds the set from committed rows; a no-op inside a transaction, where rows may still roll back. */
export async function refreshActiveTerminals(db: Db): Promise<void> {
  if (db.inTransaction()) return;
  const before = sets().get(db);
  const snapshot = before ? new Set(before) : null;
  const fresh = new Set(await alertStatements(db).activeTerminalIds());
  // Ids added while the rows were read belong to writes the read may not have seen: keep them.
  const current = sets().get(db);
  if (current) for (const id of current) if (!snapshot?.has(id)) fresh.add(id);
  sets().set(db, fresh);
}
