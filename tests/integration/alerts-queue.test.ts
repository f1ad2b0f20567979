// The call queue on a real database: the ranking equals the documented formula over the
// transaction rollup, filters narrow it, scope bounds it, and muted alerts are marked.
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { terminalAlertHistory } from "@/db/queries/alerts-detail";
import { listQueue, queueParamsSchema, type QueueParams } from "@/db/queries/alerts-queue";
import { acknowledgeAlerts, assignAlerts } from "@/lib/alerts/actions";
import { priority } from "@/lib/alerts/priority";
import { createSilence } from "@/lib/alerts/silences";
import type { Scope } from "@/lib/auth/scope";
import { runSweep } from "@/lib/jobs/sweep";
import { authNetwork } from "./helpers/auth-network";
import { beat, freshDb, makeTerminal, T0 } from "../helpers/db";
import { alertsOf, ingestAs, MIN } from "../unit/alerts/fixtures";

let db: Db;
let net: Awaited<ReturnType<typeof authNetwork>>;
const HOUR = 60 * MIN;
const NOW = T0 + 9 * HOUR;
const sn: Record<string, string> = {};
const id: Record<string, number> = {};

const q = (scope: Scope, p: Partial<Record<keyof QueueParams, unknown>> = {}, now = NOW) => listQueue(db, scope, queueParamsSchema.parse(p), now);

beforeAll(async () => {
  db = await freshDb();
  net = await authNetwork(db);
  const post = ingestAs(db, net.agents.root);
  const mk = async (key: string, agent: number, city: string) => {
    const t = await makeTerminal(db, agent, { city, merchant: `商户${key}` });
    sn[key] = t.sn;
    return t;
  };
  const busy = await mk("busy", net.agents.hz.id, "杭州");
  const idle = await mk("idle", net.agents.hz.id, "杭州");
  const critIdle = await mk("critIdle", net.agents.hz.id, "杭州");
  const old = await mk("old", net.agents.east.id, "宁波");
  const net2 = await mk("net", net.agents.east.id, "宁波");
  const south = await mk("south", net.agents.south.id, "广州");
  // The old warning: opened about 8 hours before NOW.
  await post([beat(old.sn, 1, { battery_pct: 12 })], T0 + 5 * MIN);
  await runSweep(db, T0 + 16 * MIN);
  // History for the merchant value: busy reports 1000 transactions a beat, the others a few.
  for (let s = 2; s <= 9; s++) {
    const at = T0 + s * HOUR;
    await post([beat(busy.sn, s * 12, { txn_count: 1000 }), beat(idle.sn, s * 12), beat(critIdle.sn, s * 12), beat(old.sn, s * 12, { battery_pct: 12 }), beat(net2.sn, s * 12), beat(south.sn, s * 12)], at);
  }
  const at = NOW - 20 * MIN;
  await post([
    beat(busy.sn, 200, { battery_pct: 12 }), beat(idle.sn, 200, { battery_pct: 12 }), beat(critIdle.sn, 200, { battery_pct: 2 }),
    beat(old.sn, 200, { battery_pct: 12 }), beat(south.sn, 200, { battery_pct: 2 }),
    beat(net2.sn, 198, { signal_dbm: -110 }), beat(net2.sn, 199, { signal_dbm: -110 }), beat(net2.sn, 200, { signal_dbm: -110 }),
  ], at);
  await runSweep(db, at + 10 * MIN);
  for (const [k, t] of Object.entries({ busy, idle, critIdle, old, net: net2, south })) id[k] = (await alertsOf(db, t.id))[0]!.id;
});

