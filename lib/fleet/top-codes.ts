// The overview's "problem codes" table: the code counts of db/queries/overview.ts, read through
// the response-code catalogue. Problem codes (the four causes) and cardholder/none outcomes are
// returned apart: the latter say nothing about terminals.
import type { Db } from "@/db/client";
import { codeCounts } from "@/db/queries/overview";
import type { CodeCategory } from "@/lib/domain/enums";
import type { Scope } from "@/lib/domain/scope";
import { describeCode } from "@/lib/rules/catalog";
import type { Text } from "@/lib/rules/types";

export interface CodeStat {
  code: string;
  category: CodeCategory | "unknown";
  meaning: Text | null;
  /** Times the code was reported in the period (from the hourly code rollup). */
  occurrences: number;
  /** Terminals whose current diagnosis cites the code (0 for cardholder/none codes). */
  terminalsNow: number;
}

/** Codes reported in the `hours` before `now`, most frequent first, `limit` of each kind. */
export async function topCodes(db: Db, scope: Scope, opts: { now: number; hours?: number; limit?: number }): Promise<{ problem: CodeStat[]; other: CodeStat[] }> {
  const limit = opts.limit ?? 10;
  const problem: CodeStat[] = [];
  const other: CodeStat[] = [];
  for (const r of await codeCounts(db, scope, opts)) {
    const info = describeCode(r.code);
    const category: CodeStat["category"] = info?.category ?? "unknown";
    const list = category === "cardholder" || category === "none" || category === "unknown" ? other : problem;
    if (list.length < limit) list.push({ code: r.code, category, meaning: info?.meaning ?? null, occurrences: r.occurrences, terminalsNow: r.terminalsNow });
  }
  return { problem, other };
}
