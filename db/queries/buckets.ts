// Distribution buckets shared by the overview charts, the table filters and the queries.
// Pure data: safe to import from client components.
import { compareVersions } from "@/lib/domain/version";

export const BATTERY_BUCKETS = [
  { key: "0-10", min: 0, max: 10 },
  { key: "11-20", min: 11, max: 20 },
  { key: "21-50", min: 21, max: 50 },
  { key: "51-80", min: 51, max: 80 },
  { key: "81-100", min: 81, max: 100 },
] as const;
export const BATTERY_BUCKET_KEYS = ["0-10", "11-20", "21-50", "51-80", "81-100"] as const;
export type BatteryBucket = (typeof BATTERY_BUCKET_KEYS)[number];
/**
 * Terminals on the charger. The level buckets above count only terminals off the charger (at
 * night nearly every terminal charges and reads 81-100 %, which says nothing about its battery),
 * so the overview, the fleet counters and the table's battery filter put charging ones here.
 */
export const CHARGING_BUCKET = "charging";
export const BATTERY_FILTER_KEYS = [...BATTERY_BUCKET_KEYS, CHARGING_BUCKET] as const;
export type BatteryFilter = (typeof BATTERY_FILTER_KEYS)[number];

/** dBm ranges; "none" is a terminal reporting no service (signal null). */
export const SIGNAL_BUCKETS = [
  { key: "none", min: null, max: null },
  { key: "very_weak", min: -140, max: -110 },
  { key: "weak", min: -109, max: -100 },
  { key: "fair", min: -99, max: -90 },
  { key: "good", min: -89, max: -80 },
  { key: "excellent", min: -79, max: 0 },
] as const;
export const SIGNAL_BUCKET_KEYS = ["none", "very_weak", "weak", "fair", "good", "excellent"] as const;
export type SignalBucket = (typeof SIGNAL_BUCKET_KEYS)[number];

/** Firmware against the policy: a blocked version wins over "below the minimum". */
export const COMPLIANCE = ["ok", "below_min", "blocked"] as const;
export type Compliance = (typeof COMPLIANCE)[number];

/**
 * Compliance of one version with the policy, judged as the rules judge it (numeric comparison:
 * "v2.3.5" is blocked when "2.3.5" is). An unreadable version fires no rule, so it counts as ok.
 */
export function complianceOf(version: string, policy: { minFirmware: string; blockedFirmware: readonly string[] }): Compliance {
  if (policy.blockedFirmware.some((b) => compareVersions(version, b) === 0)) return "blocked";
  if (compareVersions(version, policy.minFirmware) === -1) return "below_min";
  return "ok";
}

export function batteryBucket(key: BatteryBucket): (typeof BATTERY_BUCKETS)[number] {
  return BATTERY_BUCKETS.find((b) => b.key === key)!;
}

export function signalBucket(key: SignalBucket) {
  return SIGNAL_BUCKETS.find((b) => b.key === key)!;
}
