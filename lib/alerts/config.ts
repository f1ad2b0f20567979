// The knobs of alerting, with their documented defaults (docs/alerts.md). Jobs and tests pass a
// config explicitly; `alertConfig()` is what the product runs with.
import { env } from "@/lib/config";
import type { AlertSeverity } from "./enums";
import { HOUR_MS, MINUTE_MS } from "@/lib/domain/time";

const MIN = MINUTE_MS;
const HOUR = HOUR_MS;

export interface AlertConfig {
  /** How long a problem must hold before anyone is disturbed, per severity, ms. */
  holdMs: Record<AlertSeverity, number>;
  /** A terminal healthy this long resolves its alerts, ms. */
  autoResolveAfterMs: number;
  /** A problem that returns within this long after resolution reopens the same alert, ms. */
  reopenWithinMs: number;
  /** Critical alerts still unacknowledged this long after opening are reminded, and again every period, ms. */
  reminderAfterMs: number;
  /** After "fixed on the phone", a healthy heartbeat must arrive within this long, ms. */
  verifyWithinMs: number;
  /** Longest snooze a person may set, ms. */
  maxSnoozeMs: number;
  incidents: IncidentConfig;
  /** Base of the deep links in messages, without a trailing slash. */
  publicUrl: string;
}

export interface IncidentConfig {
  /** Problems that started within this long are grouped together, ms. */
  windowMs: number;
  /** Carrier outage: at least this many terminals of one city and carrier, count. */
  carrierMinTerminals: number;
  /** Carrier outage: and at least this share of that city's terminals on that carrier, 0-1. */
  carrierMinShare: number;
  /** Firmware: at least this many terminals of one version with an open problem, count. */
  firmwareMinTerminals: number;
  /** Firmware: the version's problem rate is at least this multiple of the rest of the fleet's. */
  firmwareRateFactor: number;
}

export const DEFAULT_PUBLIC_URL = "http://127.0.0.1:3000";

export const DEFAULT_ALERT_CONFIG: AlertConfig = {
  holdMs: { warning: 10 * MIN, critical: 0 },
  autoResolveAfterMs: 15 * MIN,
  reopenWithinMs: 24 * HOUR,
  reminderAfterMs: 30 * MIN,
  verifyWithinMs: 30 * MIN,
  maxSnoozeMs: 7 * 24 * HOUR,
  incidents: {
    windowMs: 15 * MIN,
    carrierMinTerminals: 10,
    carrierMinShare: 0.2,
    firmwareMinTerminals: 10,
    firmwareRateFactor: 3,
  },
  publicUrl: DEFAULT_PUBLIC_URL,
};

/** The running product's config: the defaults, with the deep-link base from PUBLIC_URL. */
export function alertConfig(): AlertConfig {
  const url = env("PUBLIC_URL");
  return url === DEFAULT_ALERT_CONFIG.publicUrl ? DEFAULT_ALERT_CONFIG : { ...DEFAULT_ALERT_CONFIG, publicUrl: url };
}
