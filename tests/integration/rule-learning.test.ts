// Rules that learn from the calls, on a real store: card-reader alerts where half the merchants
// had only a run of bad cards (resolved "not a problem", and the codes stopped) and half a broken
// reader (a visit, or a decline while the codes went on). The sweep labels them, the queue ranks
// the rule by its precision, the policy page's report suggests a higher code threshold, and
// applying it is an ordinary policy save.
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { getPolicy } from "@/db/policy";
import { listQueue, queueParamsSchema } from "@/db/queries/alerts-queue";
import { logCall, resolveAlert } from "@/lib/alerts/actions";
import { priority } from "@/lib/alerts/priority";
import { AppError } from "@/lib/errors";
import { readCursor, writeCursor } from "@/db/rule-outcomes";
import { learnFromCalls } from "@/lib/jobs/rule-outcomes";
import { runSweep } from "@/lib/jobs/sweep";
import { applySuggestion, learningReport } from "@/lib/policy/learning";
import { authNetwork } from "./helpers/auth-network";
import { beat, count, freshDb, makeTerminal, T0 } from "../helpers/db";
import { alertsOf, ingestAs, MIN } from "../unit/alerts/fixtures";

const PER_GROUP = 12;
const BEAT = 5 * MIN;
const TICKS = 72; // six hours of heartbeats
let db: Db;
let net: Awaited<ReturnType<typeof authNetwork>>;
const blips: { id: number; sn: string }[] = [];
const broken: { id: number; sn: string }[] = [];
let END = 0;

beforeAll(async () => {
  db = await freshDb();
  net = await authNetwork(db);
  const post = ingestAs(db, net.agents.root);
  for (let i = 0; i < 2 * PER_GROUP; i++) blips.push(await makeTerminal(db, net.agents.hz.id));
  for (let i = 0; i < 2 * PER_GROUP; i++) broken.push(await makeTerminal(db, net.agents.hz.id));
  for (let k = 1; k <= TICKS; k++) {
    const at = T0 + k * BEAT;
    const items = [
      ...blips.map((t) => beat(t.sn, k, { ts: at, errors: k <= 3 ? { T_CARD_READ_FAIL: 1 } : {} })),
      ...broken.map((t) => beat(t.sn, k, { ts: at, errors: { T_CARD_READ_FAIL: 2 } })),
    ];
    await post(items, at);
    if (k === 7) {
      // Half an hour in: the calls.
      for (const t of blips) await resolveAlert(db, net.scopes.east, { id: (await alertsOf(db, t.id))[0]!.id, outcome: "not_a_problem", note: "" }, at + 1);
      for (const [i, t] of broken.entries()) {
        await logCall(db, net.scopes.east, { id: (await alertsOf(db, t.id))[0]!.id, outcome: i % 2 ? "merchant_declined" : "visit_needed", note: "" }, at + 1);
      }
    }
    if (k % 6 === 0) await runSweep(db, at + 2);
  }
  END = T0 + TICKS * BEAT + 3;
  await runSweep(db, END);
}, 180_000);

describe("labels from the calls and the heartbeats", () => {
  it("labels every called alert for its rule and code", async () => {
    const rows = await db.all<{ label: string; reason: string; n: number }>(
      `SELECT label, reason, count(*) AS n FROM rule_outcomes WHERE rule_id = 'codes.hardware' AND code = 'T_CARD_READ_FAIL' GROUP BY label, reason ORDER BY label, reason`,
    );
    expect(rows.map((r) => ({ ...r, n: Number(r.n) }))).toEqual([
      { label: "confirmed", reason: "persisted_after_fine", n: PER_GROUP },
      { label: "confirmed", reason: "visit_needed", n: PER_GROUP },
      { label: "false_alarm", reason: "cleared_after_fine", n: 2 * PER_GROUP },
    ]);
    expect(await count(db, `SELECT count(*) AS n FROM rule_outcomes`)).toBe(4 * PER_GROUP);
  });
  it("keeps the time to fix only for fixed, confirmed alerts", async () => {
    expect(await count(db, `SELECT count(*) AS n FROM rule_outcomes WHERE fixed_at IS NOT NULL`)).toBe(0);
  });
  it("writes the rule's precision and rank factor", async () => {
    const p = await db.get<{ confirmed: number; falseAlarms: number; factor: number }>(
      `SELECT confirmed, false_alarms AS "falseAlarms", factor_permille AS factor FROM rule_precision WHERE rule_id = 'codes.hardware'`,
    );
    expect({ confirmed: Number(p!.confirmed), falseAlarms: Number(p!.falseAlarms), factor: Number(p!.factor) }).toEqual({ confirmed: 24, falseAlarms: 24, factor: 750 });
  });
  it("reads the timeline incrementally: a sweep with nothing new labels nothing", async () => {
    const r = await runSweep(db, END + 1);
    expect(r.learned).toEqual({ labelled: 0, more: false });
  });
  it("labels the same in small slices, one transaction each, as in one pass", async () => {
    const labels = `SELECT alert_id AS "alertId", rule_id AS "ruleId", code, label, reason FROM rule_outcomes ORDER BY alert_id`;
    const before = await db.all(labels);
    const precision = await db.all(`SELECT rule_id, confirmed, false_alarms, factor_permille FROM rule_precision ORDER BY rule_id`);
    const last = await readCursor(db);
    const entries = await count(db, `SELECT count(*) AS n FROM alert_events`);
    expect(entries).toBeGreaterThan(3 * 7);
    // Forget what was learned and read the whole timeline again, 7 entries per transaction.
    await db.run(`DELETE FROM rule_outcomes`);
    await writeCursor(db, 0, END);
    const r = await learnFromCalls(db, END + 1, 10_000, 7);
    expect(r.more).toBe(false);
    expect(r.labelled).toBe(before.length);
    expect(await db.all(labels)).toEqual(before);
    expect(await db.all(`SELECT rule_id, confirmed, false_alarms, factor_permille FROM rule_precision ORDER BY rule_id`)).toEqual(precision);
    expect(await readCursor(db)).toBe(last);
    // A limit smaller than the timeline stops there and says there is more.
    await writeCursor(db, 0, END);
    expect((await learnFromCalls(db, END + 1, 10, 7)).more).toBe(true);
    expect(await readCursor(db)).toBeGreaterThan(0);
    await learnFromCalls(db, END + 1);
    expect(await readCursor(db)).toBe(last);
  });
});

