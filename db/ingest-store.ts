// Prepared statements of the ingest hot path. Raw SQL on purpose: drizzle's insert builder costs
// about half the throughput here, and these few statements are the whole write path.
import type Database from "better-sqlite3";
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

export interface IngestStatements {
  sqlite: Database.Database;
  findTerminal(sn: string): TerminalRef | undefined;
  insertHeartbeat(row: {
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
  }): number | undefined;
  insertError(heartbeatId: number, code: string, count: number): void;
  readWindow(terminalId: number, limit: number): WindowRow[];
  upsertState(row: StateRow): void;
}

const cache = new WeakMap<Database.Database, IngestStatements>();

export function ingestStatements(db: Db): IngestStatements {
  const sqlite = db.$client;
  const hit = cache.get(sqlite);
  if (hit) return hit;

  const findTerminal = sqlite.prepare<[string], TerminalRef>(
    `SELECT t.id AS id, t.agent_id AS agentId, a.path AS agentPath FROM terminals t JOIN agents a ON a.id = t.agent_id WHERE t.sn = ?`,
  );
  const insertHeartbeat = sqlite.prepare(
    `INSERT INTO heartbeats (terminal_id, seq, device_ts, received_at, battery_pct, charging, firmware, signal_dbm, network, txn_count)
     VALUES (@terminalId, @seq, @deviceTs, @receivedAt, @batteryPct, @charging, @firmware, @signalDbm, @network, @txnCount)
     ON CONFLICT (terminal_id, seq) DO NOTHING RETURNING id`,
  );
  const insertError = sqlite.prepare(`INSERT INTO heartbeat_errors (heartbeat_id, code, count) VALUES (?, ?, ?)`);
  const readWindow = sqlite.prepare<[number, number], WindowRow>(
    `SELECT h.id, h.seq, h.received_at AS receivedAt, h.device_ts AS deviceTs, h.battery_pct AS batteryPct,
            h.charging, h.firmware, h.signal_dbm AS signalDbm, h.network,
            (SELECT json_group_object(e.code, e.count) FROM heartbeat_errors e WHERE e.heartbeat_id = h.id) AS errors
       FROM heartbeats h WHERE h.terminal_id = ? ORDER BY h.seq DESC LIMIT ?`,
  );
  const upsertState = sqlite.prepare(
    `INSERT INTO terminal_state (terminal_id, last_seq, last_seen_at, last_device_ts, battery_pct, charging, firmware,
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
        category = excluded.category`,
  );

  const putFindings = sqlite.prepare(`INSERT OR REPLACE INTO terminal_findings (terminal_id, findings) VALUES (?, ?)`);
  const dropFindings = sqlite.prepare(`DELETE FROM terminal_findings WHERE terminal_id = ?`);

  const statements: IngestStatements = {
    sqlite,
    findTerminal: (sn) => findTerminal.get(sn),
    insertHeartbeat: (row) => (insertHeartbeat.get(row) as { id: number } | undefined)?.id,
    insertError: (id, code, count) => void insertError.run(id, code, count),
    readWindow: (id, limit) => readWindow.all(id, limit),
    upsertState: (row) => {
      const { findings, ...state } = row;
      upsertState.run(state);
      if (findings === "[]") dropFindings.run(row.terminalId);
      else putFindings.run(row.terminalId, findings);
    },
  };
  cache.set(sqlite, statements);
  return statements;
}
