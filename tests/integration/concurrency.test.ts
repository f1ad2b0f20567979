// Races on the same terminal, rate limits and metrics, over real HTTP on a real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIngestKey } from "@/lib/auth/ingest-keys";
import { RateLimiter } from "@/lib/ingest/rate-limit";
import { beat, count, freshDb, makeAgent, makeTerminal, T0 } from "../helpers/db";
import { startApi } from "../helpers/server";

const db = await freshDb();
const root = await makeAgent(db, null, { code: "RACE" });
const sub = await makeAgent(db, root.id, { code: "RACE-SUB" });
const t = await makeTerminal(db, sub.id);
const gatewayA = (await createIngestKey(db, root.id, "gateway A", T0)).key;
const gatewayB = (await createIngestKey(db, sub.id, "gateway B", T0)).key;
let api: Awaited<ReturnType<typeof startApi>>;
beforeAll(async () => {
  api = await startApi(db, () => T0 + 600_000);
});
afterAll(async () => {
  await api.close();
  await db.close();
});

describe("same beat at the same moment", () => {
  it("a retry racing its original: one accepted, the rest duplicate, one row", async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, () => api.post(beat(t.sn, 1), gatewayA).then((r) => r.json())));
    const statuses = answers.map((a) => a.results[0].status);
    expect(statuses.filter((s) => s === "accepted")).toHaveLength(1);
    expect(statuses.filter((s) => s === "duplicate")).toHaveLength(39);
    expect(await count(db, `SELECT count(*) n FROM heartbeats WHERE terminal_id = ? AND seq = 1`, t.id)).toBe(1);
  });

  it("two gateways posting overlapping batches: each beat stored once, every answer right", async () => {
    const beats = Array.from({ length: 30 }, (_, i) => beat(t.sn, 100 + i, { ts: T0 }));
    const [a, b] = await Promise.all([
      api.post({ heartbeats: beats }, gatewayA).then((r) => r.json()),
      api.post({ heartbeats: [...beats].reverse() }, gatewayB).then((r) => r.json()),
    ]);
    expect(a.accepted + b.accepted).toBe(30);
    expect(a.duplicate + b.duplicate).toBe(30);
    expect(await count(db, `SELECT count(*) n FROM heartbeats WHERE terminal_id = ? AND seq BETWEEN 100 AND 129`, t.id)).toBe(30);
    expect(await db.get(`SELECT last_seq FROM terminal_state WHERE terminal_id = ?`, [t.id])).toEqual({ last_seq: 129 });
  });
});

describe("back-pressure", () => {
  it("answers 429 with Retry-After once a key exceeds its rate, and stores nothing of that request", async () => {
    const limited = await startApi(db, () => T0 + 600_000, { limiter: new RateLimiter(10, 20) });
    try {
      const ok = await limited.post({ heartbeats: Array.from({ length: 20 }, (_, i) => beat(t.sn, 500 + i, { ts: T0 })) }, gatewayA);
      expect(ok.status).toBe(200);
      const res = await limited.post({ heartbeats: Array.from({ length: 5 }, (_, i) => beat(t.sn, 600 + i, { ts: T0 })) }, gatewayA);
      expect(res.status).toBe(429);
      expect(res.headers.get("content-type")).toMatch(/problem\+json/);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect((await res.json()).detail).toMatch(/retry in/);
      expect(await count(db, `SELECT count(*) n FROM heartbeats WHERE seq BETWEEN 600 AND 604`)).toBe(0);
      // Another key has its own budget.
      expect((await limited.post(beat(t.sn, 700, { ts: T0 }), gatewayB)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe("metrics", () => {
  it("counts heartbeats by result and reason and reports terminals by status and category", async () => {
    await api.post({ heartbeats: [beat(t.sn, 900, { ts: T0 }), beat(t.sn, 900, { ts: T0 }), beat("UNKNOWN-1", 1), { sn: t.sn }] }, gatewayA);
    const res = await fetch(`${api.base}/api/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/plain/);
    const text = await res.text();
    const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? NaN);
    expect(value(/pfh_heartbeats_total\{result="accepted",reason=""\} (\d+)/)).toBeGreaterThanOrEqual(53);
    expect(value(/pfh_heartbeats_total\{result="rejected",reason="unknown_terminal"\} (\d+)/)).toBeGreaterThanOrEqual(1);
    expect(value(/pfh_heartbeats_total\{result="rejected",reason="invalid"\} (\d+)/)).toBeGreaterThanOrEqual(1);
    expect(value(/pfh_heartbeats_total\{result="duplicate",reason=""\} (\d+)/)).toBeGreaterThanOrEqual(40);
    expect(text).toMatch(/pfh_ingest_request_seconds_bucket/);
    expect(value(/pfh_terminals\{status="online",category="healthy"\} (\d+)/)).toBe(1);
    expect(text).not.toMatch(new RegExp(gatewayA));
  });
});
