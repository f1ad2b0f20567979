// Alerts and what they drive: the timeline of each alert, incidents, maintenance windows
// (silences), notification channels with their outbox and delivery log, and the merchant
// transaction rollup the call queue ranks by. See docs/alerts.md.
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { PROBLEM_CATEGORIES } from "@/lib/domain/enums";
import { MINUTE_MS } from "@/lib/domain/time";
import { ALERT_EVENT_KINDS, ALERT_SEVERITIES, ALERT_STATUSES, CALL_OUTCOMES, CHANNEL_KINDS, CHANNEL_LOCALES, INCIDENT_KINDS, INCIDENT_STATUSES, OUTBOX_KINDS, RESOLUTIONS } from "@/lib/domain/alerts";
import { agents, merchants, terminals } from "./schema";

/**
 * One problem of one terminal: at most one active (not resolved) alert per terminal and category,
 * enforced by a partial unique index that is also the ingest hot path's lookup.
 */
export const alerts = sqliteTable(
  "alerts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    terminalId: integer("terminal_id").notNull().references(() => terminals.id),
    category: text("category", { enum: PROBLEM_CATEGORIES }).notNull(),
    severity: text("severity", { enum: ALERT_SEVERITIES }).notNull(),
    status: text("status", { enum: ALERT_STATUSES }).notNull(),
    firstSeenAt: integer("first_seen_at").notNull(), // epoch ms, start of the current occurrence
    pendingSince: integer("pending_since"), // epoch ms
    openedAt: integer("opened_at"), // epoch ms, latest opening
    acknowledgedAt: integer("acknowledged_at"), // epoch ms
    acknowledgedBy: integer("acknowledged_by"), // user id
    assigneeId: integer("assignee_id"), // user id
    snoozedUntil: integer("snoozed_until"), // epoch ms
    verifyUntil: integer("verify_until"), // epoch ms
    clearedAt: integer("cleared_at"), // epoch ms, healthy since
    resolvedAt: integer("resolved_at"), // epoch ms
    resolvedBy: integer("resolved_by"), // user id; null = the system
    resolution: text("resolution", { enum: RESOLUTIONS }),
    lastReminderAt: integer("last_reminder_at"), // epoch ms
    reopenCount: integer("reopen_count").notNull().default(0), // count
    lastCallOutcome: text("last_call_outcome", { enum: CALL_OUTCOMES }),
    lastCallAt: integer("last_call_at"), // epoch ms
    incidentId: integer("incident_id"),
    // The call queue priority as of the last sweep (lib/alerts/priority.ts); null until then and after every change of the alert.
    queueRank: real("queue_rank"),
    findings: text("findings", { mode: "json" }).notNull().default(sql`'[]'`), // Finding[] of this category, latest worsening
    createdAt: integer("created_at").notNull(), // epoch ms
    updatedAt: integer("updated_at").notNull(), // epoch ms
  },
  (t) => [
    uniqueIndex("alerts_terminal_id_category_active_idx").on(t.terminalId, t.category).where(sql`status <> 'resolved'`),
    index("alerts_terminal_id_category_resolved_at_idx").on(t.terminalId, t.category, t.resolvedAt),
    index("alerts_status_opened_at_idx").on(t.status, t.openedAt),
    index("alerts_incident_id_idx").on(t.incidentId),
    // The call queue's first page walks this, highest rank first (db/queries/alerts-queue.ts).
    index("alerts_queue_rank_idx").on(sql`queue_rank DESC`, t.id).where(sql`status IN ('open', 'acknowledged')`),
    // The active alerts only, with every column the sweep's tick tests (db/alert-writes.ts, dueWhere)
    // and the incident rates count (db/alerts-incidents.ts), so those reads never touch the rows.
    index("alerts_active_idx")
      .on(t.status, t.severity, t.pendingSince, t.clearedAt, t.snoozedUntil, t.verifyUntil, t.openedAt, t.lastReminderAt, t.category, t.terminalId, t.incidentId)
      .where(sql`status <> 'resolved'`),
    // Incident grouping reads the recent active alerts outside any incident (db/alerts-incidents.ts).
    index("alerts_ungrouped_idx").on(t.firstSeenAt, t.terminalId, t.category, t.severity).where(sql`status <> 'resolved' AND incident_id IS NULL`),
  ],
);

/** The timeline: every transition of an alert, and the life of incidents. `actorId` null = the system. */
export const alertEvents = sqliteTable(
  "alert_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    alertId: integer("alert_id"),
    incidentId: integer("incident_id"),
    at: integer("at").notNull(), // epoch ms
    kind: text("kind", { enum: ALERT_EVENT_KINDS }).notNull(),
    actorId: integer("actor_id"), // user id
    data: text("data", { mode: "json" }).notNull().default(sql`'{}'`), // kind-specific details
  },
  (t) => [index("alert_events_alert_id_idx").on(t.alertId, t.id), index("alert_events_incident_id_idx").on(t.incidentId, t.id)],
);

