// Day partitions of `heartbeats` on PostgreSQL (see db/migrations/pg/0001_*.sql): the table is
// partitioned by RANGE (device_ts), one partition per UTC day named heartbeats_pYYYYMMDD with
// bounds [00:00 UTC, next 00:00 UTC) in epoch ms, plus heartbeats_default for everything else.
// On SQLite every function here is a no-op that returns [] (or 0).
//
// Start-up and the sweep call ensureHeartbeatPartitions; retention calls
// dropExpiredHeartbeatPartitions and pruneDefaultHeartbeats. Instances may race: every change
// runs in its own transaction behind one advisory transaction lock.
import type { Db } from "./sql";
import { DAY_MS, utcDayStart } from "@/lib/domain/time";

export { DAY_MS, utcDayStart };

const PARENT = "heartbeats";
const DEFAULT_PARTITION = "heartbeats_default";
const NAME_PATTERN = /^heartbeats_p(\d{4})(\d{2})(\d{2})$/;
/** pg_advisory_xact_lock key of partition maintenance (migratePostgres uses 7340001). */
const LOCK_KEY = 7340002;

export interface HeartbeatPartition {
  name: string;
  /** Lower bound, epoch ms inclusive; null for the default partition or MINVALUE. */
  from: number | null;
  /** Upper bound, epoch ms exclusive; null for the default partition or MAXVALUE. */
  to: number | null;
  isDefault: boolean;
}


/** heartbeats_pYYYYMMDD of the UTC day starting at `dayStart`. */
export function partitionName(dayStart: number): string {
  const d = new Date(dayStart);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `heartbeats_p${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}`;
}

function pgCode(err: unknown): string | undefined {
  return typeof err === "object" && err !== null && "code" in err ? String((err as { code: unknown }).code) : undefined;
}

function parseBound(raw: string): number | null {
  const v = raw.trim().replace(/^'(.*)'$/, "$1");
  return /^-?\d+$/.test(v) ? Number(v) : null; // MINVALUE / MAXVALUE: unbounded
}

/** The partitions attached to heartbeats, ordered by lower bound, the default partition last. */
export async function listHeartbeatPartitions(db: Db): Promise<HeartbeatPartition[]> {
  if (db.dialect !== "pg") return [];
  const rows = await db.all<{ name: string; bound: string }>(
    `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = to_regclass('${PARENT}')`,
  );
  const parts = rows.map((r): HeartbeatPartition => {
    if (r.bound.trim() === "DEFAULT") return { name: r.name, from: null, to: null, isDefault: true };
    const m = /FROM \((.+)\) TO \((.+)\)/.exec(r.bound);
    return { name: r.name, from: m ? parseBound(m[1]!) : null, to: m ? parseBound(m[2]!) : null, isDefault: false };
  });
  return parts.sort((a, b) => Number(a.isDefault) - Number(b.isDefault) || (a.from ?? -Infinity) - (b.from ?? -Infinity));
}

function overlaps(p: HeartbeatPartition, from: number, to: number): boolean {
  return !p.isDefault && (p.from === null || p.from < to) && (p.to === null || from < p.to);
}

/**
 * Creates the missing day partitions from the day before `now` to `daysAhead` days after it
 * (UTC days) and returns the names it created. Idempotent: a day already covered by any
 * attached partition is skipped.
 *
 * Rows of that day already in the default partition (beats received before the partition
 * existed) would make a plain CREATE ... PARTITION OF fail, so each day is built in one
 * transaction as a standalone table: rows moved out of the default partition into it, then
 * ATTACH PARTITION (which takes only SHARE UPDATE EXCLUSIVE on heartbeats, so ingest keeps
 * going; inserts routed to the default partition wait for the move). A CHECK constraint equal to
 * the bounds lets ATTACH skip scanning the new table; it is dropped afterwards.
 */
