// Response shapes of the read API as zod schemas: the handlers' outputs are typed against them
// and the OpenAPI document is generated from them and from the query schemas the handlers parse.
import { z } from "zod";
import type { ScopedAlert } from "@/db/alerts-actions";
import type { AlertDetail } from "@/db/queries/alerts-detail";
import type { QueueItem } from "@/db/queries/alerts-queue";
import type { TokenListRow } from "@/db/queries/auth-sessions";
import { BATTERY_BUCKET_KEYS, COMPLIANCE, SIGNAL_BUCKET_KEYS } from "@/db/queries/buckets";
import type { BulkResult } from "@/lib/alerts/act";
import { ALERT_EVENT_KINDS, ALERT_SEVERITIES, ALERT_STATUSES, CALL_OUTCOMES, INCIDENT_KINDS, RESOLUTIONS } from "@/lib/domain/alerts";
import { CATEGORIES, CODE_CATEGORIES, CONFIDENCES, NETWORKS, PROBLEM_CATEGORIES, SEVERITIES, STATUSES } from "@/lib/domain/enums";
import { REJECT_CODES, type IngestSummary } from "@/lib/ingest/ingest";

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
  total: z.number().int().describe("rows matching the filters, all pages; a lower bound (10,000) when totalExact is false"),
  totalExact: z.boolean().describe("false when more than 10,000 rows match a mix of filters the fleet counters do not hold, which are not counted one by one"),
  nextCursor: z.string().nullable().describe("pass as `after` for the next page; null on the last page"),
  prevCursor: z.string().nullable().describe("pass as `before` for the previous page; null on the first page"),
  search: z
    .object({
      q: z.string(),
      serial: z.enum(["prefix"]).describe("a row matches when its serial starts with q"),
      merchant: z.enum(["contains"]).describe("or when its merchant name contains q (at any length; from three characters through a trigram index)"),
    })
    .nullable()
    .describe("what q matched; null without q"),
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
  battery: z.array(z.object({ bucket: z.enum(BATTERY_BUCKET_KEYS), terminals: z.number().int() }))
    .describe("terminals off the charger per battery level bucket (a charging terminal's level says nothing about its battery)"),
  charging: z.number().int().describe("terminals on the charger now, not counted in battery"),
  signal: z.array(z.object({ bucket: z.enum(SIGNAL_BUCKET_KEYS), terminals: z.number().int() })),
  compliance: z.object({ ok: z.number().int(), below_min: z.number().int(), blocked: z.number().int() }),
  policy: z.object({ minFirmware: z.string(), blockedFirmware: z.array(z.string()) }),
  topCodes: z.object({ problem: z.array(codeStat), other: z.array(codeStat) }),
  byAgent: z.array(breakdown),
  byCity: z.array(breakdown),
});

/** RFC 9457 problem details; the extra members appear where the error has them. */
export const problemSchema = z.looseObject({
  type: z.string().describe("a URI naming the kind of problem"),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().describe("what went wrong and what to send instead, in English"),
  parameter: z.string().optional().describe("the query parameter or body member at fault, on 400"),
  errors: z.array(z.object({ parameter: z.string(), message: z.string() })).optional().describe("every bad query parameter, on 400"),
  fields: z.array(z.string()).optional().describe("the heartbeat fields at fault, on 400 from ingest"),
  field: z.string().optional().describe("the body member at fault, on 422"),
  issues: z
    .array(z.object({ field: z.string(), code: z.string(), message: z.string(), params: z.record(z.string(), z.unknown()) }))
    .optional()
    .describe("every validation issue, on 422"),
  reason: z.string().optional().describe("a stable code for why the request was refused, on 409 and 422"),
  alertId: z.number().int().optional(),
  retryAfterSeconds: z.number().int().optional().describe("also sent as the Retry-After header, on 429 and 503"),
  limitBytes: z.number().int().optional().describe("the body size limit, on 413"),
  maxBatch: z.number().int().optional().describe("the most heartbeats one batch may hold, on 400"),
});

