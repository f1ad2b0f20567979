// The call-queue verbs on a real database: happy path, bad input, not found, conflict, another
// tenant's alert, a viewer, bulk actions, and what lands on the timeline and in the audit log.
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { getAlertDetail } from "@/db/queries/alerts-detail";
import { acknowledgeAlerts, assignAlerts, logCall, resolveAlert, snoozeAlert } from "@/lib/alerts/actions";
import { createSilence, endSilence } from "@/lib/alerts/silences";
import { AppError } from "@/lib/errors";
import { runSweep } from "@/lib/jobs/sweep";
import { authNetwork } from "./helpers/auth-network";
import { beat, count, freshDb, makeTerminal, T0 } from "../helpers/db";
import { alertsOf, ingestAs, MIN } from "../unit/alerts/fixtures";

let db: Db;
let net: Awaited<ReturnType<typeof authNetwork>>;
const hzAlerts: number[] = [];
let southAlert = 0;
const NOW = T0 + 10 * MIN;

beforeAll(async () => {
  db = await freshDb();
  net = await authNetwork(db);
  const post = ingestAs(db, net.agents.root);
  const hz = [];
  for (let i = 0; i < 4; i++) hz.push(await makeTerminal(db, net.agents.hz.id, { city: "杭州" }));
  const south = await makeTerminal(db, net.agents.south.id, { city: "广州" });
  await post([...hz, south].map((t) => beat(t.sn, 1, { battery_pct: 2 })), T0 + 5 * MIN);
  for (const t of hz) hzAlerts.push((await alertsOf(db, t.id))[0]!.id);
  southAlert = (await alertsOf(db, south.id))[0]!.id;
});

