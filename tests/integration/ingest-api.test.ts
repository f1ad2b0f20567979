import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { createIngestKey } from "@/lib/auth/ingest-keys";
import { runSweep } from "@/lib/jobs/sweep";
import { beat, count, freshDb, makeAgent, makeTerminal, T0 } from "../helpers/db";
import { startApi } from "../helpers/server";

const db = await freshDb();
let now = T0 + 3_600_000;
const root = await makeAgent(db, null, { code: "ROOT" });
const east = await makeAgent(db, root.id, { code: "EAST" });
const west = await makeAgent(db, root.id, { code: "WEST" });
const eastT = await makeTerminal(db, east.id);
const eastT2 = await makeTerminal(db, east.id);
const westT = await makeTerminal(db, west.id);
const eastKey = (await createIngestKey(db, east.id, "east gateway", T0)).key;
const rootKey = (await createIngestKey(db, root.id, "root", T0)).key;
let api: Awaited<ReturnType<typeof startApi>>;

beforeAll(async () => {
  api = await startApi(db, () => now);
});
afterAll(async () => {
  await api.close();
  await db.close();
});

async function problem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const body = (await res.json()) as { status: number; title: string; detail: string; fields?: string[] };
  expect(body.status).toBe(status);
  expect(body.detail.length).toBeGreaterThan(10);
  return body;
}

const beats = (sn: string) => count(db, `SELECT count(*) n FROM heartbeats h JOIN terminals t ON t.id = h.terminal_id WHERE t.sn = ?`, sn);

