// The raw ceilings the product's own numbers are compared with, measured in the same run:
// better-sqlite3 prepared inserts plus a state upsert, in transactions, on the same schema.
import { SqliteDb, type Db } from "@/db/client";

export interface CeilingResult {
  rowsPerSec: number;
  rows: number;
}

/** Inserts `rows` heartbeats for `terminalIds` round-robin with a minimal state upsert, `perTx` per transaction. */
export function sqliteIngestCeiling(db: Db, terminalIds: number[], rows: number, perTx: number, seqBase: number): CeilingResult {
  // The raw driver on purpose: this is the ceiling the store's own path is compared with.
  if (!(db instanceof SqliteDb)) throw new Error("the SQLite ceiling needs a SQLite store");
  const sqlite = db.raw;
  const insert = sqlite.prepare(
    `INSERT INTO heartbeats (terminal_id, seq, device_ts, received_at, battery_pct, charging, firmware, signal_dbm, network, txn_count)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (terminal_id, seq) DO NOTHING`,
  );
  const upsert = sqlite.prepare(
    `INSERT INTO terminal_state (terminal_id, last_seq, last_seen_at, last_device_ts, battery_pct, charging, firmware, signal_dbm, network, diagnosed_at, category_since)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (terminal_id) DO UPDATE SET last_seq = excluded.last_seq, last_seen_at = excluded.last_seen_at,
       last_device_ts = excluded.last_device_ts, battery_pct = excluded.battery_pct, charging = excluded.charging,
       firmware = excluded.firmware, signal_dbm = excluded.signal_dbm, network = excluded.network, diagnosed_at = excluded.diagnosed_at`,
  );
  const batch = sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const id = terminalIds[i % terminalIds.length]!;
      const seq = seqBase + Math.floor(i / terminalIds.length);
      const now = 1_700_000_000_000 + i;
      insert.run(id, seq, now, now, 80, 0, "2.4.1", -70, "4G", 3);
      upsert.run(id, seq, now, now, 80, 0, "2.4.1", -70, "4G", now, now);
    }
  });
  const t = performance.now();
  for (let i = 0; i < rows; i += perTx) batch(i, Math.min(rows, i + perTx));
  return { rows, rowsPerSec: rows / ((performance.now() - t) / 1000) };
}
