import type { Db } from "@/db/client";
import { ingestStatements, type StateRow } from "@/db/ingest-store";
import { diagnose } from "@/lib/rules/diagnose";
import type { Policy } from "@/lib/rules/policy";
import { deviceTsMs, describeIssues, heartbeatSchema, MAX_FUTURE_MS, type ParsedHeartbeat } from "./schema";
import { toRuleHeartbeats } from "./window";

/** Who is posting: the agent an ingest key belongs to, as its materialised path ("/1/4/"). */
export interface IngestScope {
  agentId: number;
  agentPath: string;
}

export const REJECT_CODES = ["invalid", "unknown_terminal", "out_of_scope", "future_ts"] as const;
export type RejectCode = (typeof REJECT_CODES)[number];

export type ItemResult =
  | { index: number; sn: string; seq: number; status: "accepted" | "duplicate" }
  | { index: number; sn?: string; seq?: number; status: "rejected"; code: RejectCode; message: string; fields?: string[] };

export interface IngestSummary {
  accepted: number;
  duplicate: number;
  rejected: number;
  results: ItemResult[];
}

interface Touched {
  meta: { model?: string; appVersion?: string; lat?: number; lon?: number; seq: number };
}

/**
 * Validates, authorises and stores a batch of heartbeats in ONE transaction, re-diagnoses every
 * touched terminal and upserts its state. Returns only after commit, so a caller may acknowledge.
 * Retrying a stored (sn, seq) answers `duplicate` and changes nothing.
 */
export function ingestHeartbeats(db: Db, scope: IngestScope, items: unknown[], now: number, policy: Policy): IngestSummary {
  const st = ingestStatements(db);
  const results: ItemResult[] = new Array(items.length);
  const valid: { index: number; hb: ParsedHeartbeat; deviceTs: number }[] = [];

  items.forEach((item, index) => {
    const parsed = heartbeatSchema.safeParse(item);
    const ident = identify(item);
    if (!parsed.success) {
      const { fields, message } = describeIssues(parsed.error);
      results[index] = { index, ...ident, status: "rejected", code: "invalid", message, fields };
      return;
    }
    const deviceTs = deviceTsMs(parsed.data.ts);
    if (deviceTs > now + MAX_FUTURE_MS) {
      results[index] = {
        index, ...ident, status: "rejected", code: "future_ts", fields: ["ts"],
        message: `ts is ${new Date(deviceTs).toISOString()}, more than 24 h ahead of the server clock; fix the terminal's clock`,
      };
      return;
    }
    valid.push({ index, hb: parsed.data, deviceTs });
  });

  const summary = () => {
    let accepted = 0, duplicate = 0, rejected = 0;
    for (const r of results) r.status === "accepted" ? accepted++ : r.status === "duplicate" ? duplicate++ : rejected++;
    return { accepted, duplicate, rejected, results };
  };
  if (valid.length === 0) return summary();

  st.sqlite.transaction(() => {
    const touched = new Map<number, Touched>();
    for (const { index, hb, deviceTs } of valid) {
      const terminal = st.findTerminal(hb.sn);
      if (!terminal) {
        results[index] = { index, sn: hb.sn, seq: hb.seq, status: "rejected", code: "unknown_terminal", fields: ["sn"],
          message: `no terminal with serial ${hb.sn} is registered; register it before it posts` };
        continue;
      }
      if (!terminal.agentPath.startsWith(scope.agentPath)) {
        results[index] = { index, sn: hb.sn, seq: hb.seq, status: "rejected", code: "out_of_scope", fields: ["sn"],
          message: `terminal ${hb.sn} does not belong to this key's agent or its sub-agents; post it with its own agent's key` };
        continue;
      }
      const id = st.insertHeartbeat({
        terminalId: terminal.id, seq: hb.seq, deviceTs, receivedAt: now,
        batteryPct: Math.round(hb.battery_pct), charging: hb.charging ? 1 : 0, firmware: hb.firmware,
        signalDbm: hb.signal_dbm, network: hb.network, txnCount: hb.txn_count,
      });
      if (id === undefined) {
        results[index] = { index, sn: hb.sn, seq: hb.seq, status: "duplicate" };
        continue;
      }
      for (const [code, count] of Object.entries(hb.errors)) st.insertError(id, code, count);
      results[index] = { index, sn: hb.sn, seq: hb.seq, status: "accepted" };
      const prev = touched.get(terminal.id);
      if (!prev || hb.seq > prev.meta.seq) {
        touched.set(terminal.id, { meta: { seq: hb.seq, model: hb.model, appVersion: hb.app_version, lat: hb.lat, lon: hb.lon } });
      }
    }
    for (const [terminalId, { meta }] of touched) refreshState(db, terminalId, now, policy, meta);
  })();
  return summary();
}

/** Re-diagnoses one terminal from its stored window and writes terminal_state. Used by ingest and the sweep. */
export function refreshState(db: Db, terminalId: number, now: number, policy: Policy, meta: Partial<Touched["meta"]> = {}): StateRow | undefined {
  const st = ingestStatements(db);
  const rows = st.readWindow(terminalId, policy.windowMaxBeats);
  const newest = rows[0];
  if (!newest) return undefined;
  const window = toRuleHeartbeats(rows);
  const d = diagnose(window, policy, now);
  let lastSeenAt = 0;
  for (const r of rows) if (r.receivedAt > lastSeenAt) lastSeenAt = r.receivedAt;
  const row: StateRow = {
    terminalId, lastSeq: newest.seq, lastSeenAt, lastDeviceTs: newest.deviceTs,
    batteryPct: newest.batteryPct, charging: newest.charging, firmware: newest.firmware,
    signalDbm: newest.signalDbm, network: newest.network,
    model: meta.model ?? null, appVersion: meta.appVersion ?? null, lat: meta.lat ?? null, lon: meta.lon ?? null,
    status: d.status, category: d.category, severity: d.severity, confidence: d.confidence,
    findings: JSON.stringify(d.findings), diagnosedAt: now,
  };
  st.upsertState(row);
  return row;
}

function identify(item: unknown): { sn?: string; seq?: number } {
  if (typeof item !== "object" || item === null) return {};
  const o = item as Record<string, unknown>;
  return {
    ...(typeof o.sn === "string" && o.sn.length <= 64 ? { sn: o.sn } : {}),
    ...(typeof o.seq === "number" && Number.isSafeInteger(o.seq) ? { seq: o.seq } : {}),
  };
}
