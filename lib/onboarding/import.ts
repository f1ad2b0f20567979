// Fleet onboarding from CSV: every row is checked and reported; nothing is written while any row
// has errors, unless the person asks to import only the valid rows.
import { z } from "zod";
import type { Db } from "@/db/client";
import { setTerminalPlace } from "@/db/activity";
import { recordAudit } from "@/db/audit";
import { createMerchant, createTerminal } from "@/db/fleet";
import { findMerchantId, registeredSerials } from "@/db/queries/auth-onboarding";
import { findAgentInScope, type AgentRef } from "@/db/queries/auth-users";
import { invalid } from "@/lib/auth/errors";
import { assertCan } from "@/lib/auth/permissions";
import type { Scope } from "@/lib/auth/scope";
import { CsvFormatError, parseFleetCsv, type CsvRecord, type Field } from "./csv";

export const IMPORT_MODES = ["check", "all", "valid"] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

/** Codes pages translate; `message` is the English wording for the API and logs. */
export const ROW_ERROR_CODES = ["required", "too_long", "bad_serial", "bad_phone", "duplicate_in_file", "already_registered", "unknown_agent", "bad_position"] as const;
export type RowErrorCode = (typeof ROW_ERROR_CODES)[number];

export interface RowError {
  field: Field;
  code: RowErrorCode;
  message: string;
}

export interface RowReport {
  line: number;
  serial: string;
  errors: RowError[];
}

export interface ImportReport {
  mode: ImportMode;
  total: number;
  valid: number;
  invalid: number;
  /** Terminals written; 0 for a check, or when mode "all" met an invalid row. */
  imported: number;
  merchantsCreated: number;
  rows: RowReport[];
}

const SERIAL = /^[A-Za-z0-9][A-Za-z0-9_-]{3,63}$/;
const PHONE = /^[0-9+\-() ]{0,20}$/;
const LIMITS: Record<Field, number> = { serial: 64, model: 64, merchant: 100, contact: 50, phone: 20, province: 32, city: 32, agent: 64, lat: 20, lon: 20 };

/** The row's coordinates when it gives both as decimal degrees in range; null when it gives neither; "bad" otherwise. */
export function positionOf(r: Pick<CsvRecord, "lat" | "lon">): { lat: number; lon: number } | null | "bad" {
  if (!r.lat && !r.lon) return null;
  const lat = Number(r.lat);
  const lon = Number(r.lon);
  if (!r.lat || !r.lon || !Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180 || (lat === 0 && lon === 0)) return "bad";
  return { lat, lon };
}

function checkRow(r: CsvRecord, agent: AgentRef | undefined): RowError[] {
  const errors: RowError[] = [];
  for (const f of ["serial", "merchant", "province", "city", "agent"] as const) {
    if (!r[f]) errors.push({ field: f, code: "required", message: `${f} is empty` });
  }
  for (const f of Object.keys(LIMITS) as Field[]) {
    if (r[f].length > LIMITS[f]) errors.push({ field: f, code: "too_long", message: `${f} is longer than ${LIMITS[f]} characters` });
  }
  if (r.serial && r.serial.length <= LIMITS.serial && !SERIAL.test(r.serial)) {
    errors.push({ field: "serial", code: "bad_serial", message: "serial must be 4-64 letters, digits, '-' or '_'" });
  }
  if (r.phone && !PHONE.test(r.phone)) errors.push({ field: "phone", code: "bad_phone", message: "phone may hold only digits, spaces, +, - and brackets" });
  if (r.agent && !agent) errors.push({ field: "agent", code: "unknown_agent", message: `no agent "${r.agent}" in your part of the network` });
  if (positionOf(r) === "bad") errors.push({ field: r.lat ? "lon" : "lat", code: "bad_position", message: "lat and lon go together, as decimal degrees (lat −90…90, lon −180…180)" });
  return errors;
}

export const importOptionsSchema = z.object({ mode: z.enum(IMPORT_MODES) });

export async function importFleetCsv(db: Db, scope: Scope, csvText: string | Uint8Array, options: { mode: ImportMode }, now: number, ip = ""): Promise<ImportReport> {
  assertCan(scope, "fleet:import");
  const { mode } = importOptionsSchema.parse(options);
  let parsed;
  try {
    parsed = parseFleetCsv(csvText);
  } catch (err) {
    if (err instanceof CsvFormatError) throw invalid(err.message, { field: "file", reason: "bad_csv" });
    throw err;
  }
  // Each agent code of the file is looked up once, before the rows are checked.
  const agents = new Map<string, AgentRef | undefined>();
  for (const { record } of parsed.rows) {
    if (!agents.has(record.agent)) agents.set(record.agent, record.agent ? await findAgentInScope(db, scope, record.agent) : undefined);
  }
  const agentOf = (code: string) => agents.get(code);
  const taken = await registeredSerials(db, parsed.rows.map((r) => r.record.serial).filter(Boolean));
  const seen = new Map<string, number>();
  const rows: RowReport[] = parsed.rows.map(({ line, record }) => {
    const errors = checkRow(record, agentOf(record.agent));
    const key = record.serial.toUpperCase();
    if (record.serial && seen.has(key)) errors.push({ field: "serial", code: "duplicate_in_file", message: `serial also on line ${seen.get(key)}` });
    else if (record.serial) seen.set(key, line);
    if (taken.has(record.serial)) errors.push({ field: "serial", code: "already_registered", message: "a terminal with this serial is already registered" });
    return { line, serial: record.serial, errors };
  });
  const good = parsed.rows.filter((_, i) => rows[i]!.errors.length === 0);
  const report: ImportReport = { mode, total: rows.length, valid: good.length, invalid: rows.length - good.length, imported: 0, merchantsCreated: 0, rows };
  if (mode === "check" || good.length === 0 || (mode === "all" && report.invalid > 0)) return report;

  await db.transaction(async (tx) => {
    const merchants = new Map<string, number>();
    for (const { record } of good) {
      const agent = agentOf(record.agent)!;
      const key = `${agent.id}\u0000${record.merchant}`;
      let merchantId = merchants.get(key) ?? (await findMerchantId(tx, agent.id, record.merchant));
      if (merchantId === undefined) {
        merchantId = await createMerchant(tx, { name: record.merchant, agentId: agent.id, contactName: record.contact, phone: record.phone, province: record.province, city: record.city }, now);
        report.merchantsCreated++;
      }
      merchants.set(key, merchantId);
      const terminalId = await createTerminal(tx, { sn: record.serial, merchantId, agentId: agent.id, model: record.model }, now);
      const at = positionOf(record);
      if (at && at !== "bad") await setTerminalPlace(tx, { terminalId, city: record.city, lat: at.lat, lon: at.lon }, now);
      report.imported++;
    }
    await recordAudit(tx, scope, { action: "fleet.imported", target: { type: "import", id: now }, after: { mode, imported: report.imported, merchantsCreated: report.merchantsCreated, skipped: report.invalid, serials: good.slice(0, 50).map((g) => g.record.serial) }, ip }, now);
  });
  return report;
}
