// Firmware in a scope: versions by model, compliance with the policy, adoption over time.
import type { Db } from "@/db/client";
import { subtreeCounters } from "@/db/counters";
import { getPolicy } from "@/db/policy";
import type { Scope } from "@/lib/domain/scope";
import { DAY_MS, shanghaiDayStart } from "@/lib/domain/time";
import { complianceOf, type Compliance } from "./buckets";

export interface FirmwareModelRow {
  firmware: string;
  model: string;
  compliance: Compliance;
  terminals: number;
}

/** Current terminals per (firmware, model), from the fleet counters summed over the scope. */
export async function firmwareByModel(db: Db, scope: Scope): Promise<FirmwareModelRow[]> {
  const policy = await getPolicy(db);
  const rows = (await subtreeCounters(db, scope.agentPath, ["firmware"])).filter((r) => r.n > 0);
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  rows.sort((a, b) => cmp(a.k1, b.k1) || cmp(a.k2, b.k2));
  return rows.map((r) => ({ firmware: r.k1, model: r.k2, terminals: r.n, compliance: complianceOf(r.k1, policy) }));
}

export interface AdoptionRow {
  dayStart: number; // epoch ms, 00:00 Asia/Shanghai
  firmware: string;
  terminals: number;
}

/** Terminals per version at the end of each of the last `days` days (daily firmware rollup). */
export async function firmwareAdoption(db: Db, scope: Scope, opts: { now: number; days?: number }): Promise<AdoptionRow[]> {
  const since = shanghaiDayStart(opts.now) - ((opts.days ?? 30) - 1) * DAY_MS;
  return db.all<AdoptionRow>(
    `SELECT r.day_start AS "dayStart", r.firmware AS firmware, sum(r.terminals) AS terminals
       FROM rollup_firmware_daily r JOIN agents a ON a.id = r.agent_id
      WHERE a.path LIKE @scope AND r.day_start >= @since
      GROUP BY r.day_start, r.firmware ORDER BY r.day_start, r.firmware`,
    { scope: `${scope.agentPath}%`, since },
  );
}
