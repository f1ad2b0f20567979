// Races between writers of alerts on one PostgreSQL, each forced into one interleaving: a third
// connection holds a lock that stops one party at a known statement, the other party is started
// and observed (pg_stat_activity) until it waits too, then the lock is let go. No timing decides
// the order; every test fails on code that reads alerts without locking, composes past an entry
// that has not committed yet, or re-diagnoses a policy change in serial order.
import type { PoolClient } from "pg";
import { afterAll, expect, it } from "vitest";
import { insertChannel } from "@/db/alerts-channels";
import { maxEventId } from "@/db/alerts-outbox";
import { asPg, type Db } from "@/db/client";
import { DEFAULT_ALERT_CONFIG } from "@/lib/alerts/config";
import { runAlertSweep } from "@/lib/alerts/sweep";
import { savePolicyChange } from "@/lib/policy/admin";
import { ingestHeartbeats } from "@/lib/ingest/ingest";
import { composeNotifications } from "@/lib/notify/compose";
import { defaultPolicy } from "@/lib/rules/policy";
import { beat, freshDb, makeAgent, makeTerminal, T0 } from "../helpers/db";
import { authNetwork } from "../integration/helpers/auth-network";
import { alertsOf, kinds, MIN } from "../unit/alerts/fixtures";

const opened: Db[] = [];
afterAll(async () => {
  for (const db of opened) await db.close();
});

async function pgDb(): Promise<Db> {
  const db = await freshDb();
  expect(db.dialect).toBe("pg");
  opened.push(db);
  return db;
}

/** A transaction on its own connection holding the locks `sql` takes, until `release()`. */
async function hold(db: Db, sql: string, params: unknown[] = []): Promise<{ release: () => Promise<void> }> {
  const client: PoolClient = await asPg(db)!.pool.connect();
  await client.query("BEGIN");
  await client.query(sql, params);
  return {
    release: async () => {
      try {
        await client.query("COMMIT");
      } finally {
        client.release();
      }
    },
  };
}

/**
 * Resolves once `n` sessions of this database wait for a lock, or once `done` settles (the party
 * did not wait: the code under test took no lock there). Polls the server's view, so it waits
 * for a state, not for a duration.
 */
async function lockWaiters(db: Db, n: number, done: Promise<unknown>): Promise<"waiting" | "finished"> {
  let finished = false;
  void done.then(() => (finished = true), () => (finished = true));
  for (let i = 0; i < 2_000; i++) {
    const row = await db.get<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (row!.n >= n) return "waiting";
    if (finished) return "finished";
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`fewer than ${n} sessions ever waited for a lock`);
}

/** Starts `fn` now; the promise never rejects unhandled (the outcome is read with `settled`). */
function start<T>(fn: () => Promise<T>): { promise: Promise<T>; settled: Promise<PromiseSettledResult<T>> } {
  const promise = fn();
  const settled = promise.then(
    (value) => ({ status: "fulfilled" as const, value }),
    (reason: unknown) => ({ status: "rejected" as const, reason }),
  );
  return { promise, settled };
}

const LOCK_EVENTS = `LOCK TABLE alert_events IN SHARE MODE`; // stops any writer at its next timeline entry

async function pendingAlert() {
  const db = await pgDb();
  const agent = await makeAgent(db);
  const t = await makeTerminal(db, agent.id);
  const scope = { agentId: agent.id, agentPath: agent.path };
  const t1 = T0 + 5 * MIN;
  // Low battery: a warning, pending for its 10-minute hold.
  await ingestHeartbeats(db, scope, [beat(t.sn, 1, { battery_pct: 12 })], t1, defaultPolicy);
  const [alert] = await alertsOf(db, t.id);
  expect(alert).toMatchObject({ status: "pending", severity: "warning" });
  // The hold has just elapsed (a tick opens it) and the terminal reports healthy (ingest clears it).
  const t2 = t1 + 10 * MIN;
  const healthy = () => ingestHeartbeats(db, scope, [beat(t.sn, 2, { battery_pct: 90, charging: true })], t2, defaultPolicy);
  const sweep = () => runAlertSweep(db, t2, DEFAULT_ALERT_CONFIG);
  return { db, t, alert: alert!, healthy, sweep };
}

it("a tick that opened an alert is seen by ingest clearing it at the same moment", { timeout: 60_000 }, async () => {
  const { db, t, alert, healthy, sweep } = await pendingAlert();
  const gate = await hold(db, LOCK_EVENTS);
  // The sweep opens the alert and stops before writing "opened".
  const s = start(sweep);
  expect(await lockWaiters(db, 1, s.promise)).toBe("waiting");
  // Ingest of a healthy beat: it must wait for the sweep's decision, not act on the pending row.
  const i = start(healthy);
  expect(await lockWaiters(db, 2, i.promise)).toBe("waiting");
  await gate.release();
  expect((await s.promise).opened).toBe(1);
  expect((await i.promise).accepted).toBe(1);
  // Opened by the tick, then cleared by the beat: the alert stays open until healthy long enough.
  const [after] = await alertsOf(db, t.id);
  expect(after).toMatchObject({ id: alert.id, status: "open", clearedAt: T0 + 15 * MIN });
  expect(await kinds(db, alert.id)).toEqual(["created", "opened", "cleared"]);
});

