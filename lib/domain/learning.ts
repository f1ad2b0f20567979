// What the calls taught about an alert: the label of one example for the rule that raised it.
// Shared by the schema (db/schema-learning.ts), the store (db/rule-outcomes.ts) and the pure
// statistics (lib/rules/learning.ts). See docs/alerts.md, "Rules that learn from the calls".

/** confirmed: the fault was real; false_alarm: it was not; unknown: the calls did not say. */
export const OUTCOME_LABELS = ["confirmed", "false_alarm", "unknown"] as const;
export type OutcomeLabel = (typeof OUTCOME_LABELS)[number];

/** Why an example got its label, shown beside it and kept for the record. */
export const LABEL_REASONS = [
  "fixed_by_person", // resolved as fixed on the phone, on site, or by a replacement
  "visit_needed", // a call found that someone must go there
  "fix_confirmed_by_heartbeat", // fixed on the phone and the next heartbeats showed it healthy
  "persisted_after_fix", // fixed on the phone, but the next heartbeats still showed the problem
  "persisted_after_fine", // the merchant said it was fine, and the problem came back or stayed
  "said_fine", // the merchant said it was fine, and the heartbeats agreed
  "cleared_after_fine", // the merchant declined help and the problem cleared by itself
  "no_decisive_call", // nobody reached the merchant, or nobody called
] as const;
export type LabelReason = (typeof LABEL_REASONS)[number];
