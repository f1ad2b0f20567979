import type { Db } from "@/db/client";
import { findTerminal, insertError, insertHeartbeat, upsertState, type StateRow, type TerminalRef } from "@/db/ingest-store";
import { applyDiagnosis } from "@/lib/alerts/apply-diagnosis";
import { recordErrorCounts } from "@/lib/jobs/rollups";
import { diagnose } from "@/lib/rules/diagnose";
import type { Policy } from "@/lib/rules/policy";
import { deviceTsMs, describeIssues, heartbeatSchema, MAX_FUTURE_MS, type ParsedHeartbeat } from "./schema";
import { windowCache, type CachedBeat } from "./window-cache";
import { loadWindow, mergeWindow } from "./window";

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

/** One request's worth of items with the scope of the key that sent them. */
export interface IngestJob {
  scope: IngestScope;
  items: unknown[];
}

interface Meta {
  seq: number;
  model?: string;
  appVersion?: string;
  lat?: number;
  lon?: number;
}

interface Touched {
  fresh: CachedBeat[];
  meta: Meta;
}

/** Validates, authorises and stores one batch; see ingestJobs. */
export async function ingestHeartbeats(db: Db, scope: IngestScope, items: unknown[], now: number, policy: Policy): Promise<IngestSummary> {
  return (await ingestJobs(db, [{ scope, items }], now, policy))[0]!;
}

/**
 * Stores the items of several requests in ONE transaction (group commit), re-diagnoses every
 * touched terminal once and upserts its state. Resolves only after commit, so callers may
 * acknowledge. A stored (sn, seq) answers `duplicate` and changes nothing. If the transaction
 * fails nothing is stored and the error propagates to every job.
 */
export async function ingestJobs(db: Db, jobs: IngestJob[], now: number, policy: Policy): Promise<IngestSummary[]> {
  const cache = windowCache(db);
  const validated = jobs.map((job) => validate(job.items, now));
  const capacity = policy.windowMaxBeats;
  const written: [number, CachedBeat[]][] = [];

  await db.transaction(async (tx) => {
    const touched = new Map<number, Touched>();
    // A batch often carries several beats of one terminal: look each serial up once.
    const terminals = new Map<string, TerminalRef | undefined>();
    for (let j = 0; j < jobs.length; j++) {
      const job = jobs[j]!;
      const { results, valid } = validated[j]!;
      for (const { index, hb, deviceTs } of valid) {
        let terminal = terminals.get(hb.sn);
        if (terminal === undefined && !terminals.has(hb.sn)) {
          terminal = await findTerminal(tx, hb.sn);
          terminals.set(hb.sn, terminal);
        }
        if (!terminal) {
          results[index] = reject(index, hb, "unknown_terminal", `no terminal with serial ${hb.sn} is registered; register it before it posts`);
          continue;
        }
        if (!terminal.agentPath.startsWith(job.scope.agentPath)) {
          results[index] = reject(index, hb, "out_of_scope", `terminal ${hb.sn} does not belong to this key's agent or its sub-agents; post it with its own agent's key`);
          continue;
        }
        const beat: CachedBeat = {
          seq: hb.seq, at: now, deviceTs, battery: Math.round(hb.battery_pct), charging: hb.charging,
          firmware: hb.firmware, signalDbm: hb.signal_dbm, network: hb.network, errors: hb.errors,
        };
        const id = await insertHeartbeat(tx, {
          terminalId: terminal.id, seq: beat.seq, deviceTs, receivedAt: now, batteryPct: beat.battery,
          charging: beat.charging ? 1 : 0, firmware: beat.firmware, signalDbm: beat.signalDbm, network: beat.network,
          txnCount: hb.txn_count,
        });
        if (id === undefined) {
          results[index] = { index, sn: hb.sn, seq: hb.seq, status: "duplicate" };
          continue;
        }
        if (hasKeys(hb.errors)) {
          for (const code in hb.errors) await insertError(tx, id, code, hb.errors[code]!);
          await recordErrorCounts(tx, terminal.agentId, now, hb.errors);
        }
        results[index] = { index, sn: hb.sn, seq: hb.seq, status: "accepted" };
        const t = touched.get(terminal.id);
        const meta = { seq: hb.seq, model: hb.model, appVersion: hb.app_version, lat: hb.lat, lon: hb.lon };
        if (!t) touched.set(terminal.id, { fresh: [beat], meta });
        else {
          t.fresh.push(beat);
          if (hb.seq > t.meta.seq) t.meta = meta;
        }
      }
    }
    for (const [terminalId, { fresh, meta }] of touched) {
      const cached = cache.get(terminalId, capacity);
      // A cache miss reads the database inside this transaction, which already holds the fresh beats.
      const window = cached ? mergeWindow(cached, fresh, capacity) : await loadWindow(tx, terminalId, capacity);
      await writeState(tx, terminalId, window, now, policy, meta);
      written.push([terminalId, window]);
    }
  });

  // Only after commit: the cache never runs ahead of what is stored.
  for (const [terminalId, window] of written) cache.set(terminalId, window, capacity);
  return validated.map(({ results }) => summarise(results));
}

