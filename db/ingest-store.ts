// Statements of the ingest hot path. Raw SQL on purpose: a query builder costs about half the
// throughput here, and these few statements are the whole write path. The texts are module
// constants, so the SQLite backend prepares each once and the PostgreSQL one translates it once.
import type { Network } from "@/lib/domain/enums";
import type { Db } from "./client";
import { recordSales, recordStoredSales } from "./activity";

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
  txnCount: number;
  lat: number | null;
  lon: number | null;
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
  lat: number | null; // the reported position, null when the beat had none
  lon: number | null;
}

const FIND_TERMINAL = `SELECT t.id AS id, t.agent_id AS "agentId", a.path AS "agentPath" FROM terminals t JOIN agents a ON a.id = t.agent_id WHERE t.sn = ?`;

const INSERT_HEARTBEAT_SQLITE = `INSERT INTO heartbeats (terminal_id, seq, device_ts, received_at, battery_pct, charging, firmware, signal_dbm, network, txn_count, lat, lon)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (terminal_id, seq) DO NOTHING RETURNING id`;
// PostgreSQL partitions heartbeats by device_ts, and a unique index there must hold the partition
// key: the idempotency key is (terminal_id, seq, device_ts) (db/migrations/pg/0001_*.sql).
const INSERT_HEARTBEAT_PG = `INSERT INTO heartbeats (terminal_id, seq, device_ts, received_at, battery_pct, charging, firmware, signal_dbm, network, txn_count, lat, lon)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (terminal_id, seq, device_ts) DO NOTHING RETURNING id`;

const INSERT_ERROR = `INSERT INTO heartbeat_errors (heartbeat_id, code, count) VALUES (?, ?, ?)`;

const WINDOW_COLUMNS = `h.id, h.seq, h.received_at AS "receivedAt", h.device_ts AS "deviceTs", h.battery_pct AS "batteryPct",
            h.charging, h.firmware, h.signal_dbm AS "signalDbm", h.network, h.txn_count AS "txnCount", h.lat, h.lon`;
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
    r.terminalId, r.seq, r.deviceTs, r.receivedAt, r.batteryPct, r.charging, r.firmware, r.signalDbm, r.network, r.txnCount, r.lat, r.lon,
  ]);
  if (row) await recordSales(db, [r]);
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

// ---------------------------------------------------------------- PostgreSQL batches
//
// On PostgreSQL one group-commit batch is a handful of statements whatever its size: arrays bound
// as parameters and expanded with unnest(), so each text is translated once and the server plans
// it once per connection. Several instances may ingest the same terminal; the batch locks the
// terminals it touches (FOR NO KEY UPDATE, which still lets foreign-key checks on alerts through)
// in id order, so two batches never diagnose one terminal at the same time and never deadlock
// on each other.

export interface LockedTerminal extends TerminalRef {
  sn: string;
}

const LOCK_TERMINALS_PG = `SELECT t.sn AS sn, t.id AS id, t.agent_id AS "agentId", a.path AS "agentPath"
       FROM terminals t JOIN agents a ON a.id = t.agent_id
      WHERE t.sn = ANY(?::text[])
      ORDER BY t.id
        FOR NO KEY UPDATE OF t`;

/** Looks the serials up and locks their terminals rows until the transaction ends (PostgreSQL). */
export function lockTerminalsBySn(db: Db, sns: string[]): Promise<LockedTerminal[]> {
  return db.all<LockedTerminal>(LOCK_TERMINALS_PG, [sns]);
}

const LOCK_TERMINAL_IDS_PG = `SELECT t.id FROM terminals t WHERE t.id = ANY(?::int[]) ORDER BY t.id FOR NO KEY UPDATE OF t`;

/** Locks terminals rows by id, in id order (PostgreSQL). */
export async function lockTerminalsById(db: Db, ids: number[]): Promise<void> {
  await db.all(LOCK_TERMINAL_IDS_PG, [ids]);
}