// --- Ingest ------------------------------------------------------------------------------------

export const ingestItemResultSchema = z.union([
  z.object({
    index: z.number().int().describe("position of the item in the request (0 for a single heartbeat)"),
    sn: z.string(),
    seq: z.number().int(),
    status: z.enum(["accepted", "duplicate"]).describe("duplicate: this (sn, seq, ts) was stored before; nothing changed"),
  }),
  z.object({
    index: z.number().int(),
    sn: z.string().optional(),
    seq: z.number().int().optional(),
    status: z.literal("rejected"),
    code: z
      .enum(REJECT_CODES)
      .describe("invalid: fails the schema; unknown_terminal: no such serial; out_of_scope: the serial belongs outside the key's agent network; future_ts: more than 24 h ahead of the server clock"),
    message: z.string(),
    fields: z.array(z.string()).optional(),
  }),
]);

export const ingestSummarySchema = z.object({
  accepted: z.number().int(),
  duplicate: z.number().int(),
  rejected: z.number().int(),
  results: z.array(ingestItemResultSchema).describe("one per item, in request order"),
});

// --- Alerts ------------------------------------------------------------------------------------

const isoTime = z.string().describe("ISO 8601 time (UTC)");
const userId = z.number().int().describe("user id");

const alertTerminalFields = {
  terminalId: z.number().int(),
  terminalStatus: z.enum(["online", "offline"]).nullable(),
  sn: z.string(),
  model: z.string(),
  carrier: z.string(),
  merchant: z.string(),
  contactName: z.string(),
  phone: z.string(),
  city: z.string(),
  address: z.string(),
  agentName: z.string(),
  txn7d: z.number().describe("the merchant's transactions over the last 7 days"),
  priority: z.number().describe("queue rank: higher is called first"),
  muted: z.boolean().describe("a silence covers the terminal's agent"),
};

export const alertQueueItemSchema = z.object({
  ...alertTerminalFields,
  id: z.number().int(),
  category: z.enum(PROBLEM_CATEGORIES),
  severity: z.enum(ALERT_SEVERITIES),
  status: z.enum(ALERT_STATUSES),
  openedAt: isoTime,
  acknowledgedAt: isoTime.nullable(),
  assigneeId: userId.nullable(),
  assigneeName: z.string().nullable(),
  lastCallOutcome: z.enum(CALL_OUTCOMES).nullable(),
  lastCallAt: isoTime.nullable(),
  reopenCount: z.number().int(),
  findings: z.array(findingSchema),
  url: z.string().describe("the alert's page"),
});

export const alertQueuePageSchema = z.object({
  data: z.array(alertQueueItemSchema),
  total: z.number().int().describe("alerts matching the filters, all pages; a lower bound (1,000) when totalExact is false"),
  totalExact: z.boolean().describe("false when more than 1,000 alerts match, which are not counted one by one"),
  page: z.number().int(),
  pages: z.number().int(),
});

export const alertDetailSchema = z.object({
  ...alertTerminalFields,
  id: z.number().int(),
  category: z.enum(PROBLEM_CATEGORIES),
  severity: z.enum(ALERT_SEVERITIES),
  status: z.enum(ALERT_STATUSES),
  firstSeenAt: epochMs,
  openedAt: epochMs.nullable(),
  acknowledgedAt: epochMs.nullable(),
  acknowledgedByName: z.string().nullable(),
  assigneeId: userId.nullable(),
  assigneeName: z.string().nullable(),
  snoozedUntil: epochMs.nullable(),
  verifyUntil: epochMs.nullable(),
  clearedAt: epochMs.nullable(),
  resolvedAt: epochMs.nullable(),
  resolvedByName: z.string().nullable(),
  resolution: z.enum(RESOLUTIONS).nullable(),
  reopenCount: z.number().int(),
  lastCallOutcome: z.enum(CALL_OUTCOMES).nullable(),
  incident: z.object({ id: z.number().int(), kind: z.enum(INCIDENT_KINDS), status: z.string() }).nullable(),
  findings: z.array(findingSchema),
  timeline: z.array(
    z.object({
      id: z.number().int(),
      at: isoTime,
      kind: z.enum(ALERT_EVENT_KINDS),
      actorId: userId.nullable(),
      actorName: z.string().nullable().describe("null when the system acted"),
      data: z.record(z.string(), z.unknown()),
    }),
  ),
});

