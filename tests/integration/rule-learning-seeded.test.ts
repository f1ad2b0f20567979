// The demo's seeded history with its call desk (lib/simulator/call-desk.ts): the calls land on
// the alerts through the ordinary verbs, every alert that opened becomes exactly one example, the
// labels agree with the timeline, the precision table with the examples, and the figures have the
// shares a manager would expect (mostly confirmed, a real share of false alarms from the blips).
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { demoDeskCaller } from "@/lib/demo/call-desk";
import { seedDemo } from "@/lib/demo/seed";
import { runSweep } from "@/lib/jobs/sweep";
import { learningReport } from "@/lib/policy/learning";
import { rankFactor } from "@/lib/rules/learning";
import { extendHistory } from "@/lib/simulator/history";
import { DAY_MS } from "@/lib/domain/time";
import { count, freshDb } from "../helpers/db";

const NOW = Date.UTC(2026, 10, 27, 4, 0, 0); // 12:00 Asia/Shanghai
let db: Db;

beforeAll(async () => {
  db = await freshDb();
  const { record } = await seedDemo(db, { now: NOW, terminals: 150, days: 2, faultShare: 0.2 });
  const caller = await demoDeskCaller(db);
  expect(caller).toBeDefined();
  await extendHistory(db, record, NOW, { calls: caller });
  await runSweep(db, NOW);
}, 600_000);

const ids = async (sql: string) => (await db.all<{ id: number }>(sql)).map((r) => Number(r.id)).sort((a, b) => a - b);

describe("the call desk", () => {
  it("calls alerts through the ordinary verbs, with every kind of answer", async () => {
    const outcomes = await db.all<{ outcome: string; n: number }>(
      `SELECT json_extract(data, '$.outcome') AS outcome, count(*) AS n FROM alert_events WHERE kind = 'call_logged' GROUP BY 1`.replace(
        "json_extract(data, '$.outcome')",
        db.dialect === "pg" ? "CAST(data AS json) ->> 'outcome'" : "json_extract(data, '$.outcome')",
      ),
    );
    const got = Object.fromEntries(outcomes.map((o) => [o.outcome, Number(o.n)]));
    for (const k of ["fixed_on_phone", "visit_needed", "no_answer", "merchant_declined"]) expect(got[k] ?? 0, k).toBeGreaterThan(0);
    expect(await count(db, `SELECT count(*) AS n FROM alerts WHERE resolution = 'not_a_problem' OR reopen_count > 0`)).toBeGreaterThan(0);
    expect(await count(db, `SELECT count(*) AS n FROM audit_log WHERE action = 'alert.call_logged'`)).toBe(Object.values(got).reduce((a, b) => a + b, 0));
  });
});

describe("the examples", () => {
  it("are exactly the alerts that opened, one each", async () => {
    const opened = await ids(`SELECT DISTINCT alert_id AS id FROM alert_events WHERE kind = 'opened'`);
    expect(opened.length).toBeGreaterThan(50);
    expect(await ids(`SELECT alert_id AS id FROM rule_outcomes`)).toEqual(opened);
  });
  it("agree with the timeline", async () => {
    // A visit found to be needed is a real fault; a "not a problem" never reopened is a false alarm.
    expect(await count(db, `SELECT count(*) AS n FROM rule_outcomes o WHERE o.label <> 'confirmed' AND EXISTS (SELECT 1 FROM alert_events e WHERE e.alert_id = o.alert_id AND e.kind = 'call_logged' AND e.data LIKE '%visit_needed%')`)).toBe(0);
    const fine = await count(db, `SELECT count(*) AS n FROM rule_outcomes o JOIN alerts a ON a.id = o.alert_id WHERE a.resolution = 'not_a_problem' AND a.reopen_count = 0`);
    expect(fine).toBeGreaterThan(0);
    expect(await count(db, `SELECT count(*) AS n FROM rule_outcomes o JOIN alerts a ON a.id = o.alert_id WHERE a.resolution = 'not_a_problem' AND a.reopen_count = 0 AND o.label <> 'false_alarm'`)).toBe(0);
    // Never reached anyone and recovered by itself: unknown.
    expect(
      await count(
        db,
        `SELECT count(*) AS n FROM rule_outcomes o JOIN alerts a ON a.id = o.alert_id
          WHERE a.resolution = 'auto_recovered' AND a.last_call_outcome IS NULL AND a.reopen_count = 0 AND o.label <> 'unknown'`,
      ),
    ).toBe(0);
  });
  it("have the shares a manager would expect: mostly real faults, a real share of false alarms", async () => {
    const n = async (label: string) => count(db, `SELECT count(*) AS n FROM rule_outcomes WHERE label = ?`, label);
    const [confirmed, falseAlarms, unknown] = [await n("confirmed"), await n("false_alarm"), await n("unknown")];
    expect(unknown).toBeGreaterThan(0);
    expect(falseAlarms / (confirmed + falseAlarms)).toBeGreaterThan(0.1);
    expect(falseAlarms / (confirmed + falseAlarms)).toBeLessThan(0.6);
    expect(await count(db, `SELECT count(*) AS n FROM rule_outcomes WHERE rule_id = 'codes.hardware' AND code = 'T_CARD_READ_FAIL' AND label = 'false_alarm'`)).toBeGreaterThan(0);
  });
  it("add up to the precision table and its rank factors", async () => {
    const fromExamples = await db.all<{ ruleId: string; confirmed: number; falseAlarms: number }>(
      `SELECT rule_id AS "ruleId", sum(CASE WHEN label = 'confirmed' THEN 1 ELSE 0 END) AS confirmed, sum(CASE WHEN label = 'false_alarm' THEN 1 ELSE 0 END) AS "falseAlarms"
         FROM rule_outcomes WHERE raised_at > ? GROUP BY rule_id ORDER BY rule_id`,
      [NOW - 90 * DAY_MS],
    );
    const table = await db.all<{ ruleId: string; confirmed: number; falseAlarms: number; factor: number }>(
      `SELECT rule_id AS "ruleId", confirmed, false_alarms AS "falseAlarms", factor_permille AS factor FROM rule_precision ORDER BY rule_id`,
    );
    expect(table.map((r) => ({ ruleId: r.ruleId, confirmed: Number(r.confirmed), falseAlarms: Number(r.falseAlarms) }))).toEqual(
      fromExamples.map((r) => ({ ruleId: r.ruleId, confirmed: Number(r.confirmed), falseAlarms: Number(r.falseAlarms) })),
    );
    for (const r of table) expect(Number(r.factor)).toBe(Math.round(rankFactor(Number(r.confirmed), Number(r.falseAlarms)) * 1000));
  });
  it("show on the policy page's report, per rule and per code", async () => {
    const caller = (await demoDeskCaller(db))!;
    const r = await learningReport(db, caller, NOW);
    const card = r.rows.find((x) => x.ruleId === "codes.hardware" && x.code === "T_CARD_READ_FAIL")!;
    expect(card.windows[0]!.raised).toBe(await count(db, `SELECT count(*) AS n FROM rule_outcomes WHERE rule_id = 'codes.hardware' AND code = 'T_CARD_READ_FAIL'`));
    expect(card.windows[0]!.falseAlarms).toBeGreaterThan(0);
  });
});
