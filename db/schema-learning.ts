// What the calls taught: one labelled example per alert that reached a person, and each rule's
// precision as the call queue reads it. Written by the sweep (lib/jobs/rule-outcomes.ts); see
// docs/alerts.md, "Rules that learn from the calls".
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { ALERT_SEVERITIES } from "@/lib/domain/alerts";
import { PROBLEM_CATEGORIES } from "@/lib/domain/enums";
import { LABEL_REASONS, OUTCOME_LABELS } from "@/lib/domain/learning";

/** One alert that opened, labelled from its calls, resolution and what the heartbeats showed next. */
export const ruleOutcomes = sqliteTable(
  "rule_outcomes",
  {
    alertId: integer("alert_id").primaryKey(),
    terminalId: integer("terminal_id").notNull(),
    category: text("category", { enum: PROBLEM_CATEGORIES }).notNull(),
    ruleId: text("rule_id").notNull(), // the leading finding's rule when the alert last worsened
    code: text("code").notNull().default(""), // its most reported code; empty for rules without codes
    severity: text("severity", { enum: ALERT_SEVERITIES }).notNull(),
    raisedAt: integer("raised_at").notNull(), // epoch ms, the alert's creation
    label: text("label", { enum: OUTCOME_LABELS }).notNull(),
    reason: text("reason", { enum: LABEL_REASONS }).notNull(),
    fixedAt: integer("fixed_at"), // epoch ms, healthy again (confirmed examples only)
    labelledAt: integer("labelled_at").notNull(), // epoch ms
  },
  (t) => [index("rule_outcomes_raised_at_idx").on(t.raisedAt), index("rule_outcomes_rule_id_raised_at_idx").on(t.ruleId, t.raisedAt)],
);

/** Each rule's precision over the last 90 days, and the factor the queue rank multiplies by. */
export const rulePrecision = sqliteTable("rule_precision", {
  ruleId: text("rule_id").primaryKey(),
  confirmed: integer("confirmed").notNull().default(0), // count
  falseAlarms: integer("false_alarms").notNull().default(0), // count
  factorPermille: integer("factor_permille").notNull().default(1000), // rank factor × 1000; 1000 = neutral
  updatedAt: integer("updated_at").notNull(), // epoch ms
});

export type RuleOutcomeRow = typeof ruleOutcomes.$inferSelect;
