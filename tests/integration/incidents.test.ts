// Incident grouping through real ingestion and the sweep: a carrier outage in one city, a bad
// firmware version, and what each means for the call queue and the notifications.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listQueue, queueParamsSchema } from "@/db/queries/alerts-queue";
import { DEFAULT_ALERT_CONFIG } from "@/lib/alerts/config";
import { createChannel } from "@/lib/notify/channels";
import { Notifier } from "@/lib/notify/notifier";
import { runSweep } from "@/lib/jobs/sweep";
import { authNetwork } from "./helpers/auth-network";
import { beat, count, freshDb, makeTerminal, T0 } from "../helpers/db";
import { startReceiver } from "../unit/notify/receiver";
import { alertsOf, ingestAs, MIN } from "../unit/alerts/fixtures";

// The receivers listen on 127.0.0.1, which deliveries refuse unless the operator allows it.
process.env.NOTIFY_ALLOW_PRIVATE = "127.0.0.1/32";

async function many<T>(n: number, make: () => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(await make());
  return out;
}

const receivers: Awaited<ReturnType<typeof startReceiver>>[] = [];
afterAll(async () => {
  for (const r of receivers) await r.close();
});

async function fleet() {
  const db = await freshDb();
  const net = await authNetwork(db);
  const rx = await startReceiver(() => ({ status: 204 }), { max: 20 });
  receivers.push(rx);
  await createChannel(db, net.scopes.admin, { name: "ops", kind: "webhook", agentId: net.agents.root.id, url: `${rx.base}/hook`, secret: "s" }, T0);
  return { db, net, rx, post: ingestAs(db, net.agents.root), queue: (scope = net.scopes.admin, now = T0) => listQueue(db, scope, queueParamsSchema.parse({}), now) };
}

describe("carrier outage", () => {
  let w: Awaited<ReturnType<typeof fleet>>;
  let unicomHz: Awaited<ReturnType<typeof makeTerminal>>[];
  let others: Awaited<ReturnType<typeof makeTerminal>>[];
  let shanghai: Awaited<ReturnType<typeof makeTerminal>>[];
  const lastBeat = T0 + 5 * MIN;
  const outageSweep = lastBeat + 31 * MIN;

  beforeAll(async () => {
    w = await fleet();
    const hz = w.net.agents.hz.id, east = w.net.agents.east.id;
    unicomHz = await many(30, () => makeTerminal(w.db, hz, { city: "杭州", carrier: "中国联通" }));
    others = await many(20, () => makeTerminal(w.db, hz, { city: "杭州", carrier: "中国移动" }));
    shanghai = await many(5, () => makeTerminal(w.db, east, { city: "上海", carrier: "中国联通" }));
    await w.post([...unicomHz, ...others, ...shanghai].map((t) => beat(t.sn, 1)), lastBeat);
    // The 杭州 Unicom terminals and the 5 in 上海 fall silent; the others keep posting.
    for (let s = 2; s <= 8; s++) await w.post(others.map((t) => beat(t.sn, s)), T0 + s * 5 * MIN);
    await runSweep(w.db, outageSweep);
  });

  it("30 silent terminals of one city and carrier become one incident", async () => {
    const incidents = await w.db.all(`SELECT kind, status, city, carrier, group_key AS "groupKey" FROM incidents`);
    expect(incidents).toEqual([{ kind: "carrier_outage", status: "open", city: "杭州", carrier: "中国联通", groupKey: "carrier:杭州:中国联通" }]);
    const members = (await Promise.all(unicomHz.map((t) => alertsOf(w.db, t.id)))).flat();
    expect(members).toHaveLength(30);
    expect(new Set(members.map((a) => a.incidentId)).size).toBe(1);
    expect(members[0]!.incidentId).not.toBeNull();
    // 5 of 5 in 上海 is 100 %, but fewer than 10 terminals: their own alerts, no incident.
    expect((await Promise.all(shanghai.map((t) => alertsOf(w.db, t.id)))).flat().map((a) => a.incidentId)).toEqual([null, null, null, null, null]);
  });

  it("the call queue holds none of the incident's terminals", async () => {
    const q = await w.queue(w.net.scopes.admin, outageSweep);
    const sns = new Set(q.items.map((i) => i.sn));
    expect(unicomHz.some((t) => sns.has(t.sn))).toBe(false);
    expect(q.items.map((i) => i.sn).sort()).toEqual(shanghai.map((t) => t.sn).sort());
  });

  it("the channel gets the incident once and no message per terminal of it", async () => {
    await runSweep(w.db, outageSweep + 60_000);
    await new Notifier(w.db, { now: () => outageSweep + 61_000 }).drain();
    expect(w.rx.requests).toHaveLength(1);
    const items = w.rx.requests[0]!.json.items as { kind: string; sn?: string; incidentKind?: string; terminals?: number }[];
    const incidentItems = items.filter((i) => i.kind === "incident_opened");
    expect(incidentItems).toEqual([expect.objectContaining({ incidentKind: "carrier_outage", terminals: 30 })]);
    const alertSns = items.filter((i) => i.kind === "alert_opened").map((i) => i.sn).sort();
    expect(alertSns).toEqual(shanghai.map((t) => t.sn).sort());
  });

  it("resolves when its alerts have, and says so", async () => {
    const back = outageSweep + 10 * MIN;
    await w.post(unicomHz.map((t) => beat(t.sn, 20)), back);
    for (const t of unicomHz) expect((await alertsOf(w.db, t.id))[0]!.status).toBe("open");
    await runSweep(w.db, back + 15 * MIN);
    const row = await w.db.get(`SELECT status, peak_terminals AS peak FROM incidents`);
    expect(row).toEqual({ status: "resolved", peak: 30 });
    await runSweep(w.db, back + 16 * MIN);
    await new Notifier(w.db, { now: () => back + 16 * MIN }).drain();
    const last = w.rx.requests.at(-1)!.json.items as { kind: string }[];
    expect(last.map((i) => i.kind)).toContain("incident_resolved");
  });
});

