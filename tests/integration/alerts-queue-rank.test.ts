// The call queue's stored rank (db/alerts-rank.ts): the sweep writes each open alert's priority,
// the queue walks alerts_queue_rank_idx from the top and merges the alerts changed since the
// sweep, ranked live. Paging through every page gives each open alert once, in the order of its
// priority at the time of the view, whether its rank is stored, cleared by a change, or stale.
import { beforeAll, describe, expect, it } from "vitest";
import { HIDDEN_RANK } from "@/db/alerts-rank";
import { resolveIncident } from "@/db/alerts-incidents";
import type { Db } from "@/db/client";
import { listQueue, queueParamsSchema, storedRankStatement, type QueueItem } from "@/db/queries/alerts-queue";
import { acknowledgeAlerts } from "@/lib/alerts/actions";
import { priority } from "@/lib/alerts/priority";
import { runSweep } from "@/lib/jobs/sweep";
import { authNetwork } from "./helpers/auth-network";
import { beat, freshDb, makeTerminal, T0 } from "../helpers/db";
import { ingestAs, MIN } from "../unit/alerts/fixtures";

const TERMINALS = 45;
let db: Db;
let net: Awaited<ReturnType<typeof authNetwork>>;
let rankedAt = 0;

beforeAll(async () => {
  db = await freshDb();
  net = await authNetwork(db);
  const post = ingestAs(db, net.agents.root);
  const agents = [net.agents.hz, net.agents.east, net.agents.south];
  // Alerts opened 7 minutes apart, a third of them critical, at merchants of five different values.
  for (let k = 0; k < TERMINALS; k++) {
    const t = await makeTerminal(db, agents[k % 3]!.id, { city: ["杭州", "宁波", "广州"][k % 3]! });
    await post([beat(t.sn, 1, { battery_pct: k % 3 === 0 ? 2 : 12, txn_count: (k % 5) * 300 })], T0 + k * 7 * MIN);
  }
  rankedAt = T0 + TERMINALS * 7 * MIN + 11 * MIN; // every warning has held its 10 minutes
  await runSweep(db, rankedAt);
});

const list = async (now: number, scope = net.scopes.admin) => {
  const items: QueueItem[] = [];
  for (let page = 1; ; page++) {
    const r = await listQueue(db, scope, queueParamsSchema.parse({ page }), now);
    items.push(...r.items);
    if (page >= r.pages) return { items, total: r.total };
  }
};

const openIds = async () => (await db.all<{ id: number }>(`SELECT id FROM alerts WHERE status IN ('open', 'acknowledged') ORDER BY id`)).map((r) => Number(r.id));

function expectRankedNow(items: QueueItem[], now: number) {
  for (const i of items) expect(i.priority).toBeCloseTo(priority({ severity: i.severity, txn7d: i.txn7d, openedAt: i.openedAt! }, now), 9);
  for (let k = 1; k < items.length; k++) expect(items[k - 1]!.priority, `rows ${k - 1} and ${k}`).toBeGreaterThanOrEqual(items[k]!.priority);
}

