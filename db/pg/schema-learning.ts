// PostgreSQL twin of db/schema-learning.ts (same tables, columns and indexes).
import { index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { epochMs } from "./columns";

export const ruleOutcomes = pgTable(
  "rule_outcomes",
  {
    alertId: integer("alert_id").primaryKey(),
    terminalId: integer("terminal_id").notNull(),
    category: text("category").notNull(),
    ruleId: text("rule_id").notNull(),
    code: text("code").notNull().default(""),
    severity: text("severity").notNull(),
    raisedAt: epochMs("raised_at").notNull(),
    label: text("label").notNull(),
    reason: text("reason").notNull(),
    fixedAt: epochMs("fixed_at"),
    labelledAt: epochMs("labelled_at").notNull(),
  },
  (t) => [index("rule_outcomes_raised_at_idx").on(t.raisedAt), index("rule_outcomes_rule_id_raised_at_idx").on(t.ruleId, t.raisedAt)],
);

export const rulePrecision = pgTable("rule_precision", {
  ruleId: text("rule_id").primaryKey(),
  confirmed: integer("confirmed").notNull().default(0),
  falseAlarms: integer("false_alarms").notNull().default(0),
  factorPermille: integer("factor_permille").notNull().default(1000),
  updatedAt: epochMs("updated_at").notNull(),
});
