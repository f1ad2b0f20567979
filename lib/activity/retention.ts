// How long the per-day sales rollup (terminal_txn_daily) is kept. The clocks themselves never read
// it: the last sale, which every clock starts from, is terminal_activity's one row per terminal,
// kept as long as the terminal, so even the longest clock (the switch-off, 12 months by policy,
// and "overdue" after it) survives any pruning. The day rows serve the 7/30/90-day sums on the
// page, and the switch-off horizon's own span of history: a terminal's sales over the whole
// period the rule judges stay readable until that period has passed. So the rows of the last
// `switchOffMonths` calendar months (and never fewer than 90 days) are kept; older ones go.
import { pruneSalesDays, windowStart } from "@/db/activity";
import type { Db } from "@/db/client";
import { getPolicy } from "@/db/policy";
import { shanghaiDayStart } from "@/lib/domain/time";
import { addMonthsShanghai } from "@/lib/rules/activity";

/** The first Shanghai day whose sales rows are kept at `now`. */
export function salesKeptFrom(now: number, switchOffMonths: number): number {
  const horizon = shanghaiDayStart(addMonthsShanghai(shanghaiDayStart(now), -switchOffMonths));
  return Math.min(horizon, windowStart(now, 90));
}

/** Deletes expired day rows in small transactions; the sweep's retention step calls it. */
export async function pruneSalesHistory(db: Db, now: number, batchRows: number, maxBatches: number): Promise<number> {
  const policy = await getPolicy(db);
  return pruneSalesDays(db, salesKeptFrom(now, policy.switchOffMonths), batchRows, maxBatches);
}
