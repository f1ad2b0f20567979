// A receiver that is down, then failing, then back: every message arrives exactly once, in order,
// with the same idempotency key on every attempt; shutdown waits for the attempt in flight.
import { afterEach, expect, it } from "vitest";
import { OUTBOX_KEEP_MS, runAlertSweep } from "@/lib/alerts/sweep";
import { healthReport } from "@/lib/server/health";
import { DEFAULT_ALERT_CONFIG } from "@/lib/alerts/config";
import { createChannel } from "@/lib/notify/channels";
import { Notifier } from "@/lib/notify/notifier";
import { authNetwork } from "./helpers/auth-network";
import { beat, count, freshDb, makeTerminal, T0 } from "../helpers/db";
import { startReceiver } from "../unit/notify/receiver";
import { ingestAs, MIN } from "../unit/alerts/fixtures";

// The receivers listen on 127.0.0.1, which deliveries refuse unless the operator allows it.
process.env.NOTIFY_ALLOW_PRIVATE = "127.0.0.1/32";

const T1 = T0 + 5 * MIN;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function setup(url: (port: number) => string, port: number) {
  const db = await freshDb();
  const net = await authNetwork(db);
  await createChannel(db, net.scopes.admin, { name: "CRM", kind: "webhook", agentId: net.agents.root.id, url: url(port), secret: "whsec" }, T0);
  const post = ingestAs(db, net.agents.root);
  // Three alerts a few minutes apart: three messages, one per window.
  for (let i = 0; i < 3; i++) {
    const t = await makeTerminal(db, net.agents.hz.id);
    await post([beat(t.sn, 1 + i, { errors: { T_MERCHANT_FROZEN: 1 } })], T1 + i * 2 * MIN);
    expect((await runAlertSweep(db, T1 + i * 2 * MIN + 60_000, DEFAULT_ALERT_CONFIG)).messages).toBe(1);
  }
  const keys = (await db.all<{ k: string }>(`SELECT idempotency_key AS k FROM outbox ORDER BY id`)).map((r) => r.k);
  expect(keys).toHaveLength(3);
  return { db, keys };
}

it("a receiver down, then answering 500, then back receives every message exactly once and in order", async () => {
  const probe = await startReceiver(() => ({ status: 204 }));
  const port = probe.port;
  await probe.close(); // nothing listens there now: connection refused
  const { db, keys } = await setup((p) => `http://127.0.0.1:${p}/hook`, port);
  let clock = T1 + 10 * MIN;
  expect((await healthReport(db, clock, 0)).outboxPending).toBe(3);
  const notifier = new Notifier(db, { now: () => clock, random: () => 0.5, backoff: { baseMs: 1000, maxMs: 8000 }, timeoutMs: 2000 });

  for (let i = 0; i < 4; i++) {
    expect(await notifier.drain()).toBe(0);
    clock += 10_000;
  }
  const refused = (await db.get<{ n: number; e: string }>(`SELECT count(*) AS n, min(error) AS e FROM delivery_attempts`))!;
  expect(refused.n).toBe(4); // only the head of the channel's queue is tried while it fails
  expect(refused.e).toContain("network error");

  const accepted: string[] = [];
  let failures = 3;
  const rx = await startReceiver((r) => {
    if (failures-- > 0) return { status: 500, body: "busy" };
    accepted.push(r.headers["idempotency-key"] as string);
    return { status: 200 };
  }, { port, max: 50 });
  closers.push(rx.close);
  for (let i = 0; i < 30 && accepted.length < 3; i++) {
    await notifier.drain();
    clock += 10_000;
  }
  expect(accepted).toEqual(keys);
  // Every attempt of a message carried that message's key.
  const seen = rx.requests.map((r) => r.headers["idempotency-key"]);
  expect(new Set(seen.slice(0, 4))).toEqual(new Set([keys[0]]));
  expect(rx.requests.map((r) => r.json.id)).toEqual(seen);
  expect(await count(db, `SELECT count(*) AS n FROM outbox WHERE delivered_at IS NULL`)).toBe(0);
  const log = await db.get<{ ok: number; n: number }>(`SELECT sum(ok) AS ok, count(*) AS n FROM delivery_attempts`);
  expect(log).toEqual({ ok: 3, n: 4 + 4 + 2 });
  expect((await healthReport(db, clock, 0)).outboxPending).toBe(0);
  // Nothing is sent twice afterwards.
  clock += 60 * MIN;
  expect(await notifier.drain()).toBe(0);
  expect(accepted).toHaveLength(3);
  // The delivery log keeps settled messages 30 days.
  await runAlertSweep(db, clock + OUTBOX_KEEP_MS - 2 * 3_600_000, DEFAULT_ALERT_CONFIG);
  expect(await count(db, `SELECT count(*) AS n FROM delivery_attempts`)).toBe(10);
  await runAlertSweep(db, clock + OUTBOX_KEEP_MS, DEFAULT_ALERT_CONFIG);
  // (A month of silence has meanwhile queued a new digest about the terminals going offline.)
  expect(await db.get(`SELECT (SELECT count(*) FROM outbox WHERE delivered_at IS NOT NULL) AS o, (SELECT count(*) FROM delivery_attempts) AS d`)).toEqual({ o: 0, d: 0 });
});

it("stopping waits for the delivery in flight and records it; nothing is sent after", async () => {
  const rx = await startReceiver(() => ({ status: 200, delayMs: 300 }), { max: 10 });
  closers.push(rx.close);
  const { db } = await setup((p) => `http://127.0.0.1:${p}/slow`, rx.port);
  const notifier = new Notifier(db, { now: () => T1 + 10 * MIN });
  const draining = notifier.drain();
  await new Promise((r) => setTimeout(r, 50));
  await notifier.stop(2000);
  expect(await draining).toBe(1); // the head got through; the rest wait for the next start
  const states = await db.all<{ done: number }>(`SELECT CASE WHEN delivered_at IS NOT NULL THEN 1 ELSE 0 END AS done FROM outbox ORDER BY id`);
  expect(states.map((s) => s.done)).toEqual([1, 0, 0]);
  expect(await notifier.drain()).toBe(0);
  expect(rx.requests).toHaveLength(1);
});