/** Many alerts with one cause: a carrier outage in a city, or a bad firmware version. */
export const incidents = sqliteTable(
  "incidents",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: INCIDENT_KINDS }).notNull(),
    status: text("status", { enum: INCIDENT_STATUSES }).notNull(),
    groupKey: text("group_key").notNull(), // "carrier:<city>:<carrier>" or "firmware:<version>"
    city: text("city"),
    carrier: text("carrier"),
    firmware: text("firmware"),
    category: text("category", { enum: PROBLEM_CATEGORIES }).notNull(),
    severity: text("severity", { enum: ALERT_SEVERITIES }).notNull(),
    peakTerminals: integer("peak_terminals").notNull().default(0), // count
    populationTerminals: integer("population_terminals").notNull().default(0), // count of terminals in the group
    openedAt: integer("opened_at").notNull(), // epoch ms
    resolvedAt: integer("resolved_at"), // epoch ms
    updatedAt: integer("updated_at").notNull(), // epoch ms
  },
  (t) => [
    uniqueIndex("incidents_group_key_open_idx").on(t.groupKey).where(sql`status = 'open'`),
    index("incidents_status_opened_at_idx").on(t.status, t.openedAt),
  ],
);

/** A maintenance window: alerts of the agent's subtree (narrowed by city and category) are muted. */
export const silences = sqliteTable(
  "silences",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    agentId: integer("agent_id").notNull().references(() => agents.id),
    city: text("city"), // null = every city
    category: text("category", { enum: PROBLEM_CATEGORIES }), // null = every category
    startsAt: integer("starts_at").notNull(), // epoch ms
    endsAt: integer("ends_at").notNull(), // epoch ms, exclusive
    reason: text("reason").notNull().default(""),
    createdBy: integer("created_by"), // user id
    createdAt: integer("created_at").notNull(), // epoch ms
  },
  (t) => [index("silences_ends_at_idx").on(t.endsAt), index("silences_agent_id_idx").on(t.agentId)],
);

/** Where an agent's alerts are sent. `url` and `secret` are credentials: never logged or shown back. */
export const channels = sqliteTable(
  "channels",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    agentId: integer("agent_id").notNull().references(() => agents.id),
    kind: text("kind", { enum: CHANNEL_KINDS }).notNull(),
    name: text("name").notNull(),
    url: text("url").notNull(),
    secret: text("secret").notNull().default(""),
    locale: text("locale", { enum: CHANNEL_LOCALES }).notNull().default("zh-CN"),
    minSeverity: text("min_severity", { enum: ALERT_SEVERITIES }).notNull().default("warning"),
    windowMs: integer("window_ms").notNull().default(MINUTE_MS), // ms a digest collects events before it is sent
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    cursorEventId: integer("cursor_event_id").notNull().default(0), // last alert_events.id considered
    createdAt: integer("created_at").notNull(), // epoch ms
    updatedAt: integer("updated_at").notNull(), // epoch ms
  },
  (t) => [index("channels_agent_id_idx").on(t.agentId)],
);

/** A channel's category filter, one row per category; no rows = every category. */
export const channelCategories = sqliteTable(
  "channel_categories",
  {
    channelId: integer("channel_id").notNull().references(() => channels.id, { onDelete: "cascade" }),
    category: text("category", { enum: PROBLEM_CATEGORIES }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.category] })],
);

/** Messages to deliver, oldest first per channel; written in the transaction that decided to send them. */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    channelId: integer("channel_id").notNull().references(() => channels.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: OUTBOX_KINDS }).notNull(),
    idempotencyKey: text("idempotency_key").notNull().unique(),
    message: text("message", { mode: "json" }).notNull(), // Message (lib/notify/message.ts), rendered per channel at send time
    createdAt: integer("created_at").notNull(), // epoch ms
    attempts: integer("attempts").notNull().default(0), // count
    nextAttemptAt: integer("next_attempt_at").notNull(), // epoch ms
    deliveredAt: integer("delivered_at"), // epoch ms
    failedAt: integer("failed_at"), // epoch ms, gave up
    lastError: text("last_error"),
  },
  (t) => [
    index("outbox_channel_id_delivered_at_idx").on(t.channelId, t.deliveredAt),
    index("outbox_next_attempt_at_idx").on(t.nextAttemptAt).where(sql`delivered_at IS NULL AND failed_at IS NULL`),
  ],
);

/** Every delivery attempt, for the delivery log on the channel settings page. */
export const deliveryAttempts = sqliteTable(
  "delivery_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    outboxId: integer("outbox_id").notNull().references(() => outbox.id, { onDelete: "cascade" }),
    channelId: integer("channel_id").notNull(),
    at: integer("at").notNull(), // epoch ms
    durationMs: integer("duration_ms").notNull(), // ms
    httpStatus: integer("http_status"), // null when no response came back
    ok: integer("ok", { mode: "boolean" }).notNull(),
    error: text("error"), // redacted: never holds the URL or the secret
  },
  (t) => [index("delivery_attempts_channel_id_at_idx").on(t.channelId, t.at)],
);

/** Transactions per merchant per Shanghai day, summed from heartbeats.txn_count by the sweep. */
export const merchantTxnDaily = sqliteTable(
  "merchant_txn_daily",
  {
    merchantId: integer("merchant_id").notNull().references(() => merchants.id),
    dayStart: integer("day_start").notNull(), // epoch ms, 00:00 Asia/Shanghai
    txnCount: integer("txn_count").notNull().default(0), // count
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.dayStart] })],
);

export type Alert = typeof alerts.$inferSelect;
export type NewAlert = typeof alerts.$inferInsert;
export type AlertEvent = typeof alertEvents.$inferSelect;
export type Incident = typeof incidents.$inferSelect;
export type Silence = typeof silences.$inferSelect;
export type Channel = typeof channels.$inferSelect;
export type ChannelCategory = typeof channelCategories.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;
export type DeliveryAttempt = typeof deliveryAttempts.$inferSelect;
export type MerchantTxnDaily = typeof merchantTxnDaily.$inferSelect;
