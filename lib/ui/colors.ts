// One colour per enum value, used by charts, badges and legends alike. Each one also reads as text
// on white at WCAG AA (4.5:1 or more), because tables print the severity word in its colour. Keys come from the
// enums in lib/domain/enums.ts, so a new category fails the type check until it has a colour.
import type { Category, Severity, Status } from "@/lib/domain/enums";
import type { Compliance } from "@/db/queries/buckets";

export const CATEGORY_COLOR: Record<Category, string> = {
  healthy: "#15803d",
  hardware: "#dc2626",
  network: "#2563eb",
  operation: "#b45309",
  policy_firmware: "#7c3aed",
};

export const STATUS_COLOR: Record<Status, string> = {
  online: "#15803d",
  offline: "#64748b",
};

export const SEVERITY_COLOR: Record<Severity, string> = {
  ok: "#15803d",
  warning: "#b45309",
  critical: "#dc2626",
};

export const COMPLIANCE_COLOR: Record<Compliance, string> = {
  ok: "#15803d",
  below_min: "#b45309",
  blocked: "#dc2626",
};

/** For series without a meaning of their own (firmware versions, models): a stable palette. */
export const PALETTE = ["#2563eb", "#16a34a", "#d97706", "#7c3aed", "#dc2626", "#0891b2", "#db2777", "#65a30d", "#9333ea", "#ea580c"];

export function paletteColor(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}