async function fails(fn: () => Promise<unknown>, code: string, reason?: string) {
  let err: unknown;
  try {
    await fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  if (reason) expect((err as AppError).details?.reason).toBe(reason);
}
const status = async (id: number) => (await db.get<{ status: string }>(`SELECT status FROM alerts WHERE id = ?`, [id]))!.status;

describe("acknowledge", () => {
  it("acknowledges in bulk, skipping those already acknowledged, and names who did it", async () => {
    const [a, b] = hzAlerts;
    expect(await acknowledgeAlerts(db, net.scopes.east, { ids: [a] }, NOW)).toMatchObject({ changed: [a], skipped: [] });
    const r = await acknowledgeAlerts(db, net.scopes.admin, { ids: [a, b] }, NOW + 1);
    expect(r).toMatchObject({ changed: [b], skipped: [{ id: a, reason: "already_acknowledged" }] });
    const d = (await getAlertDetail(db, net.scopes.admin, a!, NOW + 2))!;
    expect(d.acknowledgedByName).toBe("east");
    expect(d.timeline.map((e) => [e.kind, e.actorName])).toEqual([["created", null], ["opened", null], ["acknowledged", "east"]]);
    const audit = await db.all(`SELECT actor, action, target_id AS target FROM audit_log WHERE action = 'alert.acknowledged' ORDER BY id`);
    expect(audit).toEqual([
      { actor: "east@x.test", action: "alert.acknowledged", target: String(a) },
      { actor: "admin@x.test", action: "alert.acknowledged", target: String(b) },
    ]);
  });

  it("refuses a viewer, another tenant's alert, bad ids, and writes nothing", async () => {
    const before = await count(db, `SELECT count(*) AS n FROM alert_events`);
    await fails(() => acknowledgeAlerts(db, net.scopes.hz, { ids: [hzAlerts[2]] }, NOW), "forbidden");
    await fails(() => acknowledgeAlerts(db, net.scopes.southAdmin, { ids: [hzAlerts[2]] }, NOW), "not_found");
    await fails(() => acknowledgeAlerts(db, net.scopes.east, { ids: [hzAlerts[2], southAlert] }, NOW), "not_found");
    await fails(() => acknowledgeAlerts(db, net.scopes.east, { ids: [] }, NOW), "validation");
    await fails(() => acknowledgeAlerts(db, net.scopes.east, { ids: ["x"] }, NOW), "validation");
    await fails(() => acknowledgeAlerts(db, net.scopes.east, { ids: [999_999] }, NOW), "not_found");
    expect(await status(hzAlerts[2]!)).toBe("open");
    expect(await count(db, `SELECT count(*) AS n FROM alert_events`)).toEqual(before);
  });
});

describe("assign", () => {
  it("assigns to me, to a colleague who sees the alert, or to nobody", async () => {
    const id = hzAlerts[2]!;
    await assignAlerts(db, net.scopes.east, { ids: [id], assignee: "me" }, NOW);
    expect((await getAlertDetail(db, net.scopes.east, id, NOW))!.assigneeName).toBe("east");
    await assignAlerts(db, net.scopes.east, { ids: [id], assignee: net.ids.admin }, NOW);
    expect((await getAlertDetail(db, net.scopes.east, id, NOW))!.assigneeName).toBe("admin");
    await assignAlerts(db, net.scopes.east, { ids: [id], assignee: "none" }, NOW);
    expect((await getAlertDetail(db, net.scopes.east, id, NOW))!.assigneeId).toBeNull();
  });

  it("refuses a viewer as assignee, and someone who cannot see the alert", async () => {
    await fails(() => assignAlerts(db, net.scopes.east, { ids: [hzAlerts[2]], assignee: net.ids.hz }, NOW), "validation", "unknown_assignee");
    await fails(() => assignAlerts(db, net.scopes.admin, { ids: [hzAlerts[2]], assignee: net.ids.southAdmin }, NOW), "validation", "assignee_cannot_see");
    await fails(() => assignAlerts(db, net.scopes.east, { ids: [hzAlerts[2]], assignee: "everyone" }, NOW), "validation");
  });
});

describe("calls, snooze, resolve", () => {
  it("logs a call with its outcome and note; an unknown outcome or a long note is refused", async () => {
    const id = hzAlerts[3]!;
    await fails(() => logCall(db, net.scopes.east, { id, outcome: "shouted", note: "" }, NOW), "validation");
    await fails(() => logCall(db, net.scopes.east, { id, outcome: "no_answer", note: "x".repeat(501) }, NOW), "validation");
    const a = await logCall(db, net.scopes.east, { id, outcome: "no_answer", note: "响铃无人接" }, NOW);
    expect(a).toMatchObject({ status: "acknowledged", lastCallOutcome: "no_answer" });
    const call = (await getAlertDetail(db, net.scopes.east, id, NOW))!.timeline.find((e) => e.kind === "call_logged")!;
    expect(call).toMatchObject({ actorName: "east", data: { outcome: "no_answer", note: "响铃无人接" } });
  });

  it("snoozes until a time in the future, at most 7 days, and wakes up on the sweep", async () => {
    const id = hzAlerts[3]!;
    await fails(() => snoozeAlert(db, net.scopes.east, { id, until: NOW - 1 }, NOW), "validation", "snooze_not_in_future");
    await fails(() => snoozeAlert(db, net.scopes.east, { id, minutes: 8 * 24 * 60 }, NOW), "validation");
    await snoozeAlert(db, net.scopes.east, { id, minutes: 30 }, NOW);
    expect(await status(id)).toBe("snoozed");
    await runSweep(db, NOW + 30 * MIN);
    expect(await status(id)).toBe("acknowledged");
  });

  it("resolves with an outcome; resolving again is a conflict", async () => {
    const id = hzAlerts[0]!;
    await resolveAlert(db, net.scopes.east, { id, outcome: "fixed_on_site", note: "换电池" }, NOW);
    expect(await getAlertDetail(db, net.scopes.east, id, NOW)).toMatchObject({ status: "resolved", resolution: "fixed_on_site", resolvedByName: "east" });
    await fails(() => resolveAlert(db, net.scopes.east, { id, outcome: "fixed_on_site", note: "" }, NOW), "conflict", "already_resolved");
    expect((await acknowledgeAlerts(db, net.scopes.east, { ids: [id, hzAlerts[1]] }, NOW)).skipped.map((s) => s.reason)).toEqual(["already_resolved", "already_acknowledged"]);
  });
});

describe("maintenance windows", () => {
  it("mutes an agent's subtree for a city and shows alerts as muted, then ends", async () => {
    const id = hzAlerts[1]!;
    await fails(() => createSilence(db, net.scopes.east, { agentId: net.agents.south.id, minutes: 60, reason: "x" }, NOW), "validation", "unknown_agent");
    await fails(() => createSilence(db, net.scopes.east, { agentId: net.agents.hz.id, minutes: 60, reason: "" }, NOW), "validation");
    await fails(() => createSilence(db, net.scopes.hz, { agentId: net.agents.hz.id, minutes: 60, reason: "x" }, NOW), "forbidden");
    const other = await createSilence(db, net.scopes.east, { agentId: net.agents.hz.id, city: "宁波", minutes: 60, reason: "宁波机房" }, NOW);
    expect((await getAlertDetail(db, net.scopes.east, id, NOW))!.muted).toBe(false);
    const s = await createSilence(db, net.scopes.east, { agentId: net.agents.hz.id, city: "杭州", minutes: 60, reason: "联通割接" }, NOW);
    expect((await getAlertDetail(db, net.scopes.east, id, NOW + MIN))!.muted).toBe(true);
    await fails(() => endSilence(db, net.scopes.southAdmin, s, NOW), "not_found");
    await endSilence(db, net.scopes.east, s, NOW + 2 * MIN);
    expect((await getAlertDetail(db, net.scopes.east, id, NOW + 3 * MIN))!.muted).toBe(false);
    expect(other).toBeGreaterThan(0);
  });
});
