import type { Db } from "@/db/client";
import {
  activeAlertTerminalsPg, addErrorCountsPg, findTerminal, insertError, insertErrorsPg, insertHeartbeat, insertHeartbeatsPg,
  lockTerminalsById, lockTerminalsBySn, readWindowsPg, stateVersionsPg, upsertState, upsertStatesPg,
  type HeartbeatRow, type LockedTerminal, type StateRow, type TerminalRef,
} from "@/db/ingest-store";
import { placeSources } from "@/db/activity";
import { addBatteryDays, wearOf } from "@/db/battery";
import type { BatteryDayDelta, BatteryWearRow } from "@/lib/domain/battery";
import { applyDiagnosis } from "@/lib/alerts/apply-diagnosis";
import { DEFAULT_ALERT_CONFIG } from "@/lib/alerts/config";
import { recordErrorCounts } from "@/db/rollups";
import { hourStart } from "@/lib/domain/time";
import { diagnose } from "@/lib/rules/diagnose";
import { registeredPlace, type RegisteredPlace } from "@/lib/rules/findings/relocation";
import { windowBeatCapacity, type Policy } from "@/lib/rules/policy";
import type { Diagnosis } from "@/lib/rules/types";
import { MINUTE_MS } from "@/lib/rules/window";
import { deviceTsMs, describeIssues, heartbeatSchema, MAX_FUTURE_MS, type ParsedHeartbeat } from "./schema";
import { batteryDeltas } from "./battery-daily";
import { windowCache, type CachedBeat } from "./window-cache";
import { loadWindow, mergeWindow, toRuleHeartbeats } from "./window";

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
  if (db.dialect === "pg") return ingestJobsPg(db, jobs, now, policy);
  const cache = windowCache(db);
  const validated = jobs.map((job) => validate(job.items, now));
  const capacity = windowBeatCapacity(policy);
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
          firmware: hb.firmware, signalDbm: hb.signal_dbm, network: hb.network, errors: hb.errors, txnCount: hb.txn_count,
          lat: hb.lat ?? null, lon: hb.lon ?? null,
        };
        const id = await insertHeartbeat(tx, {
          terminalId: terminal.id, seq: beat.seq, deviceTs, receivedAt: now, batteryPct: beat.battery,
          charging: beat.charging ? 1 : 0, firmware: beat.firmware, signalDbm: beat.signalDbm, network: beat.network,
          txnCount: hb.txn_count, lat: beat.lat ?? null, lon: beat.lon ?? null,
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
    const places = await placesOf(tx, [...touched.keys()]);
    const wears = await wearOf(tx, [...touched.keys()]);
    const battery: BatteryDayDelta[] = [];
    for (const [terminalId, { fresh, meta }] of touched) {
      const cached = cache.get(terminalId, capacity);
      // A cache miss reads the database inside this transaction, which already holds the fresh beats.
      const window = cached ? mergeWindow(cached, fresh, capacity) : await loadWindow(tx, terminalId, capacity);
      battery.push(...batteryDeltas(terminalId, window, fresh));
      await writeState(tx, terminalId, window, now, policy, meta, places.get(terminalId) ?? null, wears.get(terminalId) ?? null);
      written.push([terminalId, window]);
    }
    await addBatteryDays(tx, battery);
  });

  // Only after commit: the cache never runs ahead of what is stored.
  for (const [terminalId, window] of written) cache.set(terminalId, window, capacity);
  return validated.map(({ results }) => summarise(results));
}

/**
 * Re-diagnoses one terminal at `now` from its stored window and writes terminal_state (the
 * sweep's path). On PostgreSQL the terminal is locked first and its window read from the
 * database, as ingest on any instance would.
 */
export async function refreshState(db: Db, terminalId: number, now: number, policy: Policy): Promise<StateRow | undefined> {
  const capacity = windowBeatCapacity(policy);
  if (db.dialect !== "pg") {
    const place = (await placesOf(db, [terminalId])).get(terminalId) ?? null;
    const wear = (await wearOf(db, [terminalId])).get(terminalId) ?? null;
    return writeState(db, terminalId, await loadWindow(db, terminalId, capacity), now, policy, {}, place, wear);
  }
  return db.transaction(async (tx) => {
    await lockTerminalsById(tx, [terminalId]);
    // Unbounded by time: an offline terminal is judged on the window ending at its last beat.
    const rows = (await readWindowsPg(tx, [terminalId], 0, capacity)).get(terminalId)!;
    const place = (await placesOf(tx, [terminalId])).get(terminalId) ?? null;
    const wear = (await wearOf(tx, [terminalId])).get(terminalId) ?? null;
    return writeState(tx, terminalId, toRuleHeartbeats(rows), now, policy, {}, place, wear);
  });
}

