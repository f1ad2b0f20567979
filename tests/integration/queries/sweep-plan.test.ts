// The minute sweep's reads of active alerts stay off the alerts table's rows: every alert ever
// raised stays there (resolved ones with their findings), and on SQLite each statement holds the
// server's event loop. The tick's due ids and the firmware rates come from alerts_active_idx alone
// (the versions' populations from the fleet counters); carrier grouping reads a first_seen_at range
// of alerts_ungrouped_idx. Checked with EXPLAIN QUERY PLAN on the statements
// the store actually runs (captured through the slow-statement watch), and against the rows.
import { beforeAll, describe, expect, it } from "vitest";
import { alertStatements } from "@/db/alert-writes";
import { carrierCandidates, firmwareRates } from "@/db/alerts-incidents";
import type { Db } from "@/db/client";
import { DEFAULT_ALERT_CONFIG } from "@/lib/alerts/config";
import type { AlertState } from "@/lib/domain/alerts";
import { HOUR_MS, MINUTE_MS } from "@/lib/domain/time";
import { freshDb, makeAgent, makeTerminal, T0 } from "../../helpers/db";

const NOW = T0 + 10 * HOUR_MS;
const c = DEFAULT_ALERT_CONFIG;

function state(over: Partial<AlertState>): AlertState {
  return {
    status: "pending", severity: "warning", firstSeenAt: NOW - HOUR_MS, pendingSince: null, openedAt: null, acknowledgedAt: null, acknowledgedBy: null,
    assigneeId: null, snoozedUntil: null, verifyUntil: null, clearedAt: null, resolvedAt: null, resolvedBy: null, resolution: null,
    lastReminderAt: null, reopenCount: 0, lastCallOutcome: null, lastCallAt: null, ...over,
  };
}

let db: Db;
const ids: Record<string, number> = {};
beforeAll(async () => {
  db = await freshDb();
  const agent = (await makeAgent(db)).id;
  const st = alertStatements(db);
  const add = async (name: string, category: "network" | "hardware", s: AlertState) => {
    const t = await makeTerminal(db, agent, { city: "杭州", carrier: "中国联通" });
    ids[name] = await st.insert(t.id, category, s, "[]", NOW);
  };
  for (let i = 0; i < 40; i++) {
    await add(`resolved${i}`, "network", state({ status: "resolved", firstSeenAt: NOW - 5 * MINUTE_MS, resolvedAt: NOW - MINUTE_MS, resolution: "auto_recovered" }));
  }
  await add("heldLongEnough", "hardware", state({ pendingSince: NOW - 11 * MINUTE_MS }));
  await add("stillHeld", "hardware", state({ pendingSince: NOW - 2 * MINUTE_MS }));
  await add("recentNetwork", "network", state({ status: "open", openedAt: NOW - 5 * MINUTE_MS, firstSeenAt: NOW - 5 * MINUTE_MS }));
  await add("oldNetwork", "network", state({ status: "open", openedAt: NOW - 3 * HOUR_MS, firstSeenAt: NOW - 3 * HOUR_MS }));
});

/** The SQL texts `read` runs, as the store sends them. */
async function statementsOf(read: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  db.watchSlowStatements({ ms: 0, report: (sql) => seen.push(sql) });
  try {
    await read();
  } finally {
    db.watchSlowStatements(null);
  }
  return seen;
}

describe("the sweep's reads of active alerts", () => {
  it("return the due alerts and the recent ungrouped ones, not the resolved or the older", async () => {
    const st = alertStatements(db);
    // SQLite reads the ids alone, then each slice again; PostgreSQL reads them under their terminals' locks.
    const due = db.dialect === "sqlite" ? await st.dueIdsForTick(NOW, c) : (await db.transaction(() => st.dueForTick(NOW, c))).map((a) => a.id);
    expect(due).toEqual([ids.heldLongEnough]);
    const since = NOW - c.incidents.windowMs;
    expect((await carrierCandidates(db, since)).map((a) => a.id)).toEqual([ids.recentNetwork]);
    const older = (await carrierCandidates(db, NOW - 4 * HOUR_MS)).map((a) => a.id);
    expect(new Set(older)).toEqual(new Set([ids.recentNetwork, ids.oldNetwork]));
  });

  // SQLite's plans; PostgreSQL picks from its statistics, which a few dozen rows do not make representative.
  const sqliteOnly = process.env.PFH_TEST_PG_URL ? it.skip : it;
  sqliteOnly("read alerts_active_idx alone and a first_seen_at range of alerts_ungrouped_idx (SQLite)", async () => {
    const plan = async (sql: string, params: unknown) => (await db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params as never)).map((r) => r.detail);
    const [due] = await statementsOf(() => alertStatements(db).dueIdsForTick(NOW, c));
    const duePlan = await plan(due!, { now: NOW, reminderAfterMs: c.reminderAfterMs, autoResolveAfterMs: c.autoResolveAfterMs, holdWarningMs: c.holdMs.warning, holdCriticalMs: c.holdMs.critical });
    expect(duePlan, duePlan.join("\n")).toEqual(["SCAN alerts USING COVERING INDEX alerts_active_idx", "USE TEMP B-TREE FOR ORDER BY"]);
    const [cand] = await statementsOf(() => carrierCandidates(db, NOW));
    const candPlan = await plan(cand!, [NOW]);
    expect(candPlan[0], candPlan.join("\n")).toBe("SEARCH a USING INDEX alerts_ungrouped_idx (first_seen_at>?)");
    expect(candPlan.filter((l) => /^SCAN/.test(l)), candPlan.join("\n")).toEqual([]);
    const [rates] = await statementsOf(() => firmwareRates(db));
    const ratesPlan = await plan(rates!, []);
    expect(ratesPlan, ratesPlan.join("\n")).toContain("SCAN a USING COVERING INDEX alerts_active_idx");
    expect(ratesPlan.filter((l) => /^SCAN (a|alerts|terminal_state)$|^SCAN terminal_state /.test(l)), ratesPlan.join("\n")).toEqual([]);
  });
});