/** Re-diagnoses one terminal at `now` from its stored window and writes terminal_state (the sweep's path). */
export async function refreshState(db: Db, terminalId: number, now: number, policy: Policy): Promise<StateRow | undefined> {
  const window = await loadWindow(db, terminalId, policy.windowMaxBeats);
  return writeState(db, terminalId, window, now, policy, {});
}

async function writeState(db: Db, terminalId: number, window: CachedBeat[], now: number, policy: Policy, meta: Partial<Meta>): Promise<StateRow | undefined> {
  const newest = window.at(-1);
  if (!newest) return undefined;
  const d = diagnose(window, policy, now);
  let lastSeenAt = 0;
  for (const b of window) if (b.at > lastSeenAt) lastSeenAt = b.at;
  const row: StateRow = {
    terminalId, lastSeq: newest.seq, lastSeenAt, lastDeviceTs: newest.deviceTs,
    batteryPct: newest.battery, charging: newest.charging ? 1 : 0, firmware: newest.firmware,
    signalDbm: newest.signalDbm, network: newest.network,
    model: meta.model ?? null, appVersion: meta.appVersion ?? null, lat: meta.lat ?? null, lon: meta.lon ?? null,
    status: d.status, category: d.category, severity: d.severity, confidence: d.confidence,
    findings: JSON.stringify(d.findings), diagnosedAt: now,
  };
  await upsertState(db, row);
  await applyDiagnosis(db, terminalId, d, now);
  return row;
}

interface Validated {
  results: ItemResult[];
  valid: { index: number; hb: ParsedHeartbeat; deviceTs: number }[];
}

function validate(items: unknown[], now: number): Validated {
  const results: ItemResult[] = new Array(items.length);
  const valid: Validated["valid"] = [];
  items.forEach((item, index) => {
    const parsed = heartbeatSchema.safeParse(item);
    if (!parsed.success) {
      const { fields, message } = describeIssues(parsed.error);
      results[index] = { index, ...identify(item), status: "rejected", code: "invalid", message, fields };
      return;
    }
    const deviceTs = deviceTsMs(parsed.data.ts);
    if (deviceTs > now + MAX_FUTURE_MS) {
      results[index] = reject(index, parsed.data, "future_ts",
        `ts is ${new Date(deviceTs).toISOString()}, more than 24 h ahead of the server clock; fix the terminal's clock`, ["ts"]);
      return;
    }
    valid.push({ index, hb: parsed.data, deviceTs });
  });
  return { results, valid };
}

function reject(index: number, hb: ParsedHeartbeat, code: RejectCode, message: string, fields = ["sn"]): ItemResult {
  return { index, sn: hb.sn, seq: hb.seq, status: "rejected", code, message, fields };
}

function hasKeys(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

function summarise(results: ItemResult[]): IngestSummary {
  let accepted = 0, duplicate = 0, rejected = 0;
  for (const r of results) r.status === "accepted" ? accepted++ : r.status === "duplicate" ? duplicate++ : rejected++;
  return { accepted, duplicate, rejected, results };
}

function identify(item: unknown): { sn?: string; seq?: number } {
  if (typeof item !== "object" || item === null) return {};
  const o = item as Record<string, unknown>;
  return {
    ...(typeof o.sn === "string" && o.sn.length <= 64 ? { sn: o.sn } : {}),
    ...(typeof o.seq === "number" && Number.isSafeInteger(o.seq) ? { seq: o.seq } : {}),
  };
}