/** Each terminal's registered place: imported coordinates, else its merchant city's centre (null when unknown). */
async function placesOf(db: Db, terminalIds: number[]): Promise<Map<number, RegisteredPlace | null>> {
  const out = new Map<number, RegisteredPlace | null>();
  for (const [id, s] of await placeSources(db, terminalIds)) out.set(id, registeredPlace(s.city, s));
  return out;
}

async function writeState(
  db: Db, terminalId: number, window: CachedBeat[], now: number, policy: Policy, meta: Partial<Meta>, place: RegisteredPlace | null,
  wear: BatteryWearRow | null = null,
): Promise<StateRow | undefined> {
  const built = stateOf(terminalId, window, now, policy, meta, place, wear);
  if (!built) return undefined;
  await upsertState(db, built.row);
  // PostgreSQL: the terminal is locked (refreshState), so its active alerts as committed decide.
  const known = db.dialect === "pg" ? (await activeAlertTerminalsPg(db, [terminalId])).has(terminalId) : undefined;
  await applyDiagnosis(db, terminalId, built.diagnosis, now, DEFAULT_ALERT_CONFIG, known);
  return built.row;
}

function stateOf(
  terminalId: number, window: CachedBeat[], now: number, policy: Policy, meta: Partial<Meta>, place: RegisteredPlace | null,
  wear: BatteryWearRow | null = null,
): { row: StateRow; diagnosis: Diagnosis } | undefined {
  const newest = window.at(-1);
  if (!newest) return undefined;
  const d = diagnose(window, policy, now, place, wear);
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
  return { row, diagnosis: d };
}

/**
 * ingestJobs on PostgreSQL, where several instances may ingest the same terminals. One
 * transaction per batch, a fixed handful of statements whatever its size:
 *   1. the batch's serials looked up and their terminals rows locked, in id order;
 *   2. the heartbeats inserted in one statement (ON CONFLICT ... DO NOTHING RETURNING tells
 *      stored from duplicate), then their codes and the hourly code counts;
 *   3. under the locks, the state row version of each touched terminal: a cached window is used
 *      only when the row still has the version this process wrote with it, so a beat stored by
 *      another instance is never missed; the other windows are read in one statement;
 *   4. every touched terminal diagnosed, its state upserted (one statement), and its alerts moved,
 *      with the terminal's active alerts read from the database, not this process's set.
 */
