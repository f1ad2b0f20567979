// The call queue's ranking formula (lib/alerts/priority.ts) in SQL, in the store's dialect.
import type { Db } from "@/db/client";
import { precisionFactorSql } from "@/db/rule-outcomes";
import { SEVERITY_WEIGHT, VALUE_DAYS } from "@/lib/domain/alerts";
import { HOUR_MS } from "@/lib/domain/time";

/**
 * The same formula in SQL over alerts `a`, a `txn7d` expression and the `@now` parameter, in the
 * store's dialect (PostgreSQL spells max(0, x) greatest and has no log2), times the precision
 * factor of the alert's rule (rule_precision; 1 when the rule has too few labelled examples).
 */
export function prioritySql(db: Pick<Db, "dialect">, txn7d: string): string {
  const pg = db.dialect === "pg";
  const max0 = (x: string) => (pg ? `greatest(0, ${x})` : `max(0, ${x})`);
  const log2 = (x: string) => (pg ? `log(2.0, ${x})` : `log2(${x})`);
  return `((CASE a.severity WHEN 'critical' THEN ${SEVERITY_WEIGHT.critical}.0 ELSE ${SEVERITY_WEIGHT.warning}.0 END)
    * (1 + log10(1 + ${max0(txn7d)} / ${VALUE_DAYS}.0))
    * (1 + ${log2(`1 + ${max0("@now - coalesce(a.opened_at, @now)")} / ${HOUR_MS}.0`)})
    * ${precisionFactorSql(db)})`;
}