const INSERT_HEARTBEATS_PG = `INSERT INTO heartbeats (terminal_id, seq, device_ts, received_at, battery_pct, charging, firmware, signal_dbm, network, txn_count, lat, lon)
     SELECT * FROM unnest(?::int[], ?::int[], ?::bigint[], ?::bigint[], ?::int[], ?::int[], ?::text[], ?::int[], ?::text[], ?::int[], ?::float8[], ?::float8[])
     ON CONFLICT (terminal_id, seq, device_ts) DO NOTHING
     RETURNING id, terminal_id AS "terminalId", seq, device_ts AS "deviceTs"`;

export interface InsertedBeat {
  id: number;
  terminalId: number;
  seq: number;
  deviceTs: number;
}

/** Inserts the rows in one statement; returns those stored (a row already stored is skipped). */
export async function insertHeartbeatsPg(db: Db, rows: HeartbeatRow[]): Promise<InsertedBeat[]> {
  if (rows.length === 0) return [];
  const stored = await db.all<InsertedBeat>(INSERT_HEARTBEATS_PG, [
    rows.map((r) => r.terminalId), rows.map((r) => r.seq), rows.map((r) => r.deviceTs), rows.map((r) => r.receivedAt),
    rows.map((r) => r.batteryPct), rows.map((r) => r.charging), rows.map((r) => r.firmware), rows.map((r) => r.signalDbm),
    rows.map((r) => r.network), rows.map((r) => r.txnCount), rows.map((r) => r.lat), rows.map((r) => r.lon),
  ]);
  await recordStoredSales(db, rows, stored);
  return stored;
}

const INSERT_ERRORS_PG = `INSERT INTO heartbeat_errors (heartbeat_id, code, count) SELECT * FROM unnest(?::bigint[], ?::text[], ?::int[])`;

export async function insertErrorsPg(db: Db, heartbeatIds: number[], codes: string[], counts: number[]): Promise<void> {
  if (heartbeatIds.length > 0) await db.run(INSERT_ERRORS_PG, [heartbeatIds, codes, counts]);
}

const ADD_ERROR_COUNTS_PG = `INSERT INTO rollup_error_hourly (hour_start, agent_id, code, occurrences)
     SELECT * FROM unnest(?::bigint[], ?::int[], ?::text[], ?::int[])
     ON CONFLICT (hour_start, agent_id, code) DO UPDATE SET occurrences = rollup_error_hourly.occurrences + excluded.occurrences`;

/** Adds to the hourly code counts; each (hour, agent, code) must appear once. */
export async function addErrorCountsPg(db: Db, hours: number[], agentIds: number[], codes: string[], counts: number[]): Promise<void> {
  if (hours.length > 0) await db.run(ADD_ERROR_COUNTS_PG, [hours, agentIds, codes, counts]);
}

/**
 * terminal_state's row version (xmin) of each terminal, read after the terminals are locked: a
 * cached window is current exactly when the row still carries the version this process wrote
 * with it (every transaction that stores a beat rewrites the row).
 */
const STATE_VERSIONS_PG = `SELECT terminal_id AS "terminalId", CAST(xmin AS text) AS version FROM terminal_state WHERE terminal_id = ANY(?::int[])`;

export function stateVersionsPg(db: Db, terminalIds: number[]): Promise<{ terminalId: number; version: string }[]> {
  return db.all(STATE_VERSIONS_PG, [terminalIds]);
}

const READ_WINDOWS_PG = `SELECT k.tid AS "terminalId", w.*
       FROM unnest(?::int[]) AS k(tid)
       CROSS JOIN LATERAL (
         SELECT ${WINDOW_COLUMNS},
                (SELECT CAST(json_object_agg(e.code, e.count) AS text) FROM heartbeat_errors e WHERE e.heartbeat_id = h.id) AS errors
           FROM heartbeats h
          WHERE h.terminal_id = k.tid AND h.received_at >= ?
          ORDER BY h.seq DESC LIMIT ?) w`;

