// The learning store on PostgreSQL: the sweep's cursor and labels, the precision table, the
// queue's rank factor read from the alert's findings JSON, and the heartbeat window a replay reads.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { listQueue, queueParamsSchema } from "@/db/queries/alerts-queue";
import { listOutcomes, readCursor, readWindowBefore, replacePrecision } from "@/db/rule-outcomes";
import { logCall, resolveAlert } from "@/lib/alerts/actions";
import { priority } from "@/lib/alerts/priority";
import { runSweep } from "@/lib/jobs/sweep";
import { authNetwork } from "../integration/helpers/auth-network";
import { beat, freshDb, makeTerminal, T0 } from "../helpers/db";
import { alertsOf, ingestAs, MIN } from "../unit/alerts/fixtures";

let db: Db;
let net: Awaited<ReturnType<typeof authNetwork>>;
const terminals: { id: number; sn: string }[] = [];
const END = T0 + 60 * 5 * MIN;

beforeAll(async () => {
  db = await freshDb();
  expect(db.dialect).toBe("pg");
  net = await authNetwork(db);
  const post = ingestAs(db, net.agents.root);
  for (let i = 0; i < 3; i++) terminals.push(await makeTerminal(db, net.agents.hz.id));
  for (let k = 1; k <= 60; k++) {
    const at = T0 + k * 5 * MIN;
    await post(terminals.map((t, i) => beat(t.sn, k, { ts: at, errors: i === 0 && k > 3 ? {} : { T_CARD_READ_FAIL: 1 } })), at);
    if (k === 7) {
      await resolveAlert(db, net.scopes.east, { id: (await alertsOf(db, terminals[0]!.id))[0]!.id, outcome: "not_a_problem", note: "" }, at + 1);
      await logCall(db, net.scopes.east, { id: (await alertsOf(db, terminals[1]!.id))[0]!.id, outcome: "visit_needed", note: "" }, at + 1);
      await logCall(db, net.scopes.east, { id: (await alertsOf(db, terminals[2]!.id))[0]!.id, outcome: "no_answer", note: "" }, at + 1);
    }
    if (k % 12 === 0) await runSweep(db, at + 2);
  }
  await runSweep(db, END);
}, 120_000);

afterAll(async () => {
  await db?.close();
});

it("labels the alerts from the timeline and moves the cursor to its end", async () => {
  const rows = await listOutcomes(db, net.scopes.admin, T0 - 1, END);
  expect(rows.map((r) => [r.terminalId, r.ruleId, r.code, r.label, r.reason]).sort()).toEqual(
    [
      [terminals[0]!.id, "codes.hardware", "T_CARD_READ_FAIL", "false_alarm", "cleared_after_fine"],
      [terminals[1]!.id, "codes.hardware", "T_CARD_READ_FAIL", "confirmed", "visit_needed"],
      [terminals[2]!.id, "codes.hardware", "T_CARD_READ_FAIL", "unknown", "no_decisive_call"],
    ].sort(),
  );
  const last = await db.get<{ id: number }>(`SELECT max(id) AS id FROM alert_events`);
  expect(await readCursor(db)).toBe(Number(last!.id));
  const p = await db.get<{ confirmed: number; falseAlarms: number; factor: number }>(`SELECT confirmed, false_alarms AS "falseAlarms", factor_permille AS factor FROM rule_precision WHERE rule_id = 'codes.hardware'`);
  expect({ confirmed: Number(p!.confirmed), falseAlarms: Number(p!.falseAlarms), factor: Number(p!.factor) }).toEqual({ confirmed: 1, falseAlarms: 1, factor: 1000 });
});

it("ranks the queue by the factor of the rule in the alert's findings", async () => {
  await db.transaction((tx) => replacePrecision(tx, [{ ruleId: "codes.hardware", confirmed: 5, falseAlarms: 15, factor: 0.5 }], END));
  const page = await listQueue(db, net.scopes.admin, queueParamsSchema.parse({}), END);
  expect(page.items.length).toBe(2);
  for (const item of page.items) expect(item.priority).toBeCloseTo(priority({ ...item, precisionFactor: 0.5 }, END), 9);
});

it("reads the stored window a replay needs, codes included", async () => {
  const rows = await readWindowBefore(db, terminals[1]!.id, T0, T0 + 15 * MIN, 100);
  expect(rows.map((r) => r.seq)).toEqual([3, 2, 1]);
  expect(JSON.parse(rows[0]!.errors!)).toEqual({ T_CARD_READ_FAIL: 1 });
});
