// Problems by category over time, read from the hourly category snapshots.
import type { Db } from "@/db/client";
import { intDiv } from "@/db/dialect";
import type { Scope } from "@/lib/domain/scope";
import type { Category } from "@/lib/domain/enums";
import { DAY_MS, HOUR_MS, hourStart, SHANGHAI_OFFSET_MS } from "@/lib/domain/time";

export const TREND_RANGES = ["24h", "7d", "30d"] as const;
export type TrendRange = (typeof TREND_RANGES)[number];

/** Length of the range and the width of one bar; a bar shows the last snapshot inside it. */
export const RANGE_SPEC: Record<TrendRange, { spanMs: number; bucketMs: number }> = {
  "24h": { spanMs: DAY_MS, bucketMs: HOUR_MS },
  "7d": { spanMs: 7 * DAY_MS, bucketMs: 6 * HOUR_MS },
  "30d": { spanMs: 30 * DAY_MS, bucketMs: DAY_MS },
};
/** Buckets align to Asia/Shanghai midnight. */
export const BUCKET_OFFSET_MS = SHANGHAI_OFFSET_MS;

export interface TrendRow {
  bucketStart: number; // epoch ms
  category: Category;
  terminals: number;
}

export function bucketStartOf(at: number, bucketMs: number): number {
  return Math.floor((at + BUCKET_OFFSET_MS) / bucketMs) * bucketMs - BUCKET_OFFSET_MS;
}

/** First bucket of the range ending at `now` (the bucket `now` is in is the last one). */
export function rangeStart(range: TrendRange, now: number): number {
  const { spanMs, bucketMs } = RANGE_SPEC[range];
  return bucketStartOf(now, bucketMs) - (spanMs / bucketMs - 1) * bucketMs;
}

export async function categoryTrend(db: Db, scope: Scope, opts: { range: TrendRange; now: number }): Promise<TrendRow[]> {
  const { bucketMs } = RANGE_SPEC[opts.range];
  // The CAST keeps the bucket an integer on SQLite, where bound numbers are reals (and a real
  // quotient would not truncate); BIGINT because the bucket times the width is epoch ms.
  const bucket = `CAST(${intDiv(db, "hour_start + @offset", "@bucket")} AS BIGINT)`;
  return db.all<TrendRow>(
    `WITH r AS (
       SELECT r.hour_start, r.category, sum(r.terminals) AS terminals
         FROM rollup_category_hourly r JOIN agents a ON a.id = r.agent_id
        WHERE a.path LIKE @scope AND r.hour_start >= @since AND r.hour_start <= @until
        GROUP BY r.hour_start, r.category),
     last AS (SELECT ${bucket} AS b, max(hour_start) AS h FROM r GROUP BY b)
     SELECT last.b * @bucket - @offset AS "bucketStart", r.category AS category, r.terminals AS terminals
       FROM r JOIN last ON r.hour_start = last.h ORDER BY "bucketStart", category`,
    {
      scope: `${scope.agentPath}%`,
      since: rangeStart(opts.range, opts.now),
      until: hourStart(opts.now),
      offset: BUCKET_OFFSET_MS,
      bucket: bucketMs,
    },
  );
}
