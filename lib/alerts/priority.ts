// The call queue's ranking (docs/alerts.md): who to call first.
//   priority = severity weight × merchant value × time open
//   severity weight: critical 4, warning 1
//   merchant value:  1 + log10(1 + transactions per day over the last 7 days)
//   time open:       1 + log2(1 + hours since the alert opened)
// Logarithms keep one very busy merchant or one very old alert from burying everything else:
// a fresh critical for an idle merchant weighs as much as a fresh warning for a merchant doing
// ~1000 transactions a day, or a warning left for ~8 hours.
import type { Db } from "@/db/client";
import type { AlertSeverity } from "./enums";

export const SEVERITY_WEIGHT: Record<AlertSeverity, number> = { critical: 4, warning: 1 };
export const VALUE_DAYS = 7;

export function priority(a: { severity: AlertSeverity; txn7d: number; openedAt: number }, now: number): number {
  const perDay = Math.max(0, a.txn7d) / VALUE_DAYS;
  const hours = Math.max(0, now - a.openedAt) / 3_600_000;
  return SEVERITY_WEIGHT[a.severity] * (1 + Math.log10(1 + perDay)) * (1 + Math.log2(1 + hours));
}

/**
 * The same formula in SQL over alerts `a`, a `txn7d` expression and the `@now` parameter, in the
 * store's dialect (PostgreSQL spells max(0, x) greatest and has no log2).
 */
export function prioritySql(db: Pick<Db, "dialect">, txn7d: string): string {
  const pg = db.dialect === "pg";
  const max0 = (x: string) => (pg ? `greatest(0, ${x})` : `max(0, ${x})`);
  const log2 = (x: string) => (pg ? `log(2.0, ${x})` : `log2(${x})`);
  return `((CASE a.severity WHEN 'critical' THEN ${SEVERITY_WEIGHT.critical}.0 ELSE ${SEVERITY_WEIGHT.warning}.0 END)
    * (1 + log10(1 + ${max0(txn7d)} / ${VALUE_DAYS}.0))
    * (1 + ${log2(`1 + ${max0("@now - coalesce(a.opened_at, @now)")} / 3600000.0`)}))`;
}
