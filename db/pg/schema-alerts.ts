// PostgreSQL twin of db/schema-alerts.ts. The enum tuples are the ones the SQLite schema uses
// (lib/alerts/enums is a constants-only module).
import { sql } from "drizzle-orm";
import { doublePrecision, index, integer, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { PROBLEM_CATEGORIES } from "@/lib/domain/enums";
import { MINUTE_MS } from "@/lib/domain/time";
import { ALERT_EVENT_KINDS, ALERT_SEVERITIES, ALERT_STATUSES, CALL_OUTCOMES, CHANNEL_KINDS, CHANNEL_LOCALES, INCIDENT_KINDS, INCIDENT_STATUSES, OUTBOX_KINDS, RESOLUTIONS } from "@/lib/domain/alerts";
import { epochMs, flag, serialId } from "./columns";
import { agents, merchants, terminals } from "./schema";

export const alerts = pgTable(
  "alerts",
  {
    id: serialId(),
    terminalId: integer("terminal_id").notNull().references(() => terminals.id),
    category: text("category", { enum: PROBLEM_CATEGORIES }).notNull(),
    severity: text("severity", { enum: ALERT_SEVERITIES }).notNull(),
    status: text("status", { enum: ALERT_STATUSES }).notNull(),
    firstSeenAt: epochMs("first_seen_at").notNull(),
    pendingSince: epochMs("pending_since"),
    openedAt: epochMs("opened_at"),
    acknowledgedAt: epochMs("acknowledged_at"),
    acknowledgedBy: integer("acknowledged_by"),
    assigneeId: integer("assignee_id"),
    snoozedUntil: epochMs("snoozed_until"),
    verifyUntil: epochMs("verify_until"),
    clearedAt: epochMs("cleared_at"),
    resolvedAt: epochMs("resolved_at"),
    resolvedBy: integer("resolved_by"),
    resolution: text("resolution", { enum: RESOLUTIONS }),
    lastReminderAt: epochMs("last_reminder_at"),
    reopenCount: integer("reopen_count").notNull().default(0),
    lastCallOutcome: text("last_call_outcome", { enum: CALL_OUTCOMES }),
    lastCallAt: epochMs("last_call_at"),
    incidentId: integer("incident_id"),
    // The call queue priority as of the last sweep (lib/alerts/priority.ts); null until then and after every change of the alert.
    queueRank: doublePrecision("queue_rank"),
    findings: text("findings").notNull().default("[]"), // JSON Finding[]
    createdAt: epochMs("created_at").notNull(),
    updatedAt: epochMs("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("alerts_terminal_id_category_active_idx").on(t.terminalId, t.category).where(sql`status <> 'resolved'`),
    index("alerts_terminal_id_category_resolved_at_idx").on(t.terminalId, t.category, t.resolvedAt),
    index("alerts_status_opened_at_idx").on(t.status, t.openedAt),
    index("alerts_incident_id_idx").on(t.incidentId),
    // The call queue's first page walks this, highest rank first (db/queries/alerts-queue.ts).
    index("alerts_queue_rank_idx").on(t.queueRank.desc(), t.id).where(sql`status IN ('open', 'acknowledged')`),
    // The active alerts only, with every column the sweep's tick tests (db/alert-writes.ts, dueWhere)
    // and the incident rates count (db/alerts-incidents.ts), so those reads never touch the rows.
    index("alerts_active_idx")
      .on(t.status, t.severity, t.pendingSince, t.clearedAt, t.snoozedUntil, t.verifyUntil, t.openedAt, t.lastReminderAt, t.category, t.terminalId, t.incidentId)
      .where(sql`status <> 'resolved'`),
    // Incident grouping reads the recent active alerts outside any incident (db/alerts-incidents.ts).
    index("alerts_ungrouped_idx").on(t.firstSeenAt, t.terminalId, t.category, t.severity).where(sql`status <> 'resolved' AND incident_id IS NULL`),
  ],
);

export const alertEvents = pgTable(
  "alert_events",
  {
    id: serialId(),
    alertId: integer("alert_id"),
    incidentId: integer("incident_id"),
    at: epochMs("at").notNull(),
    kind: text("kind", { enum: ALERT_EVENT_KINDS }).notNull(),
    actorId: integer("actor_id"),
    data: text("data").notNull().default("{}"), // JSON
  },
  (t) => [index("alert_events_alert_id_idx").on(t.alertId, t.id), index("alert_events_incident_id_idx").on(t.incidentId, t.id)],
);

export const incidents = pgTable(
  "incidents",
  {
    id: serialId(),
    kind: text("kind", { enum: INCIDENT_KINDS }).notNull(),
    status: text("status", { enum: INCIDENT_STATUSES }).notNull(),
    groupKey: text("group_key").notNull(),
    city: text("city"),
    carrier: text("carrier"),
    firmware: text("firmware"),
    category: text("category", { enum: PROBLEM_CATEGORIES }).notNull(),
    severity: text("severity", { enum: ALERT_SEVERITIES }).notNull(),
    peakTerminals: integer("peak_terminals").notNull().default(0),
    populationTerminals: integer("population_terminals").notNull().default(0),
    openedAt: epochMs("opened_at").notNull(),
    resolvedAt: epochMs("resolved_at"),
    updatedAt: epochMs("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("incidents_group_key_open_idx").on(t.groupKey).where(sql`status = 'open'`),
    index("incidents_status_opened_at_idx").on(t.status, t.openedAt),
  ],
);

export const silences = pgTable(
  "silences",
  {
    id: serialId(),
    agentId: integer("agent_id").notNull().references(() => agents.id),
    city: text("city"),
    category: text("category", { enum: PROBLEM_CATEGORIES }),
    startsAt: epochMs("starts_at").notNull(),
    endsAt: epochMs("ends_at").notNull(),
    reason: text("reason").notNull().default(""),
    createdBy: integer("created_by"),
    createdAt: epochMs("created_at").notNull(),
  },
  (t) => [index("silences_ends_at_idx").on(t.endsAt), index("silences_agent_id_idx").on(t.agentId)],
);

export const channels = pgTable(
  "channels",
  {
    id: serialId(),
    agentId: integer("agent_id").notNull().references(() => agents.id),
    kind: text("kind", { enum: CHANNEL_KINDS }).notNull(),
    name: text("name").notNull(),
    url: text("url").notNull(),
    secret: text("secret").notNull().default(""),
    locale: text("locale", { enum: CHANNEL_LOCALES }).notNull().default("zh-CN"),
    minSeverity: text("min_severity", { enum: ALERT_SEVERITIES }).notNull().default("warning"),
    windowMs: integer("window_ms").notNull().default(MINUTE_MS),
    enabled: flag("enabled").notNull().default(1),
    cursorEventId: integer("cursor_event_id").notNull().default(0),
    createdAt: epochMs("created_at").notNull(),
    updatedAt: epochMs("updated_at").notNull(),
  },
  (t) => [index("channels_agent_id_idx").on(t.agentId)],
);

export const channelCategories = pgTable(
  "channel_categories",
  {
    channelId: integer("channel_id").notNull().references(() => channels.id, { onDelete: "cascade" }),
    category: text("category", { enum: PROBLEM_CATEGORIES }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.category] })],
);

export const outbox = pgTable(
  "outbox",
  {
    id: serialId(),
    channelId: integer("channel_id").notNull().references(() => channels.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: OUTBOX_KINDS }).notNull(),
    idempotencyKey: text("idempotency_key").notNull().unique(),
    message: text("message").notNull(), // JSON Message
    createdAt: epochMs("created_at").notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: epochMs("next_attempt_at").notNull(),
    deliveredAt: epochMs("delivered_at"),
    failedAt: epochMs("failed_at"),
    lastError: text("last_error"),
  },
  (t) => [
    index("outbox_channel_id_delivered_at_idx").on(t.channelId, t.deliveredAt),
    index("outbox_next_attempt_at_idx").on(t.nextAttemptAt).where(sql`delivered_at IS NULL AND failed_at IS NULL`),
  ],
);

export const deliveryAttempts = pgTable(
  "delivery_attempts",
  {
    id: serialId(),
    outboxId: integer("outbox_id").notNull().references(() => outbox.id, { onDelete: "cascade" }),
    channelId: integer("channel_id").notNull(),
    at: epochMs("at").notNull(),
    durationMs: integer("duration_ms").notNull(),
    httpStatus: integer("http_status"),
    ok: flag("ok").notNull(),
    error: text("error"),
  },
  (t) => [index("delivery_attempts_channel_id_at_idx").on(t.channelId, t.at)],
);

export const merchantTxnDaily = pgTable(
  "merchant_txn_daily",
  {
    merchantId: integer("merchant_id").notNull().references(() => merchants.id),
    dayStart: epochMs("day_start").notNull(),
    txnCount: integer("txn_count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.dayStart] })],
);