describe("POST /api/v1/heartbeats", () => {
  it("accepts a single heartbeat and updates terminal_state", async () => {
    const res = await api.post(beat(eastT.sn, 1, { battery_pct: 64, errors: { "51": 2 } }), eastKey);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ accepted: 1, duplicate: 0, rejected: 0, results: [{ index: 0, sn: eastT.sn, seq: 1, status: "accepted" }] });
    const state = await db.get(`SELECT * FROM terminal_state WHERE terminal_id = ?`, [eastT.id]);
    expect(state).toMatchObject({ battery_pct: 64, last_seq: 1, last_seen_at: now, firmware: "2.4.1", network: "4G", status: "online", category: "healthy" });
    expect(await count(db, `SELECT count(*) n FROM heartbeat_errors WHERE code = '51' AND count = 2`)).toBe(1);
  });

  it("accepts a batch, ISO timestamps included", async () => {
    const res = await api.post({ heartbeats: [beat(eastT.sn, 2), beat(eastT.sn, 3, { ts: "2026-11-27T10:15:00+08:00" }), beat(eastT2.sn, 1)] }, eastKey);
    expect(await res.json()).toMatchObject({ accepted: 3, duplicate: 0, rejected: 0 });
    expect(await beats(eastT.sn)).toBe(3);
    expect(await db.get(`SELECT last_seq FROM terminal_state WHERE terminal_id = ?`, [eastT.id])).toEqual({ last_seq: 3 });
  });

  it("answers a retried seq as duplicate and changes nothing", async () => {
    const before = await db.all(`SELECT * FROM heartbeats WHERE terminal_id = ? ORDER BY seq`, [eastT.id]);
    const res = await api.post(beat(eastT.sn, 2, { battery_pct: 1 }), eastKey);
    expect(await res.json()).toMatchObject({ accepted: 0, duplicate: 1, results: [{ status: "duplicate", seq: 2 }] });
    expect(await db.all(`SELECT * FROM heartbeats WHERE terminal_id = ? ORDER BY seq`, [eastT.id])).toEqual(before);
  });

  it("stores exactly the good items of a mixed batch and names what is wrong with the others", async () => {
    now += 60_000;
    const res = await api.post(
      {
        heartbeats: [
          beat(eastT.sn, 10),
          beat(eastT.sn, 11, { battery_pct: 140 }),
          beat("NO-SUCH-SN", 1),
          beat(westT.sn, 1),
          beat(eastT.sn, 12, { ts: now + 25 * 3_600_000 }),
          beat(eastT2.sn, 5),
          { sn: eastT.sn },
        ],
      },
      eastKey,
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ accepted: 2, duplicate: 0, rejected: 5 });
    const codes = body.results.map((r: { status: string; code?: string }) => r.code ?? r.status);
    expect(codes).toEqual(["accepted", "invalid", "unknown_terminal", "out_of_scope", "future_ts", "accepted", "invalid"]);
    expect(body.results[1].fields).toEqual(["battery_pct"]);
    expect(body.results[6].fields).toEqual(expect.arrayContaining(["seq", "ts", "battery_pct"]));
    expect(body.results[3].message).toMatch(/does not belong/);
    expect(await beats(eastT.sn)).toBe(4);
    expect(await beats(westT.sn)).toBe(0);
    expect(await count(db, `SELECT count(*) n FROM heartbeats WHERE seq IN (11, 12)`)).toBe(0);
  });

  it("lets a key of a parent agent post for its sub-agents but not a sibling's key", async () => {
    expect(await (await api.post(beat(westT.sn, 1), rootKey)).json()).toMatchObject({ accepted: 1 });
    expect(await (await api.post(beat(westT.sn, 2), eastKey)).json()).toMatchObject({ rejected: 1, results: [{ code: "out_of_scope" }] });
    expect(await beats(westT.sn)).toBe(1);
  });

  it("sends the 2xx only after the heartbeat is committed", async () => {
    const res = await api.post(beat(eastT2.sn, 50), eastKey);
    expect(res.status).toBe(200);
    // A second connection sees only committed data.
    const reader = await openDatabase(db.file, { migrate: false });
    try {
      expect(await count(reader, `SELECT count(*) n FROM heartbeats WHERE terminal_id = ? AND seq = 50`, eastT2.id)).toBe(1);
    } finally {
      await reader.close();
    }
  });

  describe("whole-request errors are problem+json", () => {
    it("401 without a key or with a bad one", async () => {
      await problem(await api.post(beat(eastT.sn, 99), null), 401);
      await problem(await api.post(beat(eastT.sn, 99), "pfh_not-a-real-key"), 401);
    });
    it("415 when the body is not declared as JSON", async () => {
      await problem(await api.post(JSON.stringify(beat(eastT.sn, 99)), eastKey, { "content-type": "text/plain" }), 415);
    });
    it("400 for malformed JSON, wrong shapes, empty and oversized batches", async () => {
      expect((await problem(await api.post("{not json", eastKey), 400)).detail).toMatch(/not valid JSON/);
      expect((await problem(await api.post([beat(eastT.sn, 99)], eastKey), 400)).detail).toMatch(/array/);
      expect((await problem(await api.post({ heartbeats: [] }, eastKey), 400)).detail).toMatch(/empty/);
      const many = Array.from({ length: 1001 }, (_, i) => beat(eastT.sn, 1000 + i));
      expect((await problem(await api.post({ heartbeats: many }, eastKey), 400)).detail).toMatch(/at most 1000/);
    });
    it("400 naming the fields of a single invalid heartbeat", async () => {
      const body = await problem(await api.post(beat(eastT.sn, 99, { signal_dbm: -10, network: "5G" }), eastKey), 400);
      expect(body.fields).toEqual(expect.arrayContaining(["signal_dbm", "network"]));
      expect(body.detail).toMatch(/signal_dbm/);
    });
    it("413 for a body over the limit", async () => {
      const huge = JSON.stringify({ heartbeats: [beat(eastT.sn, 99, { model: "x".repeat(3 * 1024 * 1024) })] });
      await problem(await api.post(huge, eastKey), 413);
    });
    it("405 for other methods", async () => {
      const res = await fetch(`${api.base}/api/v1/heartbeats`, { headers: { authorization: `Bearer ${eastKey}` } });
      await problem(res, 405);
    });
    it("none of them wrote anything", async () => {
      expect(await count(db, `SELECT count(*) n FROM heartbeats WHERE seq >= 99 AND seq < 2100`)).toBe(0);
    });
  });

  it("GET /api/health is 503 until the sweep has run, then ok", async () => {
    const before = await fetch(`${api.base}/api/health`);
    expect(before.status).toBe(503);
    expect(await before.json()).toMatchObject({ status: "unhealthy", database: "ok", problems: ["the sweep has not run yet"] });
    await runSweep(db, now);
    const res = await fetch(`${api.base}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", database: "ok", sweepAgeSeconds: 0, ingestQueue: 0 });
    now += 6 * 60_000;
    expect((await fetch(`${api.base}/api/health`)).status).toBe(503);
  });
});
