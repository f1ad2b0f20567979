// Response shapes of the read API as zod schemas: the handlers' outputs are typed against them
// and the OpenAPI document is generated from them and from the query schemas the handlers parse.
import { z } from "zod";
import { CATEGORIES, CODE_CATEGORIES, CONFIDENCES, NETWORKS, PROBLEM_CATEGORIES, SEVERITIES, STATUSES } from "@/lib/domain/enums";
import { BATTERY_BUCKET_KEYS, COMPLIANCE, SIGNAL_BUCKET_KEYS } from "@/db/queries/buckets";

const epochMs = z.number().int().describe("epoch milliseconds");
const text = z.object({ zh: z.string(), en: z.string() });

export const terminalRowSchema = z.object({
  sn: z.string(),
  merchant: z.string(),
  city: z.string(),
  agentId: z.number().int(),
  agentName: z.string(),
  model: z.string(),
  status: z.enum(STATUSES),
  category: z.enum(CATEGORIES),
  severity: z.enum(SEVERITIES),
  batteryPct: z.number().int().describe("percent"),
  charging: z.boolean(),
  signalDbm: z.number().int().nullable().describe("dBm; null when there is no service"),
  network: z.enum(NETWORKS),
  firmware: z.string(),
  compliance: z.enum(COMPLIANCE),
  lastSeenAt: epochMs,
});

export const terminalPageSchema = z.object({
  data: z.array(terminalRowSchema),
  total: z.number().int().describe("rows matching the filters, all pages"),
  nextCursor: z.string().nullable().describe("pass as `after` for the next page; null on the last page"),
  prevCursor: z.string().nullable().describe("pass as `before` for the previous page; null on the first page"),
});

export const findingSchema = z.object({
  ruleId: z.string(),
  category: z.enum(PROBLEM_CATEGORIES),
  severity: z.enum(["warning", "critical"]),
  confidence: z.enum(CONFIDENCES).optional(),
  message: text,
  steps: z.object({ zh: z.array(z.string()), en: z.array(z.string()) }),
  evidence: z.object({
    readings: z.array(z.string()),
    codes: z.record(z.string(), z.number()).optional(),
    values: z.record(z.string(), z.unknown()).optional(),
    since: epochMs.nullable(),
  }),
});

export const terminalDetailSchema = z.object({
  terminal: z.object({ sn: z.string(), model: z.string(), carrier: z.string(), activatedAt: epochMs.nullable() }),
  merchant: z.object({ name: z.string(), contactName: z.string(), phone: z.string(), province: z.string(), city: z.string(), address: z.string() }),
  agent: z.object({ id: z.number().int(), code: z.string(), name: z.string() }),
  state: z
    .object({
      status: z.enum(STATUSES),
      category: z.enum(CATEGORIES),
      severity: z.enum(SEVERITIES),
      confidence: z.enum(CONFIDENCES),
      findings: z.array(findingSchema),
      batteryPct: z.number().int(),
      charging: z.boolean(),
      signalDbm: z.number().int().nullable(),
      network: z.enum(NETWORKS),
      firmware: z.string(),
      appVersion: z.string().nullable(),
      lastSeenAt: epochMs,
      diagnosedAt: epochMs,
      categorySince: epochMs,
    })
    .nullable()
    .describe("null when the terminal never reported"),
  recentHeartbeats: z.array(
    z.object({
      seq: z.number().int(),
      receivedAt: epochMs,
      batteryPct: z.number().int(),
      charging: z.boolean(),
      signalDbm: z.number().int().nullable(),
      network: z.enum(NETWORKS),
      firmware: z.string(),
      txnCount: z.number().int(),
      errors: z.record(z.string(), z.number().int()),
    }),
  ),
});

const codeStat = z.object({
  code: z.string(),
  category: z.enum([...CODE_CATEGORIES, "unknown"]),
  meaning: text.nullable(),
  occurrences: z.number().int().describe("times reported in the last 24 h"),
  terminalsNow: z.number().int().describe("terminals whose current diagnosis cites the code"),
});
const breakdown = z.object({
  key: z.string(),
  agentId: z.number().int().nullable(),
  label: z.string(),
  direct: z.boolean(),
  terminals: z.number().int(),
  problems: z.number().int(),
  offline: z.number().int(),
});

export const fleetSummarySchema = z.object({
  total: z.number().int(),
  neverReported: z.number().int(),
  online: z.number().int(),
  offline: z.number().int(),
  byCategory: z.array(z.object({ category: z.enum(CATEGORIES), severity: z.enum(SEVERITIES), terminals: z.number().int() })),
  battery: z.array(z.object({ bucket: z.enum(BATTERY_BUCKET_KEYS), terminals: z.number().int() })),
  signal: z.array(z.object({ bucket: z.enum(SIGNAL_BUCKET_KEYS), terminals: z.number().int() })),
  compliance: z.object({ ok: z.number().int(), below_min: z.number().int(), blocked: z.number().int() }),
  policy: z.object({ minFirmware: z.string(), blockedFirmware: z.array(z.string()) }),
  topCodes: z.object({ problem: z.array(codeStat), other: z.array(codeStat) }),
  byAgent: z.array(breakdown),
  byCity: z.array(breakdown),
});

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  parameter: z.string().optional().describe("the query parameter at fault, on 400"),
});
