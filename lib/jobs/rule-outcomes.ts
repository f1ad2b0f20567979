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

/**
 * Timeline entries (and unsettled alerts) labelled per transaction. On SQLite each transaction
 * runs in the server's event loop: labelling the alerts of 5,000 entries at once read their
 * timelines in one statement that held the loop for 160-200 ms each minute under a busy fleet,
 * and a slice of 250 still held it 37 ms in a soak at 20,000 terminals.
 */
export const LEARN_SLICE = 50;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function labelAll(tx: Db, ids: readonly number[], now: number): Promise<number> {
  let labelled = 0;
  for (const a of await alertsForLabel(tx, ids)) {
    const l = labelAlert(a, now);
    if (!l) continue;
    const { ruleId, code } = ruleAndCode(a.findings);
    await upsertOutcome(tx, { alertId: a.id, terminalId: a.terminalId, category: a.category, ruleId, code, severity: a.severity, raisedAt: a.createdAt, ...l }, now);
    labelled++;
  }
  return labelled;
}

export async function learnFromCalls(db: Db, now: number, limit = LEARN_EVENTS_PER_SWEEP, slice = LEARN_SLICE): Promise<LearnResult> {
  let labelled = 0;
  let read = 0;
  let moved = false;
  const seen = new Set<number>();
  // The timeline from the cursor, a slice per transaction: each slice's labels and the cursor
  // past it commit together, so a crash between slices leaves nothing half done.
  while (read < limit) {
    const want = Math.min(slice, limit - read);
    const step = await db.transaction(async (tx) => {
      const cursor = await readCursor(tx);
      const touched = await touchedAlerts(tx, cursor, want);
      const fresh = touched.alertIds.filter((id) => !seen.has(id));
      for (const id of fresh) seen.add(id);
      const n = await labelAll(tx, fresh, now);
      if (touched.lastEventId !== cursor) await writeCursor(tx, touched.lastEventId, now);
      return { n, read: touched.read, moved: touched.lastEventId !== cursor };
    });
    labelled += step.n;
    read += step.read;
    moved ||= step.moved;
    if (step.read < want) break;
    await nextTurn();
  }
  // Open alerts still labelled unknown: their label may settle with time alone.
  const unsettled = (await unsettledAlerts(db, UNSETTLED_PER_SWEEP)).filter((id) => !seen.has(id));
  for (let i = 0; i < unsettled.length; i += slice) {
    labelled += await db.transaction((tx) => labelAll(tx, unsettled.slice(i, i + slice), now));
    await nextTurn();
  }
  if (labelled > 0 || moved) {
    await db.transaction(async (tx) => {
      const counts = await precisionCounts(tx, now - 90 * DAY_MS);
      await replacePrecision(tx, counts.map((c) => ({ ...c, factor: rankFactor(c.confirmed, c.falseAlarms) })), now);
    });
  }
  return { labelled, more: read >= limit };
}
