// Sales rollups written by ingest, and the activity reads behind the list and the overview, on
// the real store (SQLite here; PostgreSQL under `npm run test:pg`).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { activityCounts, listIdle, salesSummaries, windowStart } from "@/db/activity";
import { createMerchant, createTerminal } from "@/db/fleet";
import { DAY_MS, shanghaiDayStart } from "@/lib/domain/time";
import { ingestHeartbeats, ingestJobs } from "@/lib/ingest/ingest";
import { runSweep } from "@/lib/jobs/sweep";
import { activityOf } from "@/lib/rules/activity";
import { defaultPolicy } from "@/lib/rules/policy";
import { beat, count, freshDb, makeAgent, T0 } from "../helpers/db";

const TH = { quietDays: 7, dormantDays: 30, neverTradedDays: 15 };
let db: Db;
let root: { id: number; path: string };
let east: { id: number; path: string };
let west: { id: number; path: string };
const scopeOf = (a: { id: number; path: string }) => ({ agentId: a.id, agentPath: a.path, role: "admin" as const, userId: null });

let n = 0;
async function terminal(agentId: number, activatedAt: number | null, city = "杭州") {
  const merchantId = await createMerchant(db, { name: `活跃商户${++n}`, agentId, city, province: "浙江", phone: `1380000${String(n).padStart(4, "0")}`, contactName: `联系人${n}` }, T0 - 400 * DAY_MS);
  const sn = `ACT${String(n).padStart(6, "0")}`;
  const id = await createTerminal(db, { sn, merchantId, agentId, activatedAt }, T0 - 400 * DAY_MS);
  return { id, sn };
}

beforeAll(async () => {
  db = await freshDb();
  root = await makeAgent(db, null, { code: "ACTROOT" });
  east = await makeAgent(db, root.id, { code: "ACTEAST" });
  west = await makeAgent(db, root.id, { code: "ACTWEST" });
});
afterAll(async () => db.close());

describe("ingest keeps the sales rollups", () => {
  it("sums sales per terminal and Shanghai day, skips beats without a sale and never counts a duplicate", async () => {
    const t = await terminal(east.id, T0 - 100 * DAY_MS);
    const scope = { agentId: east.id, agentPath: east.path };
    // 23:50 and 00:10 Shanghai are two days; 15:50 UTC is 23:50 Shanghai.
    const lateEvening = shanghaiDayStart(T0) + DAY_MS - 10 * 60_000;
    const afterMidnight = lateEvening + 20 * 60_000;
    await ingestHeartbeats(db, scope, [beat(t.sn, 1, { ts: lateEvening, txn_count: 4 }), beat(t.sn, 2, { ts: lateEvening, txn_count: 0 })], lateEvening, defaultPolicy);
    await ingestHeartbeats(db, scope, [beat(t.sn, 3, { ts: afterMidnight, txn_count: 2 }), beat(t.sn, 4, { ts: afterMidnight, txn_count: 5 })], afterMidnight, defaultPolicy);
    // The same beats again (a retried upload) change nothing.
    const again = await ingestHeartbeats(db, scope, [beat(t.sn, 1, { ts: lateEvening, txn_count: 4 }), beat(t.sn, 3, { ts: afterMidnight, txn_count: 2 })], afterMidnight + 1000, defaultPolicy);
    expect(again.duplicate).toBe(2);
    const days = await db.all<{ day: number; txns: number; beats: number; last: number }>(
      `SELECT day_start AS day, txns, sale_beats AS beats, last_txn_at AS last FROM terminal_txn_daily WHERE terminal_id = ? ORDER BY day_start`,
      [t.id],
    );
    expect(days.map((d) => ({ day: Number(d.day), txns: Number(d.txns), beats: Number(d.beats), last: Number(d.last) }))).toEqual([
      { day: shanghaiDayStart(lateEvening), txns: 4, beats: 1, last: lateEvening },
      { day: shanghaiDayStart(afterMidnight), txns: 7, beats: 2, last: afterMidnight },
    ]);
    const s = (await salesSummaries(db, scopeOf(east), [t.id], afterMidnight)).get(t.id)!;
    expect(s).toMatchObject({ firstTxnAt: lateEvening, lastTxnAt: afterMidnight, txns7: 11, txns30: 11, txns90: 11 });
  });

  it("one group commit of many requests adds each terminal's sales once per day", async () => {
    const a = await terminal(east.id, T0 - 50 * DAY_MS);
    const b = await terminal(east.id, T0 - 50 * DAY_MS);
    const scope = { agentId: east.id, agentPath: east.path };
    const jobs = [
      { scope, items: [beat(a.sn, 1, { ts: T0, txn_count: 1 }), beat(b.sn, 1, { ts: T0, txn_count: 10 })] },
      { scope, items: [beat(a.sn, 2, { ts: T0, txn_count: 2 }), beat(a.sn, 2, { ts: T0, txn_count: 2 })] },
    ];
    await ingestJobs(db, jobs, T0, defaultPolicy);
    const got = await salesSummaries(db, scopeOf(east), [a.id, b.id], T0);
    expect(got.get(a.id)!.txns7).toBe(3);
    expect(got.get(b.id)!.txns7).toBe(10);
    expect(await count(db, `SELECT count(*) AS n FROM terminal_txn_daily WHERE terminal_id = ?`, a.id)).toBe(1);
  });

  it("a rejected batch item adds nothing", async () => {
    const before = await count(db, `SELECT count(*) AS n FROM terminal_txn_daily`);
    const r = await ingestHeartbeats(db, { agentId: east.id, agentPath: east.path }, [beat("NO-SUCH-SN", 1, { ts: T0, txn_count: 9 }), { sn: "x" }], T0, defaultPolicy);
    expect(r.rejected).toBe(2);
    expect(await count(db, `SELECT count(*) AS n FROM terminal_txn_daily`)).toBe(before);
  });
});

