// The merchant-value rollup behind the call queue's ranking: transactions per merchant per
// Shanghai day, summed from heartbeats.txn_count. The sweep folds in new heartbeats by id (the
// one writer assigns ids in commit order), so no heartbeat is counted twice or missed.
import type { Db } from "./client";

const CURSOR_KEY = "alerts.txn_rollup_cursor";
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Days of history kept; the queue looks at the last 7. */
export const TXN_KEEP_DAYS = 35;
export const TXN_VALUE_DAYS = 7;
/** Heartbeats folded per sweep, so a first run over a large history spreads over several sweeps. */
const BATCH = 100_000;

/** 00:00 Asia/Shanghai (UTC+8, no DST) of the day `at` falls in, epoch ms. */
export function shanghaiDay(at: number): number {
  return Math.floor((at + 8 * HOUR_MS) / DAY_MS) * DAY_MS - 8 * HOUR_MS;
}

export function rollupMerchantTxn(db: Db, now: number): { folded: number } {
  const sqlite = db.$client;
  const row = sqlite.prepare(`SELECT value FROM settings WHERE key = ?`).get(CURSOR_KEY) as { value: string } | undefined;
  const from = row ? Number(JSON.parse(row.value)) : 0;
  const top = (sqlite.prepare(`SELECT coalesce(max(id), 0) AS id FROM heartbeats`).get() as { id: number }).id;
  const to = Math.min(top, from + BATCH);
  if (to <= from) return { folded: 0 };
  sqlite
    .prepare(
      `INSERT INTO merchant_txn_daily (merchant_id, day_start, txn_count)
       SELECT t.merchant_id, ((h.received_at + ${8 * HOUR_MS}) / ${DAY_MS}) * ${DAY_MS} - ${8 * HOUR_MS}, sum(h.txn_count)
         FROM heartbeats h JOIN terminals t ON t.id = h.terminal_id
        WHERE h.id > ? AND h.id <= ?
        GROUP BY 1, 2
       ON CONFLICT (merchant_id, day_start) DO UPDATE SET txn_count = txn_count + excluded.txn_count`,
    )
    .run(from, to);
  sqlite
    .prepare(`INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`)
    .run(CURSOR_KEY, JSON.stringify(to), now);
  sqlite.prepare(`DELETE FROM merchant_txn_daily WHERE day_start < ?`).run(shanghaiDay(now) - TXN_KEEP_DAYS * DAY_MS);
  return { folded: to - from };
}
