// The call queue's ranking (docs/alerts.md): who to call first.
//   priority = severity weight × merchant value × time open
//   severity weight: critical 4, warning 1
//   merchant value:  1 + log10(1 + transactions per day over the last 7 days)
//   time open:       1 + log2(1 + hours since the alert opened)
//   × precision:     the rank factor of the rule that raised it, from the calls (lib/rules/learning.ts
//                    rankFactor: 1 with too few examples, down to 0.25 for a rule that is always wrong)
// Logarithms keep one very busy merchant or one very old alert from burying everything else:
// a fresh critical for an idle merchant weighs as much as a fresh warning for a merchant doing
// ~1000 transactions a day, or a warning left for ~8 hours.
import { SEVERITY_WEIGHT, VALUE_DAYS, type AlertSeverity } from "@/lib/domain/alerts";
import { HOUR_MS } from "@/lib/domain/time";

// The SQL spelling of the same formula is prioritySql in db/queries/priority.ts.
export { SEVERITY_WEIGHT, VALUE_DAYS };

export function priority(a: { severity: AlertSeverity; txn7d: number; openedAt: number; precisionFactor?: number }, now: number): number {
  const perDay = Math.max(0, a.txn7d) / VALUE_DAYS;
  const hours = Math.max(0, now - a.openedAt) / HOUR_MS;
  return SEVERITY_WEIGHT[a.severity] * (1 + Math.log10(1 + perDay)) * (1 + Math.log2(1 + hours)) * (a.precisionFactor ?? 1);
}