async function ingestJobsPg(db: Db, jobs: IngestJob[], now: number, policy: Policy): Promise<IngestSummary[]> {
  const cache = windowCache(db);
  const validated = jobs.map((job) => validate(job.items, now));
  const capacity = windowBeatCapacity(policy);
  const written: [number, CachedBeat[], string][] = [];
  const sns = new Set<string>();
  for (const { valid } of validated) for (const { hb } of valid) sns.add(hb.sn);
  if (sns.size === 0) return validated.map(({ results }) => summarise(results));

  await db.transaction(async (tx) => {
    const terminals = new Map<string, LockedTerminal>();
    for (const t of await lockTerminalsBySn(tx, [...sns])) terminals.set(t.sn, t);

    interface Candidate {
      j: number;
      index: number;
      hb: ParsedHeartbeat;
      terminal: LockedTerminal;
      beat: CachedBeat;
    }
    const candidates = new Map<string, Candidate>();
    const duplicates: { j: number; index: number; hb: ParsedHeartbeat }[] = [];
    const rows: HeartbeatRow[] = [];
    for (let j = 0; j < jobs.length; j++) {
      const { results, valid } = validated[j]!;
      for (const { index, hb, deviceTs } of valid) {
        const terminal = terminals.get(hb.sn);
        if (!terminal) {
          results[index] = reject(index, hb, "unknown_terminal", `no terminal with serial ${hb.sn} is registered; register it before it posts`);
          continue;
        }
        if (!terminal.agentPath.startsWith(jobs[j]!.scope.agentPath)) {
          results[index] = reject(index, hb, "out_of_scope", `terminal ${hb.sn} does not belong to this key's agent or its sub-agents; post it with its own agent's key`);
          continue;
        }
        // The idempotency key on PostgreSQL (see db/migrations/pg/0001_*.sql).
        const key = `${terminal.id}:${hb.seq}:${deviceTs}`;
        if (candidates.has(key)) {
          duplicates.push({ j, index, hb });
          continue;
        }
        const beat: CachedBeat = {
          seq: hb.seq, at: now, deviceTs, battery: Math.round(hb.battery_pct), charging: hb.charging,
          firmware: hb.firmware, signalDbm: hb.signal_dbm, network: hb.network, errors: hb.errors, txnCount: hb.txn_count,
          lat: hb.lat ?? null, lon: hb.lon ?? null,
        };
        candidates.set(key, { j, index, hb, terminal, beat });
        rows.push({
          terminalId: terminal.id, seq: beat.seq, deviceTs, receivedAt: now, batteryPct: beat.battery,
          charging: beat.charging ? 1 : 0, firmware: beat.firmware, signalDbm: beat.signalDbm, network: beat.network,
          txnCount: hb.txn_count, lat: beat.lat ?? null, lon: beat.lon ?? null,
        });
      }
    }
    for (const { j, index, hb } of duplicates) validated[j]!.results[index] = { index, sn: hb.sn, seq: hb.seq, status: "duplicate" };

    const stored = new Map<string, number>();
    for (const r of await insertHeartbeatsPg(tx, rows)) stored.set(`${r.terminalId}:${r.seq}:${r.deviceTs}`, r.id);

    const touched = new Map<number, Touched>();
    const errorIds: number[] = [], errorCodes: string[] = [], errorCounts: number[] = [];
    const codeTotals = new Map<string, { agentId: number; code: string; n: number }>();
    for (const [key, { j, index, hb, terminal, beat }] of candidates) {
      const results = validated[j]!.results;
      const id = stored.get(key);
      if (id === undefined) {
        results[index] = { index, sn: hb.sn, seq: hb.seq, status: "duplicate" };
        continue;
      }
      results[index] = { index, sn: hb.sn, seq: hb.seq, status: "accepted" };
      for (const code in hb.errors) {
        const n = hb.errors[code]!;
        errorIds.push(id);
        errorCodes.push(code);
        errorCounts.push(n);
        if (n <= 0) continue;
        const total = codeTotals.get(`${terminal.agentId}:${code}`);
        if (total) total.n += n;
        else codeTotals.set(`${terminal.agentId}:${code}`, { agentId: terminal.agentId, code, n });
      }
      const t = touched.get(terminal.id);
      const meta = { seq: hb.seq, model: hb.model, appVersion: hb.app_version, lat: hb.lat, lon: hb.lon };
      if (!t) touched.set(terminal.id, { fresh: [beat], meta });
      else {
        t.fresh.push(beat);
        if (hb.seq > t.meta.seq) t.meta = meta;
      }
    }
    if (touched.size === 0) return;
    await insertErrorsPg(tx, errorIds, errorCodes, errorCounts);
    const totals = [...codeTotals.values()];
    await addErrorCountsPg(tx, totals.map(() => hourStart(now)), totals.map((t) => t.agentId), totals.map((t) => t.code), totals.map((t) => t.n));

    const ids = [...touched.keys()].sort((a, b) => a - b);
    const versions = new Map<number, string>();
    for (const v of await stateVersionsPg(tx, ids)) versions.set(v.terminalId, v.version);
    const windows = new Map<number, CachedBeat[]>();
    const misses: number[] = [];
    for (const id of ids) {
      const version = versions.get(id);
      const cached = version === undefined ? undefined : cache.get(id, capacity, version);
      if (cached) windows.set(id, mergeWindow(cached, touched.get(id)!.fresh, capacity));
      else misses.push(id);
    }
    // Read after this batch's inserts, so the fresh beats are in it.
    const read = await readWindowsPg(tx, misses, now - policy.windowMinutes * MINUTE_MS, capacity);
    for (const [id, rowsOf] of read) windows.set(id, toRuleHeartbeats(rowsOf));

    const places = await placesOf(tx, ids);
    const wears = await wearOf(tx, ids);
    const states: { row: StateRow; diagnosis: Diagnosis }[] = [];
    const battery: BatteryDayDelta[] = [];
    for (const id of ids) {
      battery.push(...batteryDeltas(id, windows.get(id)!, touched.get(id)!.fresh));
      const built = stateOf(id, windows.get(id)!, now, policy, touched.get(id)!.meta, places.get(id) ?? null, wears.get(id) ?? null);
      if (built) states.push(built);
    }
    await addBatteryDays(tx, battery);
    const newVersions = await upsertStatesPg(tx, states.map((s) => s.row));
    const tracked = await activeAlertTerminalsPg(tx, ids);
    for (const { row, diagnosis } of states) await applyDiagnosis(tx, row.terminalId, diagnosis, now, DEFAULT_ALERT_CONFIG, tracked.has(row.terminalId));
    for (const id of ids) written.push([id, windows.get(id)!, newVersions.get(id)!]);
  });

  // Only after commit, each entry stamped with the state row version this transaction wrote.
  for (const [terminalId, window, version] of written) cache.set(terminalId, window, capacity, version);
  return validated.map(({ results }) => summarise(results));
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
