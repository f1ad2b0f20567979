// Which instance leads the periodic work (sweep, retention, partitions). On SQLite there is one
// process, so it always leads. On PostgreSQL the leader holds a session-level advisory lock on a
// connection it keeps checked out: if the process dies, its session ends, the lock is released,
// and the next instance that asks takes over.
import type { PoolClient } from "pg";
import { asPg, type Db } from "./sql";

/** The advisory lock key of the sweep leader (an arbitrary constant of this product). */
// Distinct from the partition upkeep lock (db/partitions.ts): the leader holds this one for its
// whole session, while it runs that upkeep on other connections.
export const SWEEP_LOCK_KEY = 7340003;

export interface Leadership {
  /** True when this instance leads now; tries to become leader when it does not. */
  check(): Promise<boolean>;
  /** Gives up leadership (shutdown). */
  release(): Promise<void>;
}

export function leadership(db: Db, key = SWEEP_LOCK_KEY): Leadership {
  const pgDb = asPg(db);
  if (!pgDb) return { check: async () => true, release: async () => {} };
  let client: PoolClient | null = null;
  return {
    async check() {
      if (client) {
        try {
          await client.query("SELECT 1");
          return true;
        } catch {
          client.release(true);
          client = null;
        }
      }
      let candidate: PoolClient | null = null;
      try {
        candidate = await pgDb.pool.connect();
        const r = await candidate.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [key]);
        if (r.rows[0]?.ok) {
          client = candidate;
          return true;
        }
        candidate.release();
        return false;
      } catch {
        candidate?.release(true);
        return false;
      }
    },
    async release() {
      if (!client) return;
      const c = client;
      client = null;
      try {
        await c.query("SELECT pg_advisory_unlock($1)", [key]);
        c.release();
      } catch {
        c.release(true);
      }
    },
  };
}