describe("sales over 7, 30 and 90 days", () => {
  it("counts today and the days before it, each window's first day inclusive", async () => {
    const t = await terminal(west.id, T0 - 200 * DAY_MS);
    const scope = { agentId: west.id, agentPath: west.path };
    const now = T0 + 200 * DAY_MS;
    // One sale on the first day of each window, one the day before it.
    const plan = [[7, 1], [8, 10], [30, 100], [31, 1000], [90, 10_000], [91, 100_000]] as const;
    let seq = 0;
    for (const [daysBack, txns] of plan) {
      const at = windowStart(now, daysBack) + 12 * 3_600_000;
      await ingestHeartbeats(db, scope, [beat(t.sn, ++seq, { ts: at, txn_count: txns })], at, defaultPolicy);
    }
    const s = (await salesSummaries(db, scopeOf(west), [t.id], now)).get(t.id)!;
    expect(s.txns7).toBe(1);
    expect(s.txns30).toBe(1 + 10 + 100);
    expect(s.txns90).toBe(1 + 10 + 100 + 1000 + 10_000);
  });

  it("leaves out terminals outside the scope", async () => {
    const t = await terminal(west.id, null);
    await ingestHeartbeats(db, { agentId: west.id, agentPath: west.path }, [beat(t.sn, 1, { ts: T0, txn_count: 3 })], T0, defaultPolicy);
    expect((await salesSummaries(db, scopeOf(east), [t.id], T0)).size).toBe(0);
    expect((await salesSummaries(db, scopeOf(root), [t.id], T0)).size).toBe(1);
  });
});

