// Ceiling for single-heartbeat ingest: the least a node:http + SQLite server can do per request
// (parse JSON, insert the beat, upsert the state, one transaction, answer). No auth, no rules.
import http from "node:http";
import { openSqlite } from "@/db/client";

// The raw driver on purpose: the per-request ceiling the product's server is compared with.
const sqlite = openSqlite(process.env.DATABASE_PATH!).raw;
const find = sqlite.prepare(`SELECT id FROM terminals WHERE sn = ?`);
const insert = sqlite.prepare(
  `INSERT INTO heartbeats (terminal_id, seq, device_ts, received_at, battery_pct, charging, firmware, signal_dbm, network, txn_count)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (terminal_id, seq) DO NOTHING`,
);
const upsert = sqlite.prepare(
  `INSERT INTO terminal_state (terminal_id, last_seq, last_seen_at, last_device_ts, battery_pct, charging, firmware, signal_dbm, network, diagnosed_at, category_since)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
   ON CONFLICT (terminal_id) DO UPDATE SET last_seq = excluded.last_seq, last_seen_at = excluded.last_seen_at,
     battery_pct = excluded.battery_pct, signal_dbm = excluded.signal_dbm, diagnosed_at = excluded.diagnosed_at`,
);
const store = sqlite.transaction((b: Record<string, any>, now: number) => {
  const t = find.get(b.sn) as { id: number } | undefined;
  if (!t) return false;
  insert.run(t.id, b.seq, b.ts, now, b.battery_pct, b.charging ? 1 : 0, b.firmware, b.signal_dbm, b.network, b.txn_count);
  upsert.run(t.id, b.seq, now, b.ts, b.battery_pct, b.charging ? 1 : 0, b.firmware, b.signal_dbm, b.network, now, now);
  return true;
});

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const ok = store(JSON.parse(Buffer.concat(chunks).toString("utf8")), Date.now());
    const body = JSON.stringify({ accepted: ok ? 1 : 0 });
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(0, "127.0.0.1", () => {
  const a = server.address();
  process.send?.({ ready: true, port: typeof a === "object" && a ? a.port : 0 });
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