describe("ranking", () => {
  it("follows severity × merchant value × time open, as documented", async () => {
    const page = await q(net.scopes.admin);
    expect(page.total).toBe(6);
    for (const item of page.items) {
      const opened = (await db.get<{ o: number }>(`SELECT opened_at AS o FROM alerts WHERE id = ?`, [item.id]))!.o;
      expect(item.priority).toBeCloseTo(priority({ severity: item.severity, txn7d: item.txn7d, openedAt: opened }, NOW), 9);
    }
    const order = page.items.map((i) => i.sn);
    expect([...page.items].sort((a, b) => b.priority - a.priority).map((i) => i.sn)).toEqual(order);
    const busy = page.items.find((i) => i.sn === sn.busy)!;
    expect(busy.txn7d).toBe(8 * 1000 + 3); // eight busy beats and the last one (3, the factory's default)
    // A busy merchant's warning outranks the same warning at an idle merchant, a critical outranks
    // a warning of the same age and value, and 8 hours of waiting lift an idle warning too.
    expect(order.indexOf(sn.busy!)).toBeLessThan(order.indexOf(sn.idle!));
    expect(order.indexOf(sn.critIdle!)).toBeLessThan(order.indexOf(sn.idle!));
    expect(order.indexOf(sn.old!)).toBeLessThan(order.indexOf(sn.idle!));
  });

  it("each item carries the merchant, a phone to call and the fix script", async () => {
    const item = (await q(net.scopes.admin)).items.find((i) => i.sn === sn.net)!;
    expect(item).toMatchObject({ category: "network", merchant: "商户net", city: "宁波", agentName: "代理 EAST" });
    expect(item.findings[0]!.steps.zh.length).toBeGreaterThan(0);
    expect(item.findings[0]!.steps.en.length).toBeGreaterThan(0);
    expect(item.findings[0]!.evidence.readings.length).toBeGreaterThan(0);
  });
});

describe("filters and scope", () => {
  it("narrows by category, city, agent, severity, status, assignee and text", async () => {
    const sns = async (p: Parameters<typeof q>[1]) => (await q(net.scopes.admin, p)).items.map((i) => i.sn).sort();
    expect(await sns({ category: "network" })).toEqual([sn.net]);
    expect(await sns({ city: "宁波" })).toEqual([sn.old, sn.net].sort());
    expect(await sns({ agent: net.agents.hz.id })).toEqual([sn.busy, sn.idle, sn.critIdle].sort());
    expect(await sns({ severity: "critical" })).toEqual([sn.critIdle, sn.south].sort());
    expect(await sns({ q: "商户bu" })).toEqual([sn.busy]);
    expect(await sns({ q: "%" })).toEqual([]);
    await acknowledgeAlerts(db, net.scopes.east, { ids: [id.old] }, NOW);
    await assignAlerts(db, net.scopes.east, { ids: [id.net], assignee: "me" }, NOW);
    expect(await sns({ status: "acknowledged" })).toEqual([sn.old]);
    expect((await q(net.scopes.east, { assignee: "me" })).items.map((i) => i.sn)).toEqual([sn.net]);
    expect(await sns({ assignee: "none" })).toHaveLength(5);
  });

  it("shows each manager their own subtree, viewers included", async () => {
    expect((await q(net.scopes.east)).total).toBe(5);
    expect((await q(net.scopes.hz)).items.map((i) => i.sn).sort()).toEqual([sn.busy, sn.idle, sn.critIdle].sort());
    expect((await q(net.scopes.southAdmin)).items.map((i) => i.sn)).toEqual([sn.south]);
  });

  it("marks alerts inside a maintenance window as muted, and keeps them in the queue", async () => {
    await createSilence(db, net.scopes.east, { agentId: net.agents.east.id, category: "network", minutes: 60, reason: "基站检修" }, NOW);
    const items = (await q(net.scopes.east, {}, NOW + MIN)).items;
    expect(items.filter((i) => i.muted).map((i) => i.sn)).toEqual([sn.net]);
    expect(items).toHaveLength(5);
  });

  it("gives a terminal's alert history to those who see the terminal, and nothing to others", async () => {
    const rows = await terminalAlertHistory(db, net.scopes.hz, sn.busy!);
    expect(rows).toEqual([expect.objectContaining({ id: id.busy, category: "hardware", severity: "warning", status: "open", events: 2 })]);
    expect(await terminalAlertHistory(db, net.scopes.southAdmin, sn.busy!)).toEqual([]);
  });

  it("rejects filter values that are not what the page offers", () => {
    expect(queueParamsSchema.safeParse({ category: "healthy" }).success).toBe(false);
    expect(queueParamsSchema.safeParse({ page: 0 }).success).toBe(false);
  });
});
