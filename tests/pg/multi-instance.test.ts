// Two app instances on one PostgreSQL. Four clients post the same terminals' heartbeats round-robin
// to both, retrying unacknowledged requests with the same beats; mid-run the sweep leader is
// SIGKILLed and a replacement started. Afterwards: every acknowledged beat is stored exactly once,
// every terminal's state equals what one instance computes from the same beats, the other
// instance took the sweep over within two intervals, and each queued notification reached the
// receiver once; only a message the killed leader had on the wire may come a second time, with
// the same idempotency key and only after its lease ran out (at-least-once, docs/webhooks.md).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, expect, it } from "vitest";
import { insertChannel } from "@/db/alerts-channels";
import type { Db } from "@/db/client";
import { createIngestKey } from "@/lib/auth/ingest-keys";
import { ingestHeartbeats } from "@/lib/ingest/ingest";
import { defaultPolicy } from "@/lib/rules/policy";
import { startChild, type Child } from "../helpers/child";
import { beat, dbEnv, freshDb, makeAgent, makeTerminal } from "../helpers/db";

const TERMINALS = 28;
const BEATS_PER_TERMINAL = 30; // 840 heartbeats
const BATCH = 6;
const SWEEP_INTERVAL_MS = 1_500;
const LEASE_MS = 3_000; // the notifier stretches it to its send timeout plus a second

// Each terminal keeps one profile on every beat, so its diagnosis does not depend on which
// instance received which beat first; what a lost or stale window would change is last_seq and,
// for the alerting profiles, whether the alert and its message exist.
// The last profile is the sharpest: a hardware code on exactly codeThreshold (3) beats spread over
// the run, so a window missing any beat another instance stored misses the problem.
const PROFILES: ((seq: number) => Record<string, unknown>)[] = [
  () => ({}),
  () => ({ errors: { T_MERCHANT_FROZEN: 1 } }), // critical at once: an alert opens, a message is queued
  () => ({ signal_dbm: -112 }),
  () => ({ battery_pct: 9 }),
  () => ({ firmware: "2.3.5" }),
  () => ({ errors: { T_TERMINAL_FROZEN: 1 }, signal_dbm: -115 }),
  (seq) => (seq % 10 === 4 ? { errors: { T_WIRELESS_MODULE_ERR: 1 } } : {}),
];

const children: Child[] = [];
let receiver: http.Server | undefined;
afterAll(async () => {
  for (const c of children) if (c.proc.exitCode === null && c.proc.signalCode === null) await c.stop();
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
});

