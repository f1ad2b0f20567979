import type { WindowRow } from "@/db/ingest-store";
import type { RuleHeartbeat } from "@/lib/rules/types";

/** Rows come newest first (by seq); the rules get them oldest first, timed by the server's receive clock. */
export function toRuleHeartbeats(rows: WindowRow[]): RuleHeartbeat[] {
  const out: RuleHeartbeat[] = new Array(rows.length);
  for (let i = rows.length - 1, j = 0; i >= 0; i--, j++) {
    const r = rows[i]!;
    out[j] = {
      at: r.receivedAt,
      battery: r.batteryPct,
      charging: r.charging === 1,
      firmware: r.firmware,
      signalDbm: r.signalDbm,
      network: r.network,
      errors: r.errors ? (JSON.parse(r.errors) as Record<string, number>) : {},
    };
  }
  return out;
}