/** One alert's stored state, as an action leaves it. */
export const alertRecordSchema = z.object({
  id: z.number().int(),
  terminalId: z.number().int(),
  category: z.enum(PROBLEM_CATEGORIES),
  incidentId: z.number().int().nullable(),
  agentId: z.number().int(),
  agentPath: z.string().describe('the agent\'s materialised path, e.g. "/1/4/"'),
  status: z.enum(ALERT_STATUSES),
  severity: z.enum(ALERT_SEVERITIES),
  firstSeenAt: epochMs,
  pendingSince: epochMs.nullable(),
  openedAt: epochMs.nullable(),
  acknowledgedAt: epochMs.nullable(),
  acknowledgedBy: userId.nullable(),
  assigneeId: userId.nullable(),
  snoozedUntil: epochMs.nullable(),
  verifyUntil: epochMs.nullable(),
  clearedAt: epochMs.nullable(),
  resolvedAt: epochMs.nullable(),
  resolvedBy: userId.nullable(),
  resolution: z.enum(RESOLUTIONS).nullable(),
  lastReminderAt: epochMs.nullable(),
  reopenCount: z.number().int(),
  lastCallOutcome: z.enum(CALL_OUTCOMES).nullable(),
  lastCallAt: epochMs.nullable(),
});

export const bulkResultSchema = z.object({
  changed: z.array(z.number().int()).describe("ids of the alerts the action changed"),
  skipped: z.array(z.object({ id: z.number().int(), reason: z.string() })).describe("alerts left as they were, with why"),
  alerts: z.array(alertRecordSchema).describe("the changed alerts as they are now"),
});

// --- API tokens --------------------------------------------------------------------------------

export const tokenListSchema = z.object({
  tokens: z.array(
    z.object({
      id: z.number().int(),
      label: z.string(),
      prefix: z.string().describe("the first characters of the token, to recognise it"),
      createdAt: isoTime,
      lastUsedAt: isoTime.nullable(),
      revokedAt: isoTime.nullable(),
    }),
  ),
});

export const createdTokenSchema = z.object({
  id: z.number().int(),
  token: z.string().describe("the secret, pfa_…; shown only in this answer"),
  prefix: z.string(),
});

// --- What the handlers return fits the documented shapes (checked by the compiler) --------------

type Iso<T, K extends keyof T> = Omit<T, K> & { [P in K]: null extends T[P] ? string | null : string };
type Fits<Actual, Documented> = Actual extends Documented ? true : false;
type Assert<T extends true> = T;

export type HandlerOutputsFitSchemas = [
  Assert<Fits<IngestSummary, z.output<typeof ingestSummarySchema>>>,
  Assert<Fits<Iso<QueueItem, "openedAt" | "acknowledgedAt" | "lastCallAt"> & { url: string }, z.output<typeof alertQueueItemSchema>>>,
  Assert<Fits<Omit<AlertDetail, "timeline"> & { timeline: Iso<AlertDetail["timeline"][number], "at">[] }, z.output<typeof alertDetailSchema>>>,
  Assert<Fits<ScopedAlert, z.output<typeof alertRecordSchema>>>,
  Assert<Fits<BulkResult & { alerts: ScopedAlert[] }, z.output<typeof bulkResultSchema>>>,
  Assert<Fits<{ tokens: Iso<TokenListRow, "createdAt" | "lastUsedAt" | "revokedAt">[] }, z.output<typeof tokenListSchema>>>,
];
