// The alerts API on the running production server (problem+json for every refusal), and the
// server's own sweep and notifier delivering a digest to a real receiver on 127.0.0.1.
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemScope } from "@/lib/auth/scope";
import { createChannel } from "@/lib/notify/channels";
import { DEMO_ACCOUNTS } from "@/lib/demo/accounts";
import { BUILD_TIMEOUT_MS, startServer, type RunningApp } from "./helpers/app";
import { request, signInHttp, type Session } from "./helpers/http";
import { count } from "../helpers/db";
import { startReceiver } from "../unit/notify/receiver";

// The receivers listen on 127.0.0.1, which deliveries refuse unless the operator allows it.
process.env.NOTIFY_ALLOW_PRIVATE = "127.0.0.1/32";

const manager = DEMO_ACCOUNTS.find((a) => a.role === "manager")!;
const viewer = DEMO_ACCOUNTS.find((a) => a.role === "viewer")!;
let app: RunningApp;
let rx: Awaited<ReturnType<typeof startReceiver>>;
let east: Session;
let hz: Session;

beforeAll(async () => {
  rx = await startReceiver(() => ({ status: 204 }), { max: 20 });
  app = await startServer(async (db) => {
    const sys = { ...(await systemScope(db)), userId: null };
    await createChannel(db, sys, { name: "ops", kind: "webhook", agentId: sys.agentId, url: `${rx.base}/hook`, secret: "api-test-secret" }, Date.now());
    // Start the channel before the seeded history, so the server's first sweep has a digest to send.
    await db.run(`UPDATE channels SET cursor_event_id = 0`);
  });
  east = await signInHttp(app.base, manager.email, manager.password);
  hz = await signInHttp(app.base, viewer.email, viewer.password);
}, BUILD_TIMEOUT_MS + 120_000);
afterAll(async () => {
  await app?.stop();
  await rx?.close();
});

const post = (s: Session | null, path: string, body: unknown, headers: Record<string, string> = { origin: app.base }) =>
  request(app.base, path, { session: s, method: "POST", body: JSON.stringify(body), headers });
const inScope = async (code: string) =>
  (
    await app.db.all<{ id: number }>(
      `SELECT a.id FROM alerts a JOIN terminals t ON t.id = a.terminal_id JOIN agents ag ON ag.id = t.agent_id
        WHERE a.status IN ('open', 'acknowledged') AND ag.path LIKE (SELECT path FROM agents WHERE code = ?) || '%' ORDER BY a.id`,
      [code],
    )
  ).map((r) => r.id);
const outside = async () =>
  (await app.db.get<{ id: number }>(
    `SELECT a.id FROM alerts a JOIN terminals t ON t.id = a.terminal_id JOIN agents ag ON ag.id = t.agent_id WHERE ag.path NOT LIKE (SELECT path FROM agents WHERE code = 'EAST') || '%' LIMIT 1`,
  ))!.id;

describe("GET", () => {
  it("lists the caller's queue and one alert with its timeline", async () => {
    const res = await request(app.base, "/api/v1/alerts", { session: east });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body) as { total: number; data: { id: number; url: string }[] };
    expect(body.total).toBe((await inScope("EAST")).length);
    const one = await request(app.base, `/api/v1/alerts/${body.data[0]!.id}`, { session: east });
    expect(JSON.parse(one.body).timeline.length).toBeGreaterThan(0);
    const bad = await request(app.base, "/api/v1/alerts?category=healthy", { session: east });
    expect(bad.status).toBe(400);
    expect(bad.contentType).toMatch(/^application\/problem\+json/);
    expect((await request(app.base, `/api/v1/alerts/${await outside()}`, { session: east })).status).toBe(404);
    expect((await request(app.base, "/api/v1/alerts", { session: null })).status).toBe(401);
  });
});

describe("POST", () => {
  it("answers each refusal with problem+json and the right status", async () => {
    const id = (await inScope("EAST"))[0]!;
    const check = async (res: Awaited<ReturnType<typeof post>>, status: number, detail: RegExp) => {
      expect(res.status).toBe(status);
      expect(res.contentType).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(res.body).detail).toMatch(detail);
    };
    await check(await post(east, `/api/v1/alerts/${id}/resolve`, { outcome: "magic" }), 422, /outcome/);
    await check(await post(east, `/api/v1/alerts/${id}/snooze`, { minutes: 99_999 }), 422, /minutes|7 days/);
    await check(await post(hz, `/api/v1/alerts/${(await inScope("HZ"))[0]}/acknowledge`, {}), 403, /viewer/);
    await check(await post(east, `/api/v1/alerts/${await outside()}/acknowledge`, {}), 404, /no alert/);
    await check(await post(east, `/api/v1/alerts/${id}/explode`, {}), 404, /no alert action/);
    await check(await post(east, `/api/v1/alerts/${id}/acknowledge`, {}, {}), 403, /cross-site/);
    expect(await app.db.get(`SELECT status FROM alerts WHERE id = ?`, [id])).toEqual({ status: "open" });
  });

  it("acts, then refuses to resolve twice with 409", async () => {
    const [a, b] = await inScope("EAST");
    expect((await post(east, "/api/v1/alerts", { action: "assign", ids: [a, b], assignee: "me" })).status).toBe(200);
    const call = await post(east, `/api/v1/alerts/${a}/call`, { outcome: "visit_needed", note: "明早上门" });
    expect(call.status).toBe(200);
    expect(JSON.parse(call.body)).toMatchObject({ status: "acknowledged", lastCallOutcome: "visit_needed" });
    expect((await post(east, `/api/v1/alerts/${a}/resolve`, { outcome: "fixed_on_site" })).status).toBe(200);
    const again = await post(east, `/api/v1/alerts/${a}/resolve`, { outcome: "fixed_on_site" });
    expect(again.status).toBe(409);
    expect(JSON.parse(again.body)).toMatchObject({ reason: "already_resolved" });
    const names = await app.db.all(`SELECT e.kind, u.name FROM alert_events e JOIN users u ON u.id = e.actor_id WHERE e.alert_id = ? ORDER BY e.id`, [a]);
    expect(names).toEqual([
      { kind: "assigned", name: manager.name },
      { kind: "acknowledged", name: manager.name },
      { kind: "call_logged", name: manager.name },
      { kind: "resolved", name: manager.name },
    ]);
  });
});

it("the server's sweep and notifier deliver a signed digest to the channel", async () => {
  await expect.poll(() => rx.requests.length, { timeout: 20_000, interval: 250 }).toBeGreaterThanOrEqual(1);
  const r = rx.requests[0]!;
  const ts = r.headers["x-pfh-timestamp"] as string;
  expect(r.headers["x-pfh-signature"]).toBe(`sha256=${createHmac("sha256", "api-test-secret").update(`${ts}.${r.body}`).digest("hex")}`);
  expect(r.json.type).toBe("digest");
  expect(r.json.items.length).toBeGreaterThan(0);
  expect(await count(app.db, `SELECT count(*) AS n FROM outbox WHERE delivered_at IS NOT NULL`)).toBeGreaterThanOrEqual(1);
});