describe("the stored queue rank", () => {
  it("is written by the sweep for every open alert, at the sweep's clock", async () => {
    const rows = await db.all<{ rank: number | null }>(`SELECT queue_rank AS rank FROM alerts WHERE status IN ('open', 'acknowledged')`);
    expect(rows.length).toBe(TERMINALS);
    expect(rows.every((r) => r.rank !== null && Number(r.rank) > 0)).toBe(true);
  });

  it("pages through the queue in priority order, each open alert once", async () => {
    const { items, total } = await list(rankedAt);
    expect(total).toBe(TERMINALS);
    expect(items.map((i) => i.id).sort((a, b) => a - b)).toEqual(await openIds());
    expectRankedNow(items, rankedAt);
  });

  it("ranks alerts changed since the sweep live, and keeps the order right while the stored ranks age", async () => {
    const first = (await listQueue(db, net.scopes.admin, queueParamsSchema.parse({}), rankedAt)).items;
    // Acknowledging clears the rank of the queue's 3rd, 10th and 17th alert until the next sweep.
    const touched = [first[2]!.id, first[9]!.id, first[16]!.id];
    await acknowledgeAlerts(db, net.scopes.admin, { ids: touched }, rankedAt + MIN);
    const cleared = await db.all<{ id: number }>(`SELECT id FROM alerts WHERE queue_rank IS NULL AND status IN ('open', 'acknowledged') ORDER BY id`);
    expect(cleared.map((r) => Number(r.id))).toEqual([...touched].sort((a, b) => a - b));
    const later = rankedAt + 40 * MIN;
    const { items } = await list(later);
    expect(items.map((i) => i.id).sort((a, b) => a - b)).toEqual(await openIds());
    expectRankedNow(items, later);
    // The next sweep ranks them all again, at its clock.
    await runSweep(db, later);
    expect(Number((await db.get<{ n: number }>(`SELECT count(*) AS n FROM alerts WHERE queue_rank IS NULL AND status IN ('open', 'acknowledged')`))!.n)).toBe(0);
    expectRankedNow((await list(later)).items, later);
  });

  it("keeps each manager to their subtree", async () => {
    const hz = (await list(rankedAt + 41 * MIN, net.scopes.hz)).items;
    expect(hz.length).toBe(TERMINALS / 3);
    expect(new Set(hz.map((i) => i.agentName))).toEqual(new Set([hz[0]!.agentName]));
  });

  it("hides the alerts of an open incident below every rank, and ranks them again when it resolves", async () => {
    const now = rankedAt + 42 * MIN;
    const members = (await listQueue(db, net.scopes.admin, queueParamsSchema.parse({}), now)).items.slice(0, 4).map((i) => i.id);
    const inc = await db.get<{ id: number }>(
      `INSERT INTO incidents (kind, status, group_key, city, carrier, category, severity, opened_at, updated_at)
       VALUES ('carrier_outage', 'open', 'carrier:test', '杭州', '中国移动', 'hardware', 'warning', ?, ?) RETURNING id`, [now, now],
    );
    await db.run(`UPDATE alerts SET incident_id = ? WHERE id IN (${members.join(", ")})`, [inc!.id]);
    await runSweep(db, now);
    const hidden = await db.all<{ rank: number }>(`SELECT queue_rank AS rank FROM alerts WHERE id IN (${members.join(", ")})`);
    expect(hidden.map((r) => Number(r.rank))).toEqual([HIDDEN_RANK, HIDDEN_RANK, HIDDEN_RANK, HIDDEN_RANK]);
    const without = await list(now);
    expect(without.total).toBe(TERMINALS - 4);
    expect(without.items.some((i) => members.includes(i.id))).toBe(false);
    await resolveIncident(db, inc!.id, now + MIN);
    const back = await list(now + MIN);
    expect(back.total).toBe(TERMINALS);
    expect(back.items.filter((i) => members.includes(i.id)).length).toBe(4);
    expectRankedNow(back.items, now + MIN);
  });

  it("counts up to the cap and says when it stopped", async () => {
    const capped = await listQueue(db, net.scopes.admin, queueParamsSchema.parse({}), rankedAt + 41 * MIN, { countCap: 10 });
    expect([capped.total, capped.totalExact]).toEqual([10, false]);
    expect(capped.items.length).toBe(20); // the page is whole
    const exact = await listQueue(db, net.scopes.admin, queueParamsSchema.parse({}), rankedAt + 41 * MIN);
    expect([exact.total, exact.totalExact]).toEqual([TERMINALS, true]);
  });

  // SQLite's plan; PostgreSQL picks from its statistics, which a few dozen rows do not make representative.
  const sqliteOnly = process.env.PFH_TEST_PG_URL ? it.skip : it;
  sqliteOnly("reads the first page by walking alerts_queue_rank_idx, without sorting the open alerts", async () => {
    for (const p of [{}, { severity: "critical" }, { agent: net.agents.east.id }]) {
      const st = storedRankStatement(db, net.scopes.admin, queueParamsSchema.parse(p), rankedAt);
      const plan = (await db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${st.sql}`, st.params)).map((r) => r.detail);
      expect(plan.some((l) => /^(SCAN|SEARCH) a USING INDEX alerts_queue_rank_idx/.test(l)), plan.join("\n")).toBe(true);
      expect(plan.filter((l) => /USE TEMP B-TREE FOR ORDER BY/.test(l)), plan.join("\n")).toEqual([]);
    }
  });
});
