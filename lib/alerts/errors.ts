// Typed errors of the alert verbs. `reason` is a stable code the pages translate; the message is
// the English detail the API shows.
import { AppError } from "@/lib/errors";
import type { Refusal } from "./lifecycle";

export type AlertReason = Refusal | "unknown_assignee" | "assignee_cannot_see" | "needs_person" | "too_many" | "unknown_agent" | "secret_required" | "url_required";

const REFUSAL_TEXT: Record<Refusal, string> = {
  already_acknowledged: "this alert is already acknowledged",
  already_resolved: "this alert is already resolved; it reopens by itself if the problem comes back",
  awaiting_confirmation: "this alert is waiting for a healthy heartbeat after a fix on the phone; log another call if that fix did not work",
  snooze_not_in_future: "choose a snooze end in the future",
  snooze_too_long: "snooze for at most 7 days",
  reopen_window_passed: "the alert was resolved more than 24 hours ago",
};

export const refused = (refusal: Refusal, alertId: number) =>
  new AppError(refusal.startsWith("snooze") ? "validation" : "conflict", `alert ${alertId}: ${REFUSAL_TEXT[refusal]}`, { reason: refusal, alertId });

export const alertInvalid = (reason: AlertReason, msg: string, field?: string) => new AppError("validation", msg, { reason, ...(field ? { field } : {}) });

export const alertNotFound = (id: number) => new AppError("not_found", `no alert with id ${id} in your part of the network`, { alertId: id });