describe("activity states from the rollups agree with the clocks", () => {
  it("counts and lists quiet, dormant and never-traded terminals as activityOf judges them, at any later moment", async () => {
    const group = await makeAgent(db, root.id, { code: "ACTGRP" });
    const scope = { agentId: group.id, agentPath: group.path };
    const now0 = T0 + 300 * DAY_MS;
    // Sales 0..40 days before now0, and terminals that never sold, activated 0..40 days before.
    const made: { id: number; lastTxnAt: number | null; activatedAt: number; createdAt: number }[] = [];
    for (const d of [0, 1, 6, 7, 8, 14, 15, 16, 29, 30, 31, 40]) {
      const activatedAt = now0 - 100 * DAY_MS;
      const t = await terminal(group.id, activatedAt);
      const at = now0 - d * DAY_MS;
      await ingestHeartbeats(db, scope, [beat(t.sn, 1, { ts: at, txn_count: 1 })], at, defaultPolicy);
      made.push({ id: t.id, lastTxnAt: at, activatedAt, createdAt: T0 - 400 * DAY_MS });
      const never = await terminal(group.id, now0 - d * DAY_MS);
      made.push({ id: never.id, lastTxnAt: null, activatedAt: now0 - d * DAY_MS, createdAt: T0 - 400 * DAY_MS });
    }
    for (const later of [0, 1, 9, 20]) {
      const now = now0 + later * DAY_MS;
      const expected = { active: 0, quiet: 0, dormant: 0, new: 0, never_traded: 0 };
      for (const m of made) expected[activityOf(m, defaultPolicy, now).state]++;
      expect(await activityCounts(db, scopeOf(group), TH, now), `at +${later} days`).toEqual(expected);
      const page = await listIdle(db, scopeOf(group), {}, TH, now, { limit: 500, offset: 0 });
      expect(page.total).toBe(expected.quiet + expected.dormant + expected.never_traded);
      for (const r of page.rows) expect(r.state).toBe(activityOf(made.find((m) => m.id === r.id)!, defaultPolicy, now).state);
      // Most urgent first: the clocks' start never decreases down the list.
      const starts = page.rows.map((r) => r.lastTxnAt ?? r.activatedAt ?? r.createdAt);
      expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    }
  });

  it("filters by state, agent subtree, city and serial or merchant text, and shows merchant, phone and health", async () => {
    const g = await makeAgent(db, root.id, { code: "ACTFLT" });
    const sub = await makeAgent(db, g.id, { code: "ACTFLTSUB" });
    const now = T0 + 500 * DAY_MS;
    const dormant = await terminal(sub.id, now - 200 * DAY_MS, "宁波");
    await ingestHeartbeats(db, { agentId: sub.id, agentPath: sub.path }, [beat(dormant.sn, 1, { ts: now - 60 * DAY_MS, txn_count: 2 })], now - 60 * DAY_MS, defaultPolicy);
    const never = await terminal(g.id, now - 20 * DAY_MS);
    const all = await listIdle(db, scopeOf(g), {}, TH, now, { limit: 50, offset: 0 });
    expect(all.rows.map((r) => r.id)).toEqual([dormant.id, never.id]);
    // Healthy and dormant at once: the last diagnosis stands beside the activity state.
    expect(all.rows[0]).toMatchObject({ state: "dormant", city: "宁波", status: "online", category: "healthy", phone: expect.stringMatching(/^1380000/) });
    expect(all.rows[1]).toMatchObject({ state: "never_traded", status: null, category: null });
    expect((await listIdle(db, scopeOf(g), { state: "never_traded" }, TH, now, { limit: 50, offset: 0 })).rows.map((r) => r.id)).toEqual([never.id]);
    expect((await listIdle(db, scopeOf(g), { agent: sub.id }, TH, now, { limit: 50, offset: 0 })).rows.map((r) => r.id)).toEqual([dormant.id]);
    expect((await listIdle(db, scopeOf(g), { city: "宁波" }, TH, now, { limit: 50, offset: 0 })).total).toBe(1);
    expect((await listIdle(db, scopeOf(g), { q: dormant.sn.slice(0, 7).toLowerCase() }, TH, now, { limit: 50, offset: 0 })).rows.map((r) => r.id)).toContain(dormant.id);
    // An agent filter never widens the scope: a parent agent shows only the scope's part, another branch nothing.
    expect((await listIdle(db, scopeOf(sub), { agent: g.id }, TH, now, { limit: 50, offset: 0 })).rows.map((r) => r.id)).toEqual([dormant.id]);
    expect((await listIdle(db, scopeOf(sub), { agent: east.id }, TH, now, { limit: 50, offset: 0 })).total).toBe(0);
    // The sweep finds it silent: health changes, the activity state does not.
    await runSweep(db, now);
    const swept = await listIdle(db, scopeOf(g), { agent: sub.id }, TH, now, { limit: 50, offset: 0 });
    expect(swept.rows[0]).toMatchObject({ id: dormant.id, state: "dormant", status: "offline" });
    expect(swept.rows[0]!.category).not.toBe("healthy");
  });
});
