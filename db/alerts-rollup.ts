// The merchant-value rollup behind the call queue's ranking: transactions per merchant per
// Shanghai day, summed from heartbeats.txn_count. The sweep folds in new heartbeats by id, in
// chunks of TXN_FOLD_CHUNK ids, each committed with its cursor, so no heartbeat is counted twice
// or missed and no statement blocks for long.
//
// An id cursor is only safe below ids that can no longer appear. On SQLite the one writer assigns
// ids in commit order, so every id up to the largest visible one is final. On PostgreSQL several
// instances insert at once and a sequence value is taken when the row is inserted, not when its
// transaction commits: a transaction holding id 41 may commit after the one holding 42, and a
// cursor moved past 42 would never see 41. So on PostgreSQL the fold reads the largest visible id
// first, then the transactions that hold the insert lock on heartbeats at that moment (any
// transaction with a smaller, still invisible id is one of them: it took the lock before its
// sequence value), and folds up to that id only once every one of them has ended.
import type { Db } from "./client";
import { readSettingValue, writeSetting } from "./settings";
import { intDiv } from "./dialect";
import { DAY_MS, SHANGHAI_OFFSET_MS, shanghaiDayStart } from "@/lib/domain/time";

const CURSOR_KEY = "alerts.txn_rollup_cursor";
/** Days of history kept; the queue looks at the last 7. */
export const TXN_KEEP_DAYS = 35;
export const TXN_VALUE_DAYS = 7;
/**
 * Heartbeat ids folded per statement: small enough that one statement holds the event loop (and,
 * on SQLite, the writer) for a few milliseconds; the loop yields between chunks so requests and
 * ingest flushes run in between.
 */
export const TXN_FOLD_CHUNK = 5_000;
/** Heartbeats folded per sweep at most, so a first run over a large history spreads over several sweeps. */
const PER_SWEEP = 200_000;

/** 00:00 Asia/Shanghai of the day `at` falls in, epoch ms. */
export const shanghaiDay = shanghaiDayStart;

const TOP_ID = `SELECT coalesce(max(id), 0) AS id FROM heartbeats`;
const DROP_OLD = `DELETE FROM merchant_txn_daily WHERE day_start < ?`;
/** PostgreSQL: the other transactions of this database that hold the insert lock on heartbeats. */
const HEARTBEAT_WRITERS_PG = `SELECT DISTINCT virtualtransaction AS vxid FROM pg_locks
  WHERE locktype = 'relation' AND mode = 'RowExclusiveLock' AND relation = 'heartbeats'::regclass
    AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND pid <> pg_backend_pid()`;
/** PostgreSQL: how many of these transactions (virtual ids) are still running. */
const STILL_RUNNING_PG = `SELECT count(*) AS n FROM pg_locks WHERE locktype = 'virtualxid' AND virtualxid = ANY(?::text[])`;
/** How long the fold waits for the writers that may hold smaller ids, ms; ingest transactions last milliseconds. */
export const FOLD_WAIT_MS = 5_000;
const FOLD_POLL_MS = 20;

/**
 * The largest heartbeat id below which no new row can appear any more, or null when that is not
 * known yet (on PostgreSQL, a writer that may hold a smaller id did not end within `waitMs`).
 */
async function finalTopId(db: Db, waitMs: number): Promise<number | null> {
  const top = Number((await db.get<{ id: number }>(TOP_ID))!.id);
  if (db.dialect !== "pg") return top;
  const writers = (await db.all<{ vxid: string }>(HEARTBEAT_WRITERS_PG)).map((w) => w.vxid);
  if (writers.length === 0) return top;
  const deadline = Date.now() + waitMs;
  for (;;) {
    const running = Number((await db.get<{ n: number }>(STILL_RUNNING_PG, [writers]))!.n);
    if (running === 0) return top;
    if (Date.now() >= deadline) return null;
    await new Promise<void>((resolve) => setTimeout(resolve, FOLD_POLL_MS));
  }
}

function foldSql(db: Db): string {
  const day = `${intDiv(db, `h.received_at + ${SHANGHAI_OFFSET_MS}`, String(DAY_MS))} * ${DAY_MS} - ${SHANGHAI_OFFSET_MS}`;
  return `INSERT INTO merchant_txn_daily (merchant_id, day_start, txn_count)
       SELECT t.merchant_id, ${day}, sum(h.txn_count)
         FROM heartbeats h JOIN terminals t ON t.id = h.terminal_id
        WHERE h.id > ? AND h.id <= ?
        GROUP BY 1, 2
       ON CONFLICT (merchant_id, day_start) DO UPDATE SET txn_count = merchant_txn_daily.txn_count + excluded.txn_count`;
}

/**
 * Folds the heartbeats after the cursor into merchant_txn_daily. `waitMs`: how long to wait on
 * PostgreSQL for writers that may still hold smaller ids; when they outlast it nothing is folded
 * and the next sweep tries again (`waited` is then true).
 */
export async function rollupMerchantTxn(
  db: Db, now: number, chunk = TXN_FOLD_CHUNK, waitMs = FOLD_WAIT_MS,
): Promise<{ folded: number; chunks: number; waited: boolean }> {
  const start = Number((await readSettingValue(db, CURSOR_KEY)) ?? 0);
  const final = await finalTopId(db, waitMs);
  if (final === null) return { folded: 0, chunks: 0, waited: true };
  const top = Math.min(final, start + PER_SWEEP);
  let from = start;
  let chunks = 0;
  const fold = foldSql(db);
  while (from < top) {
    const to = Math.min(top, from + chunk);
    // The fold and its cursor commit together: a crash between them neither loses nor repeats beats.
    await db.transaction(async (tx) => {
      await tx.run(fold, [from, to]);
      await writeSetting(tx, CURSOR_KEY, to, now);
    });
    from = to;
    chunks++;
    if (from < top) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (chunks > 0) await db.run(DROP_OLD, [shanghaiDay(now) - TXN_KEEP_DAYS * DAY_MS]);
  return { folded: from - start, chunks, waited: false };
}
