// Enums of alerts, incidents and notification channels, defined once and reused by the drizzle
// schema, the zod parsers and the UI label/colour maps.

/** Where an alert is in its lifecycle; see docs/alerts.md. */
export const ALERT_STATUSES = ["pending", "open", "acknowledged", "snoozed", "verifying", "resolved"] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export const ACTIVE_STATUSES = ["pending", "open", "acknowledged", "snoozed", "verifying"] as const satisfies readonly AlertStatus[];
export type ActiveStatus = (typeof ACTIVE_STATUSES)[number];

/** Severities an alert can have (a healthy diagnosis never raises one). */
export const ALERT_SEVERITIES = ["warning", "critical"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** What a person heard on the phone. */
export const CALL_OUTCOMES = ["fixed_on_phone", "visit_needed", "no_answer", "wrong_number", "merchant_declined"] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** How a person closes an alert. */
export const RESOLVE_OUTCOMES = ["fixed_on_phone", "fixed_on_site", "terminal_replaced", "merchant_declined", "not_a_problem"] as const;
export type ResolveOutcome = (typeof RESOLVE_OUTCOMES)[number];

/** How the system closes an alert. */
export const SYSTEM_RESOLUTIONS = ["auto_recovered", "cleared_before_open", "confirmed_by_heartbeat"] as const;
export const RESOLUTIONS = [...SYSTEM_RESOLUTIONS, ...RESOLVE_OUTCOMES] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** Entries of an alert's (or incident's) timeline. */
export const ALERT_EVENT_KINDS = [
  "created",
  "opened",
  "reopened",
  "escalated",
  "cleared",
  "returned",
  "acknowledged",
  "assigned",
  "call_logged",
  "snoozed",
  "snooze_ended",
  "fix_not_confirmed",
  "reminder",
  "resolved",
  "incident_joined",
  "incident_opened",
  "incident_resolved",
] as const;
export type AlertEventKind = (typeof ALERT_EVENT_KINDS)[number];

/** Timeline entries that are worth a message to a channel. */
export const NOTIFY_EVENT_KINDS = ["opened", "escalated", "reminder", "incident_opened", "incident_resolved"] as const satisfies readonly AlertEventKind[];

export const INCIDENT_KINDS = ["carrier_outage", "firmware"] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

export const INCIDENT_STATUSES = ["open", "resolved"] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const CHANNEL_KINDS = ["dingtalk", "wecom", "feishu", "webhook"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** What an outbox message carries: a grouped digest of alert/incident events, or a test. */
export const OUTBOX_KINDS = ["digest", "test"] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

export const SEVERITY_RANK: Record<AlertSeverity, number> = { warning: 1, critical: 2 };

export function isActive(status: AlertStatus): status is ActiveStatus {
  return status !== "resolved";
}

/** Languages a channel's messages are written in (the product's locales). */
export const CHANNEL_LOCALES = ["zh-CN", "en"] as const;
export type ChannelLocale = (typeof CHANNEL_LOCALES)[number];

/** The stored state of one alert (the lifecycle in lib/alerts/lifecycle.ts moves it). */
export interface AlertState {
  status: AlertStatus;
  severity: AlertSeverity;
  /** Start of the current occurrence of the problem, epoch ms. */
  firstSeenAt: number;
  pendingSince: number | null; // epoch ms
  openedAt: number | null; // epoch ms, latest opening
  acknowledgedAt: number | null; // epoch ms
  acknowledgedBy: number | null; // user id
  assigneeId: number | null; // user id
  snoozedUntil: number | null; // epoch ms
  verifyUntil: number | null; // epoch ms
  /** Since when the terminal no longer shows the problem; null while it does. Epoch ms. */
  clearedAt: number | null;
  resolvedAt: number | null; // epoch ms
  resolvedBy: number | null; // user id; null when the system resolved it
  resolution: Resolution | null;
  lastReminderAt: number | null; // epoch ms
  reopenCount: number;
  lastCallOutcome: CallOutcome | null;
  lastCallAt: number | null; // epoch ms
}

/** One timeline entry. `actor` null means the system. */
export interface TimelineEntry {
  kind: AlertEventKind;
  at: number; // epoch ms
  actor: number | null;
  data: Record<string, unknown>;
}

/** The call queue ranking's constants (lib/alerts/priority.ts, docs/alerts.md). */
export const SEVERITY_WEIGHT: Record<AlertSeverity, number> = { critical: 4, warning: 1 };
export const VALUE_DAYS = 7;