async function seed(db: Db, sns?: string[]) {
  const agent = await makeAgent(db, null, { code: "MULTI" });
  const out: string[] = [];
  for (let i = 0; i < TERMINALS; i++) out.push((await makeTerminal(db, agent.id, sns ? { sn: sns[i]! } : {})).sn);
  return { agent, sns: out };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it("two instances, a killed leader: nothing lost or doubled, same diagnoses, sweep taken over, each message delivered and resent only once its lease ran out", { timeout: 240_000 }, async () => {
  const db = await freshDb();
  expect(db.dialect).toBe("pg");
  const { agent, sns } = await seed(db);
  const key = (await createIngestKey(db, agent.id, "multi", Date.now())).key;

  // The receiver records each delivery's time by idempotency key and knows when one is in flight.
  const deliveries = new Map<string, number[]>();
  let inflight = 0;
  receiver = http.createServer((req, res) => {
    inflight++;
    req.resume();
    req.on("end", () => {
      const k = String(req.headers["idempotency-key"] ?? "");
      deliveries.set(k, [...(deliveries.get(k) ?? []), Date.now()]);
      res.writeHead(204).end(() => inflight--);
    });
  });
  await new Promise<void>((resolve) => receiver!.listen(0, "127.0.0.1", resolve));
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  await insertChannel(
    db,
    { agentId: agent.id, kind: "webhook", name: "receiver", url: hook, secret: "s", locale: "en", minSeverity: "warning", windowMs: 300, enabled: true, categories: [] },
    0,
    Date.now(),
  );

  const start = Date.now();
  const all = sns.flatMap((sn, i) =>
    Array.from({ length: BEATS_PER_TERMINAL }, (_, s) => beat(sn, s + 1, { ts: start - (BEATS_PER_TERMINAL - s) * 1_000, ...PROFILES[i % PROFILES.length]!(s + 1) })),
  );
  // Rounds of seq: every terminal's beats interleave across requests, clients and instances.
  const pending = [...all].sort((a, b) => a.seq - b.seq || a.sn.localeCompare(b.sn));
  const env = {
    ...dbEnv(db), PAGES: "off", NODE_ENV: "production", SWEEP_INTERVAL_MS: String(SWEEP_INTERVAL_MS),
    NOTIFY_LEASE_MS: String(LEASE_MS), NOTIFY_ALLOW_PRIVATE: "127.0.0.1/32", LOG_LEVEL: process.env.PFH_CHILD_LOG_LEVEL ?? "warn",
  };
  children.push(await startChild("lib/server/main.ts", env), await startChild("lib/server/main.ts", env));
  const live = () => children.filter((c) => c.proc.exitCode === null && c.proc.signalCode === null);

  const health = async (c: Child) => (await (await fetch(`http://127.0.0.1:${c.port}/api/health`)).json()) as { leader: boolean; status: string; lastSweepAt: string | null };
  let leader: Child | undefined;
  for (let i = 0; i < 40 && !leader; i++) {
    for (const c of children) if ((await health(c)).leader) leader = c;
    if (!leader) await sleep(250);
  }
  expect(leader).toBeDefined();
  expect((await Promise.all(children.map(health))).filter((h) => h.leader)).toHaveLength(1);

  const acked = new Set<string>();
  let requests = 0;
  let retried = 0;
  let turn = 0;
  const client = async () => {
    while (pending.length > 0) {
      const batch = pending.splice(0, BATCH);
      const targets = live();
      const target = targets[turn++ % targets.length]!;
      requests++;
      try {
        const res = await fetch(`http://127.0.0.1:${target.port}/api/v1/heartbeats`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
          body: JSON.stringify({ heartbeats: batch }),
        });
        if (res.status !== 200) throw new Error(`status ${res.status}`);
        const body = (await res.json()) as { results: { sn: string; seq: number; status: string }[] };
        for (const r of body.results) {
          expect(["accepted", "duplicate"]).toContain(r.status);
          acked.add(`${r.sn}#${r.seq}`);
        }
      } catch {
        retried++;
        pending.push(...batch); // not acknowledged: the same beats again, to whichever instance is next
        await sleep(30);
      }
      await sleep(15);
    }
  };

  // The killer: once a third is acknowledged, SIGKILL the leader while no delivery is in flight.
  let killedAt = 0;
  let takenOver: number | null = null;
  let lastSweepBeforeKill: number | null = null;
  const killer = (async () => {
    while (acked.size < all.length / 3) await sleep(20);
    while (inflight > 0) await sleep(1);
    lastSweepBeforeKill = await lastSweep(db);
    leader!.proc.kill("SIGKILL");
    killedAt = Date.now();
    // Watched from the kill on: each sweep overwrites last_sweep_at, so the first new value counts.
    for (let i = 0; i < 400 && takenOver === null; i++) {
      const at = await lastSweep(db);
      if (at !== null && at > killedAt) takenOver = at;
      else await sleep(25);
    }
    await new Promise((r) => (leader!.proc.exitCode === null && leader!.proc.signalCode === null ? leader!.proc.once("exit", r) : r(null)));
    children.push(await startChild("lib/server/main.ts", env));
  })();
  await Promise.all([client(), client(), client(), client()]);
  await killer;
  expect(acked.size).toBe(all.length);

  // The sweep was taken over: a sweep started within two intervals of the kill.
  expect(lastSweepBeforeKill).not.toBeNull();
  expect(takenOver).not.toBeNull();
  expect(takenOver! - killedAt).toBeLessThanOrEqual(2 * SWEEP_INTERVAL_MS);
  // The replacement is a follower; exactly one instance leads.
  const leaders = (await Promise.all(live().map(health))).filter((h) => h.leader);
  expect(leaders).toHaveLength(1);
  for (const c of live()) expect((await health(c)).status).toBe("ok"); // followers too: the sweep's age is read from the database

  // Stored exactly once, every acknowledged beat present.
  const stored = await db.all<{ sn: string; seq: number }>(`SELECT t.sn AS sn, h.seq AS seq FROM heartbeats h JOIN terminals t ON t.id = h.terminal_id`);
  const keys = new Set(stored.map((r) => `${r.sn}#${r.seq}`));
  expect(keys.size).toBe(stored.length);
  for (const k of acked) expect(keys.has(k)).toBe(true);
  expect(stored.length).toBe(all.length);

  // Three channels added after the takeover: the new leader composes their digests of the alerts
  // opened so far, and both instances' notifiers race to deliver them.
  for (let i = 2; i <= 4; i++) {
    await insertChannel(
      db,
      { agentId: agent.id, kind: "webhook", name: `receiver ${i}`, url: `${hook}?n=${i}`, secret: "s", locale: "en", minSeverity: "warning", windowMs: 300, enabled: true, categories: [] },
      0,
      Date.now(),
    );
  }

  // Every queued message delivered, once each: wait for the sweeps to compose and the notifiers to send.
  let outbox: { k: string; delivered: number | null }[] = [];
  for (let i = 0; i < 150; i++) {
    await sleep(200);
    outbox = await db.all<{ k: string; delivered: number | null }>(`SELECT idempotency_key AS k, delivered_at AS delivered FROM outbox ORDER BY id`);
    const events = await db.get<{ n: number }>(`SELECT count(*) AS n FROM alert_events e JOIN channels c ON e.id > c.cursor_event_id WHERE e.kind = 'opened'`);
    if (outbox.length > 0 && outbox.every((o) => o.delivered !== null) && Number(events?.n ?? 0) === 0 && inflight === 0) break;
  }
  expect(outbox.length).toBeGreaterThanOrEqual(4);
  expect(outbox.filter((o) => o.delivered === null)).toEqual([]);
  expect([...deliveries.keys()].sort()).toEqual(outbox.map((o) => o.k).sort());
  // The kill can land between the leader's request and its bookkeeping (bytes already in the
  // socket still arrive; a 2xx may arrive unrecorded). That one message is sent again by another
  // notifier once its lease has run out, never sooner: a second claim while the lease holds would
  // be two notifiers sending the same head.
  const twice = [...deliveries].filter(([, at]) => at.length > 1);
  const around = (t: number) => t >= killedAt - 2_000 && t <= killedAt + 1_000;
  expect(twice.length, JSON.stringify({ killedAt, twice })).toBeLessThanOrEqual(1);
  for (const [, at] of twice) {
    expect(at, JSON.stringify({ killedAt, at })).toHaveLength(2);
    expect(around(at[0]!), JSON.stringify({ killedAt, at })).toBe(true);
    expect(at[1]! - at[0]!, JSON.stringify({ killedAt, at })).toBeGreaterThanOrEqual(LEASE_MS);
  }

  for (const c of live()) await c.stop();

  // One instance's view of the same beats: lib/ingest straight into a fresh database.
  const single = await freshDb();
  const ref = await seed(single, sns);
  const scope = { agentId: ref.agent.id, agentPath: ref.agent.path };
  const rounds = [...all].sort((a, b) => a.seq - b.seq || a.sn.localeCompare(b.sn));
  for (let i = 0; i < rounds.length; i += BATCH) await ingestHeartbeats(single, scope, rounds.slice(i, i + BATCH), Date.now(), defaultPolicy);
  const STATE = `SELECT t.sn AS sn, s.category, s.severity, s.status, s.last_seq FROM terminal_state s JOIN terminals t ON t.id = s.terminal_id ORDER BY t.sn`;
  const multi = await db.all(STATE);
  const expected = await single.all(STATE);
  expect(multi).toHaveLength(TERMINALS);
  expect(multi).toEqual(expected);
  expect(new Set(multi.map((r) => (r as { category: string }).category)).size).toBeGreaterThanOrEqual(4);
  const hardware = sns.filter((_, i) => i % PROFILES.length === PROFILES.length - 1);
  expect(multi.filter((r) => hardware.includes((r as { sn: string }).sn)).map((r) => (r as { category: string }).category)).toEqual(hardware.map(() => "hardware"));
  // The same alerts too: one per problem, none doubled by two instances opening it.
  const ALERTS = `SELECT t.sn AS sn, a.category, a.severity, a.status FROM alerts a JOIN terminals t ON t.id = a.terminal_id ORDER BY t.sn, a.category`;
  const multiAlerts = await db.all(ALERTS);
  expect(multiAlerts.filter((a) => (a as { status: string }).status === "open").length).toBeGreaterThanOrEqual(TERMINALS / PROFILES.length);
  expect(multiAlerts).toEqual(await single.all(ALERTS));

  console.log(
    `multi-instance: ${all.length} beats acknowledged and stored once over ${requests} requests (${retried} retried), ` +
      `leader killed, sweep taken over in ${takenOver! - killedAt} ms, ${outbox.length} messages delivered (${twice.length} resent after the kill), ` +
      `${TERMINALS} terminal states equal to one instance's`,
  );
  await single.close();
  await db.close();
});

async function lastSweep(db: Db): Promise<number | null> {
  const row = await db.get<{ value: string }>(`SELECT value FROM settings WHERE key = 'last_sweep_at'`);
  return row ? (JSON.parse(row.value) as number) : null;
}
