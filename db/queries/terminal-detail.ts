// One terminal in full: registry, merchant, current diagnosis, and its recent heartbeats.
// The only dashboard read that touches raw heartbeats, through their (terminal, seq) index.
import type { Db } from "@/db/client";
import { subtreePattern, type Scope } from "@/lib/domain/scope";
import type { Category, Confidence, Network, Severity, Status } from "@/lib/domain/enums";
import { notFound } from "@/lib/domain/errors";
import type { Finding } from "@/lib/domain/diagnosis";

export interface TerminalDetail {
  terminal: { id: number; sn: string; model: string; carrier: string; activatedAt: number | null };
  merchant: { name: string; contactName: string; phone: string; province: string; city: string; address: string };
  agent: { id: number; code: string; name: string };
  state: {
    status: Status;
    category: Category;
    severity: Severity;
    confidence: Confidence;
    findings: Finding[];
    batteryPct: number;
    charging: boolean;
    signalDbm: number | null;
    network: Network;
    firmware: string;
    appVersion: string | null;
    lastSeenAt: number;
    diagnosedAt: number;
    categorySince: number;
  } | null;
}

export interface HeartbeatPoint {
  seq: number;
  receivedAt: number; // epoch ms
  batteryPct: number;
  charging: boolean;
  signalDbm: number | null;
  network: Network;
  firmware: string;
  txnCount: number;
  errors: Record<string, number>;
}

/** The terminal with serial `sn` if it is inside the scope; otherwise a not_found error (no hint that it exists). */
export async function getTerminalDetail(db: Db, scope: Scope, sn: string): Promise<TerminalDetail> {
  const row = await db.get<Record<string, any>>(
    `SELECT t.id, t.sn, t.model, t.carrier, t.activated_at AS "activatedAt",
            m.name AS "mName", m.contact_name AS "contactName", m.phone, m.province, m.city, m.address,
            a.id AS "agentId", a.code AS "agentCode", a.name AS "agentName",
            s.status, s.category, s.severity, s.confidence, coalesce((SELECT f.findings FROM terminal_findings f WHERE f.terminal_id = s.terminal_id), '[]') AS findings, s.battery_pct AS "batteryPct", s.charging,
            s.signal_dbm AS "signalDbm", s.network, s.firmware, s.app_version AS "appVersion", s.last_seen_at AS "lastSeenAt",
            s.diagnosed_at AS "diagnosedAt", s.category_since AS "categorySince"
       FROM terminals t JOIN merchants m ON m.id = t.merchant_id JOIN agents a ON a.id = t.agent_id
       LEFT JOIN terminal_state s ON s.terminal_id = t.id
      WHERE t.sn = ? AND a.path LIKE ?`,
    [sn, subtreePattern(scope)],
  );
  if (!row) throw notFound(`no terminal with serial ${sn} in your agent network`);
  return {
    terminal: { id: row.id, sn: row.sn, model: row.model, carrier: row.carrier, activatedAt: row.activatedAt },
    merchant: { name: row.mName, contactName: row.contactName, phone: row.phone, province: row.province, city: row.city, address: row.address },
    agent: { id: row.agentId, code: row.agentCode, name: row.agentName },
    state:
      row.status === null
        ? null
        : {
            status: row.status, category: row.category, severity: row.severity, confidence: row.confidence,
            findings: JSON.parse(row.findings) as Finding[], batteryPct: row.batteryPct, charging: row.charging === 1,
            signalDbm: row.signalDbm, network: row.network, firmware: row.firmware, appVersion: row.appVersion,
            lastSeenAt: row.lastSeenAt, diagnosedAt: row.diagnosedAt, categorySince: row.categorySince,
          },
  };
}

/** The terminal's heartbeats received after `since`, newest first, at most `limit`. */
export async function terminalHeartbeats(db: Db, terminalId: number, opts: { since: number; limit?: number }): Promise<HeartbeatPoint[]> {
  // Each beat's {code: count} as JSON text: json_group_object on SQLite, json_object_agg on PostgreSQL
  // (cast to text, or pg would hand back a parsed object; NULL when the beat reported no codes).
  const errorsObject = db.dialect === "pg" ? "CAST(json_object_agg(e.code, e.count) AS text)" : "json_group_object(e.code, e.count)";
  const rows = await db.all<Omit<HeartbeatPoint, "charging" | "errors"> & { charging: number; errors: string | null }>(
    `SELECT h.seq, h.received_at AS "receivedAt", h.battery_pct AS "batteryPct", h.charging, h.signal_dbm AS "signalDbm",
            h.network, h.firmware, h.txn_count AS "txnCount",
            (SELECT ${errorsObject} FROM heartbeat_errors e WHERE e.heartbeat_id = h.id) AS errors
       FROM heartbeats h WHERE h.terminal_id = ? ORDER BY h.seq DESC LIMIT ?`,
    [terminalId, opts.limit ?? 500],
  );
  return rows
    .filter((r) => r.receivedAt >= opts.since)
    .map((r) => ({ ...r, charging: r.charging === 1, errors: r.errors ? (JSON.parse(r.errors) as Record<string, number>) : {} }));
}
