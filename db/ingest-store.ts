// Statements of the ingest hot path. Raw SQL on purpose: a query builder costs about half the
// throughput here, and these few statements are the whole write path. The texts are module
// constants, so the SQLite backend prepares each once and the PostgreSQL one translates it once.
import type { Network } from "@/lib/domain/enums";
import type { Db } from "./client";

export interface TerminalRef {
  id: number;
  agentId: number;
  agentPath: string;
}

export interface WindowRow {
  id: number;
  seq: number;
  receivedAt: number;
  deviceTs: number;
  batteryPct: number;
  charging: number;
  firmware: string;
  signalDbm: number | null;
  network: Network;
  errors: string | null; // JSON object code -> count
}

export interface StateRow {
  terminalId: number;
  lastSeq: number;
  lastSeenAt: number;
  lastDeviceTs: number;
  batteryPct: number;
  charging: number;
  firmware: string;
  signalDbm: number | null;
  network: Network;
  model: string | null;
  appVersion: string | null;
  lat: number | null;
  lon: number | null;
  status: string;
  category: string;
  severity: string;
  confidence: string;
  findings: string;
  diagnosedAt: number;
}

export interface HeartbeatRow {
  terminalId: number;
  seq: number;
  deviceTs: number;
  receivedAt: number;
  batteryPct: number;
  charging: number;
  firmware: string;
  signalDbm: number | null;
  network: string;
  txnCount: number;
}

const FIND_TERMINAL = `SELECT t.id AS id, t.agent_id AS "agentId", a.path AS "agentPath" FROM terminals t JOIN agents a ON a.id = t.agent_id WHERE t.sn = ?`;

const INSERT_HEARTBEAT_SQLITE = `INSERT INTO heartbeats (terminal_id, seq, device_ts, received_at, battery_pct, charging, firmware, signal_dbm, network, txn_count)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (terminal_id, seq) DO NOTHING RETURNING id`;
// PostgreSQL partitions heartbeats by device_ts, and a unique index there must hold the partition
// key: the idempotency key is (terminal_id, seq, device_ts) (db/migrations/pg/0001_*.sql).
const INSERT_HEARTBEAT_PG = `INSERT INTO heartbeats (terminal_id, seq, device_ts, received_at, battery_pct, charging, firmware, signal_dbm, network, txn_count)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (terminal_id, seq, device_ts) DO NOTHING RETURNING id`;

const INSERT_ERROR = `INSERT INTO heartbeat_errors (heartbeat_id, code, count) VALUES (?, ?, ?)`;

const WINDOW_COLUMNS = `h.id, h.seq, h.received_at AS "receivedAt", h.device_ts AS "deviceTs", h.battery_pct AS "batteryPct",
            h.charging, h.firmware, h.signal_dbm AS "signalDbm", h.network`;
// The one statement that differs: a terminal's codes as a JSON object text.
const READ_WINDOW_SQLITE = `SELECT ${WINDOW_COLUMNS},
            (SELECT json_group_object(e.code, e.count) FROM heartbeat_errors e WHERE e.heartbeat_id = h.id) AS errors
       FROM heartbeats h WHERE h.terminal_id = ? ORDER BY h.seq DESC LIMIT ?`;
const READ_WINDOW_PG = `SELECT ${WINDOW_COLUMNS},
            (SELECT CAST(json_object_agg(e.code, e.count) AS text) FROM heartbeat_errors e WHERE e.heartbeat_id = h.id) AS errors
       FROM heartbeats h WHERE h.terminal_id = ? ORDER BY h.seq DESC LIMIT ?`;

