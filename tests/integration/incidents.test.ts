// Incident grouping through real ingestion and the sweep: a carrier outage in one city, a bad
// firmware version, and what each means for the call queue and the notifications.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listQueue, queueParamsSchema } from "@/db/queries/alerts-queue";
import { DEFAULT_ALERT_CONFIG } from "@/lib/alerts/config";
import { createChannel } from "@/lib/notify/channels";
import { Notifier } from "@/lib/notify/notifier";
import { runSweep } from "@/lib/jobs/sweep";
import { authNetwork } from "./helpers/auth-network";
import { beat, freshDb, makeTerminal, T0 } from "../helpers/db";
import { startReceiver } from "../unit/notify/receiver";
import { alertsOf, ingestAs, MIN } from "../unit/alerts/fixtures";

const receivers: Awaited<ReturnType<typeof startReceiver>>[] = [];
afterAll(async () => {
  for (const r of receivers) await r.close();
});

async function fleet() {
  const db = freshDb();
  const net = await authNetwork(db);
  const rx = await startReceiver(() => ({ status: 204 }), { max: 20 });
  receivers.push(rx);
  createChannel(db, net.scopes.admin, { name: "ops", kind: "webhook", agentId: net.agents.root.id, url: `${rx.base}/hook`, secret: "s" }, T0);
  return { db, net, rx, post: ingestAs(db, net.agents.root), queue: (scope = net.scopes.admin, now = T0) => listQueue(db, scope, queueParamsSchema.parse({}), now) };
}

describe("carrier outage", () => {
  let w: Awaited<ReturnType<typeof fleet>>;
  let unicomHz: ReturnType<typeof makeTerminal>[];
  let others: ReturnType<typeof makeTerminal>[];
  let shanghai: ReturnType<typeof makeTerminal>[];
  const lastBeat = T0 + 5 * MIN;
  const outageSweep = lastBeat + 31 * MIN;

  beforeAll(async () => {
    w = await fleet();
    const hz = w.net.agents.hz.id, east = w.net.agents.east.id;
    unicomHz = Array.from({ length: 30 }, () => makeTerminal(w.db, hz, { city: "杭州", carrier: "中国联通" }));
    others = Array.from({ length: 20 }, () => makeTerminal(w.db, hz, { city: "杭州", carrier: "中国移动" }));
    shanghai = Array.from({ length: 5 }, () => makeTerminal(w.db, east, { city: "上海", carrier: "中国联通" }));
    w.post([...unicomHz, ...others, ...shanghai].map((t) => beat(t.sn, 1)), lastBeat);
    // The 杭州 Unicom terminals and the 5 in 上海 fall silent; the others keep posting.
    for (let s = 2; s <= 8; s++) w.post(others.map((t) => beat(t.sn, s)), T0 + s * 5 * MIN);
    runSweep(w.db, outageSweep);
  });

  it("30 silent terminals of one city and carrier become one incident", () => {
    const incidents = w.db.$client.prepare(`SELECT kind, status, city, carrier, group_key AS groupKey FROM incidents`).all();
    expect(incidents).toEqual([{ kind: "carrier_outage", status: "open", city: "杭州", carrier: "中国联通", groupKey: "carrier:杭州:中国联通" }]);
    const members = unicomHz.flatMap((t) => alertsOf(w.db, t.id));
    expect(members).toHaveLength(30);
    expect(new Set(members.map((a) => a.incidentId)).size).toBe(1);
    expect(members[0]!.incidentId).not.toBeNull();
    // 5 of 5 in 上海 is 100 %, but fewer than 10 terminals: their own alerts, no incident.
    expect(shanghai.flatMap((t) => alertsOf(w.db, t.id)).map((a) => a.incidentId)).toEqual([null, null, null, null, null]);
  });

  it("the call queue holds none of the incident's terminals", () => {
    const q = w.queue(w.net.scopes.admin, outageSweep);
    const sns = new Set(q.items.map((i) => i.sn));
    expect(unicomHz.some((t) => sns.has(t.sn))).toBe(false);
    expect(q.items.map((i) => i.sn).sort()).toEqual(shanghai.map((t) => t.sn).sort());
  });

  it("the channel gets the incident once and no message per terminal of it", async () => {
    runSweep(w.db, outageSweep + 60_000);
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
    w.post(unicomHz.map((t) => beat(t.sn, 20)), back);
    for (const t of unicomHz) expect(alertsOf(w.db, t.id)[0]!.status).toBe("open");
    runSweep(w.db, back + 15 * MIN);
    const row = w.db.$client.prepare(`SELECT status, peak_terminals AS peak FROM incidents`).get();
    expect(row).toEqual({ status: "resolved", peak: 30 });
    runSweep(w.db, back + 16 * MIN);
    await new Notifier(w.db, { now: () => back + 16 * MIN }).drain();
    const last = w.rx.requests.at(-1)!.json.items as { kind: string }[];
    expect(last.map((i) => i.kind)).toContain("incident_resolved");
  });
});

describe("firmware", () => {
  it("a version whose terminals fail far more often than the rest of the fleet becomes an incident", async () => {
    const w = await fleet();
    const hz = w.net.agents.hz.id;
    const bad = Array.from({ length: 12 }, () => makeTerminal(w.db, hz));
    const good = Array.from({ length: 40 }, () => makeTerminal(w.db, hz));
    const at = T0 + 5 * MIN;
    // 2.3.5 is withdrawn by the default policy: every terminal on it has a critical problem.
    w.post([...bad.map((t) => beat(t.sn, 1, { firmware: "2.3.5" })), ...good.map((t, i) => beat(t.sn, 1, i === 0 ? { battery_pct: 2 } : {}))], at);
    runSweep(w.db, at + MIN);
    const incidents = w.db.$client.prepare(`SELECT kind, firmware, category, population_terminals AS population FROM incidents`).all();
    expect(incidents).toEqual([{ kind: "firmware", firmware: "2.3.5", category: "policy_firmware", population: 12 }]);
    expect(bad.flatMap((t) => alertsOf(w.db, t.id)).every((a) => a.incidentId !== null)).toBe(true);
    expect(alertsOf(w.db, good[0]!.id)[0]!.incidentId).toBeNull();
    expect(w.queue(w.net.scopes.admin, at + MIN).items.map((i) => i.sn)).toEqual([good[0]!.sn]);
  });

  it("9 terminals are not enough, however high their rate", async () => {
    const w = await fleet();
    const bad = Array.from({ length: 9 }, () => makeTerminal(w.db, w.net.agents.hz.id));
    const good = Array.from({ length: 40 }, () => makeTerminal(w.db, w.net.agents.hz.id));
    w.post([...bad.map((t) => beat(t.sn, 1, { firmware: "2.3.5" })), ...good.map((t) => beat(t.sn, 1))], T0 + 5 * MIN);
    runSweep(w.db, T0 + 6 * MIN);
    expect(w.db.$client.prepare(`SELECT count(*) AS n FROM incidents`).get()).toEqual({ n: 0 });
    expect(DEFAULT_ALERT_CONFIG.incidents.firmwareMinTerminals).toBe(10);
  });
});