describe("firmware", () => {
  it("a version whose terminals fail far more often than the rest of the fleet becomes an incident", async () => {
    const w = await fleet();
    const hz = w.net.agents.hz.id;
    const bad = await many(12, () => makeTerminal(w.db, hz));
    const good = await many(40, () => makeTerminal(w.db, hz));
    const at = T0 + 5 * MIN;
    // 2.3.5 is withdrawn by the default policy: every terminal on it has a critical problem.
    await w.post([...bad.map((t) => beat(t.sn, 1, { firmware: "2.3.5" })), ...good.map((t, i) => beat(t.sn, 1, i === 0 ? { battery_pct: 2 } : {}))], at);
    await runSweep(w.db, at + MIN);
    const incidents = await w.db.all(`SELECT kind, firmware, category, population_terminals AS population FROM incidents`);
    expect(incidents).toEqual([{ kind: "firmware", firmware: "2.3.5", category: "policy_firmware", population: 12 }]);
    expect((await Promise.all(bad.map((t) => alertsOf(w.db, t.id)))).flat().every((a) => a.incidentId !== null)).toBe(true);
    expect((await alertsOf(w.db, good[0]!.id))[0]!.incidentId).toBeNull();
    expect((await w.queue(w.net.scopes.admin, at + MIN)).items.map((i) => i.sn)).toEqual([good[0]!.sn]);
  });

  it("9 terminals are not enough, however high their rate", async () => {
    const w = await fleet();
    const bad = await many(9, () => makeTerminal(w.db, w.net.agents.hz.id));
    const good = await many(40, () => makeTerminal(w.db, w.net.agents.hz.id));
    await w.post([...bad.map((t) => beat(t.sn, 1, { firmware: "2.3.5" })), ...good.map((t) => beat(t.sn, 1))], T0 + 5 * MIN);
    await runSweep(w.db, T0 + 6 * MIN);
    expect(await count(w.db, `SELECT count(*) AS n FROM incidents`)).toBe(0);
    expect(DEFAULT_ALERT_CONFIG.incidents.firmwareMinTerminals).toBe(10);
  });
});
