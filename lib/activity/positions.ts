// How many terminals of a scope report a position and how many do not, for the activity page.
// The count walks the scope's terminal states (~200 ms at 100,000 terminals on SQLite), and it
// moves slowly (a terminal starts or stops reporting a position now and then), so each process
// keeps the answer per subtree for a minute and the page pays for it at most once a minute.
import { positionCounts } from "@/db/activity";
import type { Db } from "@/db/client";
import type { Scope } from "@/lib/domain/scope";
import { MINUTE_MS } from "@/lib/domain/time";

const cache = new Map<string, { at: number; value: { withPosition: number; noPosition: number } }>();

export async function positionCountsCached(db: Db, scope: Scope, now: number): Promise<{ withPosition: number; noPosition: number }> {
  const hit = cache.get(scope.agentPath);
  if (hit && now - hit.at < MINUTE_MS && now >= hit.at) return hit.value;
  const value = await positionCounts(db, scope);
  if (cache.size > 1000) cache.clear();
  cache.set(scope.agentPath, { at: now, value });
  return value;
}
