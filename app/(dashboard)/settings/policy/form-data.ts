// The policy form's fields and how its text inputs become a candidate policy for policySchema.
import type { Policy } from "@/lib/rules/policy";

export const NUMBER_FIELDS = [
  "windowMinutes",
  "windowMaxBeats",
  "expectedIntervalMin",
  "offlineAfterMin",
  "weakSignalDbm",
  "weakSignalBeats",
  "lowBatteryPct",
  "criticalBatteryPct",
  "chargingDrainBeats",
  "batteryGlitchPct",
  "codeThreshold",
  "quietDays",
  "dormantDays",
  "neverTradedDays",
  "switchOffMonths",
  "relocationKm",
  "batteryWearHorizonDays",
] as const satisfies readonly (keyof Policy)[];

export const LIST_FIELDS = ["blockedFirmware", "severeCodes"] as const satisfies readonly (keyof Policy)[];

/** Empty number fields stay undefined so the schema says "required" instead of reading 0. */
export function policyFromForm(form: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of NUMBER_FIELDS) {
    const raw = (form[k] ?? "").trim();
    out[k] = raw === "" ? undefined : Number(raw);
  }
  out.minFirmware = (form.minFirmware ?? "").trim();
  for (const k of LIST_FIELDS) out[k] = (form[k] ?? "").split(/[\s,，]+/).map((s) => s.trim()).filter(Boolean);
  return out;
}
