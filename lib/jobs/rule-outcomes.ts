// The sweep's learning step (docs/alerts.md, "Rules that learn from the calls"): reads the alert
// timeline from where it stopped, labels every alert whose calls, resolution or heartbeats moved,
// and rewrites each rule's precision. Bounded: at most `limit` timeline entries per sweep.
import type { Db } from "@/db/client";
import { alertsForLabel, precisionCounts, readCursor, replacePrecision, touchedAlerts, unsettledAlerts, upsertOutcome, writeCursor } from "@/db/rule-outcomes";
import type { Finding } from "@/lib/domain/diagnosis";
import { DAY_MS } from "@/lib/domain/time";
import { labelAlert, rankFactor } from "@/lib/rules/learning";

export interface LearnResult {
  /** Alerts labelled (or relabelled) this sweep. */
  labelled: number;
  /** Whether the timeline had more entries than one sweep reads. */
  more: boolean;
}

export const LEARN_EVENTS_PER_SWEEP = 5000;
const UNSETTLED_PER_SWEEP = 500;

/** The leading finding's rule and its most reported code (ties: alphabetical). */
export function ruleAndCode(findingsJson: string): { ruleId: string; code: string } {
  const findings = JSON.parse(findingsJson || "[]") as Finding[];
  const f = findings[0];
  if (!f) return { ruleId: "unknown", code: "" };
  const codes = Object.entries(f.evidence?.codes ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return { ruleId: f.ruleId, code: codes[0]?.[0] ?? "" };
}

export async function learnFromCalls(db: Db, now: number, limit = LEARN_EVENTS_PER_SWEEP): Promise<LearnResult> {
  return db.transaction(async (tx) => {
    const cursor = await readCursor(tx);
    const { alertIds, lastEventId, read } = await touchedAlerts(tx, cursor, limit);
    const ids = [...new Set([...alertIds, ...(await unsettledAlerts(tx, UNSETTLED_PER_SWEEP))])];
    let labelled = 0;
    for (const a of await alertsForLabel(tx, ids)) {
      const l = labelAlert(a, now);
      if (!l) continue;
      const { ruleId, code } = ruleAndCode(a.findings);
      await upsertOutcome(tx, { alertId: a.id, terminalId: a.terminalId, category: a.category, ruleId, code, severity: a.severity, raisedAt: a.createdAt, ...l }, now);
      labelled++;
    }
    if (lastEventId !== cursor) await writeCursor(tx, lastEventId, now);
    if (labelled > 0 || lastEventId !== cursor) {
      const counts = await precisionCounts(tx, now - 90 * DAY_MS);
      await replacePrecision(tx, counts.map((c) => ({ ...c, factor: rankFactor(c.confirmed, c.falseAlarms) })), now);
    }
    return { labelled, more: read >= limit };
  });
}