const UPSERT_STATE = `INSERT INTO terminal_state (terminal_id, last_seq, last_seen_at, last_device_ts, battery_pct, charging, firmware,
        signal_dbm, network, model, app_version, lat, lon, status, category, severity, confidence,
        diagnosed_at, category_since)
     VALUES (@terminalId, @lastSeq, @lastSeenAt, @lastDeviceTs, @batteryPct, @charging, @firmware, @signalDbm,
        @network, @model, @appVersion, @lat, @lon, @status, @category, @severity, @confidence,
        @diagnosedAt, @diagnosedAt)
     ON CONFLICT (terminal_id) DO UPDATE SET
        last_seq = excluded.last_seq, last_seen_at = excluded.last_seen_at, last_device_ts = excluded.last_device_ts,
        battery_pct = excluded.battery_pct, charging = excluded.charging, firmware = excluded.firmware,
        signal_dbm = excluded.signal_dbm, network = excluded.network,
        model = coalesce(excluded.model, terminal_state.model),
        app_version = coalesce(excluded.app_version, terminal_state.app_version),
        lat = coalesce(excluded.lat, terminal_state.lat), lon = coalesce(excluded.lon, terminal_state.lon),
        status = excluded.status, severity = excluded.severity, confidence = excluded.confidence,
        diagnosed_at = excluded.diagnosed_at,
        category_since = CASE WHEN terminal_state.category = excluded.category
                              THEN terminal_state.category_since ELSE excluded.category_since END,
        category = excluded.category`;

const PUT_FINDINGS = `INSERT INTO terminal_findings (terminal_id, findings) VALUES (?, ?)
     ON CONFLICT (terminal_id) DO UPDATE SET findings = excluded.findings`;
const DROP_FINDINGS = `DELETE FROM terminal_findings WHERE terminal_id = ?`;

export function findTerminal(db: Db, sn: string): Promise<TerminalRef | undefined> {
  return db.get<TerminalRef>(FIND_TERMINAL, [sn]);
}

/** The new heartbeat's id, or undefined when (terminal, seq) is already stored. */
export async function insertHeartbeat(db: Db, r: HeartbeatRow): Promise<number | undefined> {
  const row = await db.get<{ id: number }>(db.dialect === "pg" ? INSERT_HEARTBEAT_PG : INSERT_HEARTBEAT_SQLITE, [
    r.terminalId, r.seq, r.deviceTs, r.receivedAt, r.batteryPct, r.charging, r.firmware, r.signalDbm, r.network, r.txnCount,
  ]);
  return row?.id;
}

export async function insertError(db: Db, heartbeatId: number, code: string, count: number): Promise<void> {
  await db.run(INSERT_ERROR, [heartbeatId, code, count]);
}

/** A terminal's newest `limit` heartbeats, newest first (by seq). */
export function readWindow(db: Db, terminalId: number, limit: number): Promise<WindowRow[]> {
  return db.all<WindowRow>(db.dialect === "pg" ? READ_WINDOW_PG : READ_WINDOW_SQLITE, [terminalId, limit]);
}

export async function upsertState(db: Db, row: StateRow): Promise<void> {
  const { findings, ...state } = row;
  await db.run(UPSERT_STATE, state);
  if (findings === "[]") await db.run(DROP_FINDINGS, [row.terminalId]);
  else await db.run(PUT_FINDINGS, [row.terminalId, findings]);
}

export interface IngestStatements {
  findTerminal(sn: string): Promise<TerminalRef | undefined>;
  insertHeartbeat(row: HeartbeatRow): Promise<number | undefined>;
  insertError(heartbeatId: number, code: string, count: number): Promise<void>;
  readWindow(terminalId: number, limit: number): Promise<WindowRow[]>;
  upsertState(row: StateRow): Promise<void>;
}

/** The statements above bound to one store (kept for callers written against the old shape). */
export function ingestStatements(db: Db): IngestStatements {
  return {
    findTerminal: (sn) => findTerminal(db, sn),
    insertHeartbeat: (row) => insertHeartbeat(db, row),
    insertError: (id, code, count) => insertError(db, id, code, count),
    readWindow: (id, limit) => readWindow(db, id, limit),
    upsertState: (row) => upsertState(db, row),
  };
}