/**
 * The windows of several terminals in one statement: per terminal its newest `limit` beats (by
 * seq) received at or after `since`, newest first.
 */
export async function readWindowsPg(db: Db, terminalIds: number[], since: number, limit: number): Promise<Map<number, WindowRow[]>> {
  const out = new Map<number, WindowRow[]>();
  if (terminalIds.length === 0) return out;
  for (const id of terminalIds) out.set(id, []);
  for (const r of await db.all<WindowRow & { terminalId: number }>(READ_WINDOWS_PG, [terminalIds, since, limit])) out.get(r.terminalId)!.push(r);
  return out;
}

const UPSERT_STATES_PG = `INSERT INTO terminal_state (terminal_id, last_seq, last_seen_at, last_device_ts, battery_pct, charging, firmware,
        signal_dbm, network, model, app_version, lat, lon, status, category, severity, confidence, diagnosed_at, category_since)
     SELECT u.*, u.diagnosed_at FROM unnest(?::int[], ?::int[], ?::bigint[], ?::bigint[], ?::int[], ?::int[], ?::text[], ?::int[],
        ?::text[], ?::text[], ?::text[], ?::float8[], ?::float8[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[])
        AS u(terminal_id, last_seq, last_seen_at, last_device_ts, battery_pct, charging, firmware, signal_dbm, network, model,
             app_version, lat, lon, status, category, severity, confidence, diagnosed_at)
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
        category = excluded.category
     RETURNING terminal_id AS "terminalId", CAST(xmin AS text) AS version`;
const PUT_FINDINGS_PG = `INSERT INTO terminal_findings (terminal_id, findings) SELECT * FROM unnest(?::int[], ?::text[])
     ON CONFLICT (terminal_id) DO UPDATE SET findings = excluded.findings`;
const DROP_FINDINGS_PG = `DELETE FROM terminal_findings WHERE terminal_id = ANY(?::int[])`;

/**
 * Upserts several terminals' state (each terminal once) and their findings; returns the new row
 * version of each terminal (see stateVersionsPg).
 */
export async function upsertStatesPg(db: Db, rows: StateRow[]): Promise<Map<number, string>> {
  const versions = new Map<number, string>();
  if (rows.length === 0) return versions;
  const col = <K extends keyof StateRow>(k: K) => rows.map((r) => r[k]);
  const returned = await db.all<{ terminalId: number; version: string }>(UPSERT_STATES_PG, [
    col("terminalId"), col("lastSeq"), col("lastSeenAt"), col("lastDeviceTs"), col("batteryPct"), col("charging"), col("firmware"),
    col("signalDbm"), col("network"), col("model"), col("appVersion"), col("lat"), col("lon"), col("status"), col("category"),
    col("severity"), col("confidence"), col("diagnosedAt"),
  ]);
  for (const r of returned) versions.set(r.terminalId, r.version);
  const put = rows.filter((r) => r.findings !== "[]");
  const drop = rows.filter((r) => r.findings === "[]");
  if (put.length > 0) await db.run(PUT_FINDINGS_PG, [put.map((r) => r.terminalId), put.map((r) => r.findings)]);
  if (drop.length > 0) await db.run(DROP_FINDINGS_PG, [drop.map((r) => r.terminalId)]);
  return versions;
}

const ACTIVE_ALERT_TERMINALS_PG = `SELECT DISTINCT terminal_id AS id FROM alerts WHERE terminal_id = ANY(?::int[]) AND status <> 'resolved'`;

/** Which of the terminals have an active alert, as committed now (read under the terminals' locks). */
export async function activeAlertTerminalsPg(db: Db, terminalIds: number[]): Promise<Set<number>> {
  if (terminalIds.length === 0) return new Set();
  return new Set((await db.all<{ id: number }>(ACTIVE_ALERT_TERMINALS_PG, [terminalIds])).map((r) => r.id));
}