it("ingest that cleared a pending alert is not undone by a tick running at the same moment", { timeout: 60_000 }, async () => {
  const { db, t, alert, healthy, sweep } = await pendingAlert();
  const gate = await hold(db, LOCK_EVENTS);
  // Ingest resolves the pending alert and stops before writing "resolved".
  const i = start(healthy);
  expect(await lockWaiters(db, 1, i.promise)).toBe("waiting");
  // The sweep's tick must wait for ingest and then see a resolved alert, not open the pending one.
  const s = start(sweep);
  expect(await lockWaiters(db, 2, s.promise)).toBe("waiting");
  await gate.release();
  expect((await i.promise).accepted).toBe(1);
  expect((await s.promise).opened).toBe(0);
  const [after] = await alertsOf(db, t.id);
  expect(after).toMatchObject({ id: alert.id, status: "resolved", resolution: "cleared_before_open" });
  expect(await kinds(db, alert.id)).toEqual(["created", "resolved"]);
});

it("an opened alert whose entry commits after a later one's is still notified", { timeout: 60_000 }, async () => {
  const db = await pgDb();
  const agent = await makeAgent(db);
  // The third terminal has its own agent, so its beats share no hourly code-count row with the others.
  const sub = await makeAgent(db, agent.id);
  const first = await makeTerminal(db, agent.id);
  const second = await makeTerminal(db, agent.id);
  const third = await makeTerminal(db, sub.id);
  const scope = { agentId: agent.id, agentPath: agent.path };
  const frozen = { errors: { T_MERCHANT_FROZEN: 1 } }; // critical: opens at once
  const t1 = T0 + 5 * MIN;
  await ingestHeartbeats(db, scope, [beat(second.sn, 1, { battery_pct: 12 })], t1, defaultPolicy);
  const [held] = await alertsOf(db, second.id);
  expect(held).toMatchObject({ status: "pending" });
  const window = 60_000;
  await insertChannel(
    db,
    { agentId: agent.id, kind: "webhook", name: "ops", url: "http://127.0.0.1:9/hook", secret: "s", locale: "en", minSeverity: "warning", windowMs: window, enabled: true, categories: [] },
    await maxEventId(db),
    t1,
  );

  // One batch: the first terminal's alert opens ("opened" gets the lower id), then the batch stops
  // at the second terminal's alert (escalating: a write), which a third connection holds.
  const gate = await hold(db, `SELECT id FROM alerts WHERE id = $1 FOR UPDATE`, [held!.id]);
  const t2 = t1 + 5 * MIN;
  const x = start(() => ingestHeartbeats(db, scope, [beat(first.sn, 2, frozen), beat(second.sn, 2, { battery_pct: 3 })], t2, defaultPolicy));
  expect(await lockWaiters(db, 1, x.promise)).toBe("waiting");
  // Meanwhile another batch opens the third terminal's alert and commits: a higher id, visible first.
  await ingestHeartbeats(db, { agentId: sub.id, agentPath: sub.path }, [beat(third.sn, 2, frozen)], t2, defaultPolicy);

  const composeAt = t2 + 2 * window;
  const compose = () => db.transaction(() => composeNotifications(db, composeAt, DEFAULT_ALERT_CONFIG));
  const c = start(compose);
  await lockWaiters(db, 2, c.promise); // the composer waits for the open batch (or, wrongly, does not)
  await gate.release();
  expect((await x.promise).accepted).toBe(2);
  await c.promise;
  await compose(); // whatever the first pass left behind its cursor, a second pass would not send

  const rows = await db.all<{ message: string }>(`SELECT message FROM outbox ORDER BY id`);
  const notified = rows.flatMap((r) => (JSON.parse(r.message) as { items: { alertId?: number }[] }).items.map((it) => it.alertId));
  const [firstAlert] = await alertsOf(db, first.id);
  const [thirdAlert] = await alertsOf(db, third.id);
  expect(notified.sort()).toEqual([firstAlert!.id, held!.id, thirdAlert!.id].sort());
});

it("a policy save re-diagnosing the fleet and an ingest batch of the same terminals both commit", { timeout: 60_000 }, async () => {
  const db = await pgDb();
  const net = await authNetwork(db);
  // Serial order differs from id order: the lower id has the later serial.
  const low = await makeTerminal(db, net.agents.root.id, { sn: "ZZRACE0001" });
  const high = await makeTerminal(db, net.agents.root.id, { sn: "AARACE0001" });
  expect(low.id).toBeLessThan(high.id);
  const scope = { agentId: net.agents.root.id, agentPath: net.agents.root.path };
  const t1 = T0 + 5 * MIN;
  await ingestHeartbeats(db, scope, [beat(low.sn, 1), beat(high.sn, 1)], t1, defaultPolicy);

  // The save stops at the higher-id terminal's state row, held by a third connection.
  const gate = await hold(db, `SELECT terminal_id FROM terminal_state WHERE terminal_id = $1 FOR UPDATE`, [high.id]);
  const p = start(() => savePolicyChange(db, net.scopes.admin, { ...defaultPolicy, minFirmware: "2.5.0" }, t1 + MIN));
  expect(await lockWaiters(db, 1, p.promise)).toBe("waiting");
  const i = start(() => ingestHeartbeats(db, scope, [beat(low.sn, 2), beat(high.sn, 2)], t1 + MIN, defaultPolicy));
  expect(await lockWaiters(db, 2, i.promise)).toBe("waiting");
  await gate.release();
  const [saved, ingested] = await Promise.all([p.settled, i.settled]);
  // Locking in serial order would let each wait for the other; PostgreSQL would abort one.
  expect(saved.status === "rejected" ? String(saved.reason) : "ok").toBe("ok");
  expect(ingested.status === "rejected" ? String(ingested.reason) : "ok").toBe("ok");
  expect(saved.status === "fulfilled" && saved.value.changed).toBe(2);
});