export async function ensureHeartbeatPartitions(db: Db, now: number, daysAhead = 3): Promise<string[]> {
  if (db.dialect !== "pg") return [];
  const today = utcDayStart(now);
  const created: string[] = [];
  for (let k = -1; k <= daysAhead; k++) {
    const from = today + k * DAY_MS;
    const to = from + DAY_MS;
    const name = partitionName(from);
    try {
      const made = await db.transaction(async (tx) => {
        await tx.get(`SELECT pg_advisory_xact_lock(${LOCK_KEY})`);
        // Checked behind the lock, so a racing instance's partition is seen, not duplicated.
        const parts = await listHeartbeatPartitions(tx);
        if (parts.some((p) => overlaps(p, from, to))) return false;
        const hasDefault = parts.some((p) => p.isDefault);
        await tx.exec(
          `CREATE TABLE "${name}" (LIKE "${PARENT}" INCLUDING DEFAULTS INCLUDING STORAGE);
           ALTER TABLE "${name}" ADD CONSTRAINT "${name}_bounds" CHECK (device_ts >= ${from} AND device_ts < ${to})`,
        );
        if (hasDefault) {
          await tx.exec(
            `LOCK TABLE "${DEFAULT_PARTITION}" IN EXCLUSIVE MODE;
             WITH moved AS (DELETE FROM "${DEFAULT_PARTITION}" WHERE device_ts >= ${from} AND device_ts < ${to} RETURNING *)
             INSERT INTO "${name}" SELECT * FROM moved`,
          );
        }
        await tx.exec(
          `ALTER TABLE "${PARENT}" ATTACH PARTITION "${name}" FOR VALUES FROM (${from}) TO (${to});
           ALTER TABLE "${name}" DROP CONSTRAINT "${name}_bounds"`,
        );
        return true;
      });
      if (made) created.push(name);
    } catch (err) {
      // 42P07 duplicate_table: a table of that name exists but is not attached (e.g. a day
      // partition detached by retention and not yet dropped). Leave it; the next call retries.
      if (pgCode(err) !== "42P07") throw err;
    }
  }
  return created;
}

/**
 * Drops the day partitions whose upper bound is at or before `cutoffMs` (never the default
 * partition) and returns their names. Each is detached in a short transaction (DETACH takes
 * ACCESS EXCLUSIVE on heartbeats for a moment; lock_timeout keeps a busy table from stalling
 * ingest, the partition is then left for the next call), after which nothing can write to it:
 * its heartbeat_errors rows are deleted and the table dropped in a second transaction. A table
 * detached by an interrupted earlier call (heartbeats_pYYYYMMDD, not attached, day over by the
 * cutoff) is finished the same way.
 */
export async function dropExpiredHeartbeatPartitions(db: Db, cutoffMs: number): Promise<string[]> {
  if (db.dialect !== "pg") return [];
  const expired = (await listHeartbeatPartitions(db)).filter((p) => !p.isDefault && p.to !== null && p.to <= cutoffMs);
  for (const p of expired) {
    try {
      await db.transaction(async (tx) => {
        await tx.get(`SELECT pg_advisory_xact_lock(${LOCK_KEY})`);
        const still = (await listHeartbeatPartitions(tx)).some((q) => q.name === p.name);
        if (!still) return;
        await tx.exec(`SET LOCAL lock_timeout = '5s'; ALTER TABLE "${PARENT}" DETACH PARTITION "${p.name}"`);
      });
    } catch (err) {
      if (pgCode(err) !== "55P03") throw err; // lock_not_available: try again next time
    }
  }
  const detached = await db.all<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c
      WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND NOT c.relispartition
        AND c.relname ~ '^heartbeats_p[0-9]{8}$'`,
  );
  const expiredDetached = new Set(expired.map((p) => p.name));
  const dropped: string[] = [];
  for (const { name } of detached.sort((a, b) => a.name.localeCompare(b.name))) {
    const m = NAME_PATTERN.exec(name);
    if (!m) continue;
    const dayEnd = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) + DAY_MS;
    if (!expiredDetached.has(name) && dayEnd > cutoffMs) continue;
    const done = await db.transaction(async (tx) => {
      await tx.get(`SELECT pg_advisory_xact_lock(${LOCK_KEY})`);
      const row = await tx.get<{ attached: boolean | null }>(`SELECT relispartition AS attached FROM pg_class WHERE oid = to_regclass(?)`, [name]);
      if (!row || row.attached) return false; // gone, or attached again meanwhile
      await tx.run(`DELETE FROM heartbeat_errors e USING "${name}" h WHERE e.heartbeat_id = h.id`);
      await tx.exec(`DROP TABLE "${name}"`);
      return true;
    });
    if (done) dropped.push(name);
  }
  return dropped;
}

/**
 * Deletes the rows of the default partition received before `cutoffMs` (beats whose device clock
 * was outside every day partition), with their heartbeat_errors rows, and returns how many
 * heartbeats went. The default partition is never dropped.
 */
export async function pruneDefaultHeartbeats(db: Db, cutoffMs: number): Promise<number> {
  if (db.dialect !== "pg") return 0;
  return db.transaction(async (tx) => {
    await tx.run(
      `DELETE FROM heartbeat_errors WHERE heartbeat_id IN (SELECT id FROM "${DEFAULT_PARTITION}" WHERE received_at < ?)`,
      [cutoffMs],
    );
    return (await tx.run(`DELETE FROM "${DEFAULT_PARTITION}" WHERE received_at < ?`, [cutoffMs])).changes;
  });
}
