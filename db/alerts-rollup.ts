// The merchant-value rollup behind the call queue's ranking: transactions per merchant per
// Shanghai day, summed from heartbeats.txn_count. The sweep folds in new heartbeats by id (the
// one writer assigns ids in commit order), in chunks of TXN_FOLD_CHUNK ids, each committed with
// its cursor, so no heartbeat is counted twice or missed and no statement blocks for long.
import type { Db } from "./client";
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

const READ_CURSOR = `SELECT value FROM settings WHERE key = ?`;
const TOP_ID = `SELECT coalesce(max(id), 0) AS id FROM heartbeats`;
const WRITE_CURSOR = `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`;
const DROP_OLD = `DELETE FROM merchant_txn_daily WHERE day_start < ?`;

function foldSql(db: Db): string {
  const day = `${intDiv(db, `h.received_at + ${SHANGHAI_OFFSET_MS}`, String(DAY_MS))} * ${DAY_MS} - ${SHANGHAI_OFFSET_MS}`;
  return `INSERT INTO merchant_txn_daily (merchant_id, day_start, txn_count)
       SELECT t.merchant_id, ${day}, sum(h.txn_count)
         FROM heartbeats h JOIN terminals t ON t.id = h.terminal_id
        WHERE h.id > ? AND h.id <= ?
        GROUP BY 1, 2
       ON CONFLICT (merchant_id, day_start) DO UPDATE SET txn_count = merchant_txn_daily.txn_count + excluded.txn_count`;
}

export async function rollupMerchantTxn(db: Db, now: number, chunk = TXN_FOLD_CHUNK): Promise<{ folded: number; chunks: number }> {
  const row = await db.get<{ value: string }>(READ_CURSOR, [CURSOR_KEY]);
  const start = row ? Number(JSON.parse(row.value)) : 0;
  const top = Math.min((await db.get<{ id: number }>(TOP_ID))!.id, start + PER_SWEEP);
  let from = start;
  let chunks = 0;
  const fold = foldSql(db);
  while (from < top) {
    const to = Math.min(top, from + chunk);
    // The fold and its cursor commit together: a crash between them neither loses nor repeats beats.
    await db.transaction(async (tx) => {
      await tx.run(fold, [from, to]);
      await tx.run(WRITE_CURSOR, [CURSOR_KEY, JSON.stringify(to), now]);
    });
    from = to;
    chunks++;
    if (from < top) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (chunks > 0) await db.run(DROP_OLD, [shanghaiDay(now) - TXN_KEEP_DAYS * DAY_MS]);
  return { folded: from - start, chunks };
}
