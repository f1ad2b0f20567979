// Colours of alert and incident states; severity and category colours come from lib/ui/colors.
import type { AlertStatus, IncidentStatus } from "@/lib/alerts/enums";

export const ALERT_STATUS_COLOR: Record<AlertStatus, string> = {
  pending: "#94a3b8",
  open: "#dc2626",
  acknowledged: "#2563eb",
  snoozed: "#64748b",
  verifying: "#0891b2",
  resolved: "#16a34a",
};

export const INCIDENT_STATUS_COLOR: Record<IncidentStatus, string> = { open: "#dc2626", resolved: "#16a34a" };
