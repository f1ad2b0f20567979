// Counting a list's matches without reading all of them: at most a cap, then "more than".
import type { Db } from "@/db/client";

/** Most rows a count reads by default; beyond it the total is "at least" this. */
export const COUNT_CAP = 10_000;

export interface Total {
  n: number;
  /** false: there are more than `n` (the cap) matches, not counted one by one. */
  exact: boolean;
}

/** count(*) of a FROM + WHERE, reading at most `cap` + 1 rows. */
export async function cappedCount(db: Db, from: string, where: { sql: string; params: Record<string, unknown> }, cap = COUNT_CAP): Promise<Total> {
  const row = await db.get<{ n: number }>(`SELECT count(*) AS n FROM (SELECT 1 AS one FROM ${from} WHERE ${where.sql} LIMIT @countCap) x`, {
    ...where.params,
    countCap: cap + 1,
  });
  const n = Number(row?.n ?? 0);
  return n > cap ? { n: cap, exact: false } : { n, exact: true };
}
