import { z } from "zod";
import { VERSION_PATTERN } from "./version";

const version = z.string().trim().regex(VERSION_PATTERN, "expected a dotted numeric version such as 2.3.0");
const minutes = z.number().positive();
const percent = z.number().min(0).max(100);
const count = z.number().int().min(1);

/** The thresholds of the rules. Plain JSON so it can be stored and edited in settings. */
export const policySchema = z
  .object({
    /** Length of the diagnosis window, minutes. */
    windowMinutes: minutes,
    /**
     * A safety cap on the heartbeats of one window (the latest ones), count. The window itself is
     * `windowMinutes` long; the rules never keep fewer than one beat a minute over it (see
     * `windowBeatCapacity`), so the cap only bites on a terminal posting faster than that.
     */
    windowMaxBeats: count,
    /** How often a terminal is expected to post a heartbeat, minutes. */
    expectedIntervalMin: minutes,
    /** Silence longer than this (strictly more) makes a terminal offline, minutes. */
    offlineAfterMin: minutes,
    /** A reading at or below this is a weak signal, dBm. */
    weakSignalDbm: z.number().min(-150).max(0),
    /** Consecutive latest heartbeats that must all be weak to flag the network, count. */
    weakSignalBeats: count,
    /** Latest battery at or below this, not charging, is low, percent. */
    lowBatteryPct: percent,
    /** Latest battery at or below this, not charging, is critical, percent. */
    criticalBatteryPct: percent,
    /** Latest heartbeats in a row that lose charge while charging: charger/battery fault, count. */
    chargingDrainBeats: count,
    /** A lone battery reading this far from both neighbours is a sensor glitch, percentage points. */
    batteryGlitchPct: percent,
    /** Heartbeats in the window that must report one and the same code to flag its category, count. */
    codeThreshold: count,
    /** Codes that flag their category on the first occurrence, as critical; compared case-insensitively. */
    severeCodes: z.array(z.string().trim().min(1)),
    /** Firmware below this version must be updated, version string. */
    minFirmware: version,
    /** Exact firmware versions withdrawn by the acquirer, version strings. */
    blockedFirmware: z.array(version),
    /** No sale for at least this long makes a terminal quiet, days. */
    quietDays: z.number().int().min(1).max(365),
    /** No sale for at least this long makes a terminal dormant, days. */
    dormantDays: z.number().int().min(1).max(365),
    /** No sale at all this long after activation makes a terminal never-traded, days. */
    neverTradedDays: z.number().int().min(1).max(365),
    /** A terminal without a sale for this long must be switched off, calendar months. */
    switchOffMonths: z.number().int().min(1).max(36),
    /** Reported positions farther than this from the registered place count as away, km. */
    relocationKm: z.number().positive().max(5000),
    /** A battery predicted to stop lasting a trading day within this many days must be replaced, days. */
    batteryWearHorizonDays: z.number().int().min(1).max(90),
  })
  .refine((p) => p.criticalBatteryPct <= p.lowBatteryPct, {
    message: "criticalBatteryPct must not exceed lowBatteryPct",
    path: ["criticalBatteryPct"],
  })
  .refine((p) => p.quietDays < p.dormantDays, {
    message: "quietDays must be less than dormantDays",
    path: ["quietDays"],
  });

export type Policy = z.infer<typeof policySchema>;

export const defaultPolicy: Policy = {
  windowMinutes: 120,
  // One beat a minute over the 120-minute window, with room for retried or batched uploads.
  windowMaxBeats: 150,
  expectedIntervalMin: 5,
  offlineAfterMin: 30,
  weakSignalDbm: -100,
  weakSignalBeats: 3,
  lowBatteryPct: 15,
  criticalBatteryPct: 5,
  chargingDrainBeats: 3,
  batteryGlitchPct: 20,
  codeThreshold: 3,
  // Each of these is a definite state, not a flaky reading: the device cannot trade until it is
  // exchanged, re-flashed or released by the acquirer, so one sighting is enough.
  severeCodes: [
    "T_PED_TAMPERED",
    "T_HASH_CHECK_ERR",
    "T_APP_MANAGER_BOOT",
    "T_BOOT_ERR_10000",
    "T_DEVICE_OBSOLETE_2G",
    "T_MERCHANT_FROZEN",
    "T_TERMINAL_FROZEN",
  ],
  minFirmware: "2.3.0",
  blockedFirmware: ["2.3.5"],
  quietDays: 7,
  dormantDays: 30,
  neverTradedDays: 15,
  // 《特约商户巡检指引》: a terminal with no transaction for 12 months must be switched off.
  switchOffMonths: 12,
  relocationKm: 30,
  batteryWearHorizonDays: 14,
};

/** Shortest posting interval the window is sized for: one heartbeat a minute. */
export const FASTEST_INTERVAL_MIN = 1;

/**
 * Heartbeats a window may hold: the policy's cap, but never fewer than one a minute over the
 * whole window, so a terminal posting every minute is judged over the same minutes as one posting
 * every five. Storage that loads windows for the rules should load this many.
 */
export function windowBeatCapacity(policy: Pick<Policy, "windowMinutes" | "windowMaxBeats">): number {
  return Math.max(policy.windowMaxBeats, Math.ceil(policy.windowMinutes / FASTEST_INTERVAL_MIN) + 1);
}

/** Severe codes are compared without regard to case or surrounding spaces. */
export function isSevere(policy: Pick<Policy, "severeCodes">, code: string): boolean {
  const wanted = code.trim().toUpperCase();
  return policy.severeCodes.some((c) => c.trim().toUpperCase() === wanted);
}