describe("the queue rank", () => {
  it("multiplies each alert's priority by its rule's factor", async () => {
    const page = await listQueue(db, net.scopes.admin, queueParamsSchema.parse({}), END);
    expect(page.items.length).toBeGreaterThan(0);
    for (const item of page.items) {
      expect(item.priority).toBeCloseTo(priority({ severity: item.severity, txn7d: item.txn7d, openedAt: item.openedAt, precisionFactor: 0.75 }, END), 9);
    }
  });
});

describe("the policy page's report and its suggestion", () => {
  it("shows the counts beside the rule's threshold", async () => {
    const r = await learningReport(db, net.scopes.admin, END);
    const rule = r.rows.find((x) => x.ruleId === "codes.hardware" && x.code === null)!;
    expect(rule.windows[0]).toMatchObject({ days: 30, raised: 48, confirmed: 24, falseAlarms: 24, unknown: 0, precision: 0.5 });
    expect(rule.fields[0]).toEqual({ field: "codeThreshold", value: "3" });
    expect(rule.enough).toBe(true);
  });
  it("is limited to the caller's part of the network", async () => {
    const r = await learningReport(db, net.scopes.southAdmin, END);
    expect(r.rows).toEqual([]);
    expect(r.suggestions).toEqual([]);
  });
  it("suggests the threshold the replayed heartbeats argue for", async () => {
    const r = await learningReport(db, net.scopes.admin, END);
    expect(r.suggestions).toEqual([{ field: "codeThreshold", from: 3, to: 4, examples: 48, falseAlarmShareNow: 0.5, falseAlarmShareThen: 0, missed: 0, avoided: 24 }]);
  });
  it("refuses an unknown field and a caller who may not change the policy, and changes nothing", async () => {
    await expect(applySuggestion(db, net.scopes.admin, "windowMinutes", END)).rejects.toMatchObject({ code: "not_found" });
    await expect(applySuggestion(db, net.scopes.east, "codeThreshold", END)).rejects.toBeInstanceOf(AppError);
    expect((await getPolicy(db)).codeThreshold).toBe(3);
    expect(await count(db, `SELECT count(*) AS n FROM policy_versions`)).toBe(0);
  });
  it("applies it as an ordinary policy save: history, audit, and no suggestion left", async () => {
    const r = await applySuggestion(db, net.scopes.admin, "codeThreshold", END + 10, "127.0.0.1");
    expect(r.suggestion.to).toBe(4);
    expect((await getPolicy(db)).codeThreshold).toBe(4);
    expect(await count(db, `SELECT count(*) AS n FROM policy_versions WHERE id = ?`, r.versionId)).toBe(1);
    expect(await count(db, `SELECT count(*) AS n FROM audit_log WHERE action = 'policy.saved' AND target_id = ?`, String(r.versionId))).toBe(1);
    expect((await learningReport(db, net.scopes.admin, END + 20)).suggestions).toEqual([]);
    await expect(applySuggestion(db, net.scopes.admin, "codeThreshold", END + 30)).rejects.toMatchObject({ code: "validation", details: { reason: "no_suggestion" } });
  });
});
