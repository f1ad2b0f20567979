// The relocation rule (移机) through real ingest: the positions heartbeats report are stored with
// them, judged against the registered place, and a finding and an alert follow.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { positionCounts } from "@/db/activity";
import { positionCountsCached } from "@/lib/activity/positions";
import { createMerchant, createTerminal } from "@/db/fleet";
import { ingestHeartbeats } from "@/lib/ingest/ingest";
import { refreshState } from "@/lib/ingest/ingest";
import { windowCache } from "@/lib/ingest/window-cache";
import { defaultPolicy } from "@/lib/rules/policy";
import { dryRunPolicyChange } from "@/lib/policy/admin";
import type { Finding } from "@/lib/rules/types";
import { beat, count, freshDb, makeAgent, T0 } from "../helpers/db";

const BEIJING = { lat: 39.9042, lon: 116.4074 };
const SHANGHAI_PUDONG = { lat: 31.2215, lon: 121.5447 }; // about 7 km from the centre
const MIN5 = 5 * 60_000;

let db: Db;
let agent: { id: number; path: string };
let n = 0;

async function terminal(city: string, coords?: { lat: number; lon: number; city?: string }) {
  const merchantId = await createMerchant(db, { name: `位置商户${++n}`, agentId: agent.id, city, province: "" }, T0);
  const sn = `LOC${String(n).padStart(6, "0")}`;
  const id = await createTerminal(db, { sn, merchantId, agentId: agent.id }, T0);
  if (coords) await db.run(`INSERT INTO terminal_place (terminal_id, city, lat, lon, updated_at) VALUES (?, ?, ?, ?, ?)`, [id, coords.city ?? "", coords.lat, coords.lon, T0]);
  return { id, sn };
}

/** Posts `k` beats five minutes apart, each with `pos` (or none), as separate requests. */
async function post(sn: string, from: number, k: number, pos: { lat: number; lon: number } | null): Promise<number> {
  let at = T0;
  for (let i = 0; i < k; i++) {
    at = T0 + (from + i) * MIN5;
    const item = beat(sn, from + i, { ts: at, ...(pos ?? {}) });
    const r = await ingestHeartbeats(db, { agentId: agent.id, agentPath: agent.path }, [item], at, defaultPolicy);
    expect(r.accepted).toBe(1);
  }
  return at;
}

async function findingsOf(terminalId: number): Promise<Finding[]> {
  const row = await db.get<{ findings: string }>(`SELECT findings FROM terminal_findings WHERE terminal_id = ?`, [terminalId]);
  return row ? (JSON.parse(row.findings) as Finding[]) : [];
}

const relocated = (fs: Finding[]) => fs.find((f) => f.ruleId === "place.relocated");

beforeAll(async () => {
  db = await freshDb();
  agent = await makeAgent(db, null, { code: "LOCROOT" });
});
afterAll(async () => db.close());

describe("relocation through ingest", () => {
  it("registered in Shanghai, three beats from Beijing: a policy/firmware finding and an alert", async () => {
    const t = await terminal("上海");
    await post(t.sn, 1, 3, BEIJING);
    const f = relocated(await findingsOf(t.id));
    expect(f).toBeDefined();
    expect(f!.category).toBe("policy_firmware");
    expect(f!.evidence.values).toMatchObject({ registeredCity: "上海", placeSource: "city", nearestCity: "北京", beats: 3, thresholdKm: 30 });
    expect(Number(f!.evidence.values!.km)).toBeGreaterThan(1000);
    expect(f!.evidence.since).toBe(T0 + MIN5);
    const state = await db.get<{ category: string; lat: number }>(`SELECT category, lat FROM terminal_state WHERE terminal_id = ?`, [t.id]);
    expect(state).toEqual({ category: "policy_firmware", lat: BEIJING.lat });
    expect(await count(db, `SELECT count(*) AS n FROM heartbeats WHERE terminal_id = ? AND lat IS NOT NULL`, t.id)).toBe(3);
    expect(await count(db, `SELECT count(*) AS n FROM alerts WHERE terminal_id = ? AND category = 'policy_firmware' AND status <> 'resolved'`, t.id)).toBe(1);
  });

  it("the policy dry run judges the registered place too: a wider distance previews the terminal as healthy, and writes nothing", async () => {
    const t = await terminal("上海");
    const last = await post(t.sn, 1, 3, BEIJING);
    const admin = { agentId: agent.id, agentPath: agent.path, role: "admin" as const, userId: null };
    // Beijing is about 1,070 km from Shanghai: at 2,000 km it is home, at the default 30 km it is not.
    const wider = await dryRunPolicyChange(db, admin, { ...defaultPolicy, relocationKm: 2000 }, last);
    expect(wider.items).toContainEqual({ sn: t.sn, from: "policy_firmware", to: "healthy" });
    const same = await dryRunPolicyChange(db, admin, defaultPolicy, last);
    expect(same.items.map((i) => i.sn)).not.toContain(t.sn);
    expect((await db.get<{ category: string }>(`SELECT category FROM terminal_state WHERE terminal_id = ?`, [t.id]))!.category).toBe("policy_firmware");
  });

  it("the positions survive a cold window: the sweep's re-diagnosis from the database keeps the finding", async () => {
    const t = await terminal("上海");
    const last = await post(t.sn, 1, 3, BEIJING);
    windowCache(db).clear();
    await refreshState(db, t.id, last + 60_000, defaultPolicy);
    expect(relocated(await findingsOf(t.id))).toBeDefined();
  });

  it("two beats away are not enough, and a third one back home keeps it clear", async () => {
    const t = await terminal("上海");
    await post(t.sn, 1, 2, BEIJING);
    expect(relocated(await findingsOf(t.id))).toBeUndefined();
    await post(t.sn, 3, 1, SHANGHAI_PUDONG);
    expect(relocated(await findingsOf(t.id))).toBeUndefined();
    expect(await count(db, `SELECT count(*) AS n FROM alerts WHERE terminal_id = ?`, t.id)).toBe(0);
  });

  it("imported coordinates win over the merchant city's centre", async () => {
    // Merchant city says Beijing, the import put the terminal in Shanghai: Beijing beats are away.
    const t = await terminal("北京", { ...SHANGHAI_PUDONG, city: "上海" });
    await post(t.sn, 1, 3, BEIJING);
    expect(relocated(await findingsOf(t.id))?.evidence.values).toMatchObject({ placeSource: "import", registeredCity: "上海" });
    // And a Beijing terminal reporting from Beijing is home.
    const home = await terminal("北京");
    await post(home.sn, 1, 3, BEIJING);
    expect(relocated(await findingsOf(home.id))).toBeUndefined();
  });

  it("a terminal that reports no position is not flagged and is counted as reporting none", async () => {
    const scope = { agentId: agent.id, agentPath: agent.path, role: "admin" as const, userId: null };
    const before = await positionCounts(db, scope);
    const t = await terminal("上海");
    await post(t.sn, 1, 4, null);
    expect(relocated(await findingsOf(t.id))).toBeUndefined();
    expect(await count(db, `SELECT count(*) AS n FROM alerts WHERE terminal_id = ?`, t.id)).toBe(0);
    const after = await positionCounts(db, scope);
    expect(after.noPosition).toBe(before.noPosition + 1);
    expect(after.withPosition).toBe(before.withPosition);
  });

  it("the activity page's position counts are the same counts, read again at most once a minute", async () => {
    const scope = { agentId: agent.id, agentPath: agent.path, role: "admin" as const, userId: null };
    const first = await positionCountsCached(db, scope, T0 + 10 * 60_000);
    expect(first).toEqual(await positionCounts(db, scope));
    const t = await terminal("上海");
    await post(t.sn, 1, 3, null);
    expect(await positionCountsCached(db, scope, T0 + 10 * 60_000 + 59_000)).toEqual(first);
    const later = await positionCountsCached(db, scope, T0 + 11 * 60_000);
    expect(later.noPosition).toBe(first.noPosition + 1);
  });

  it("a merchant city outside the table and no coordinates: positions are not judged", async () => {
    const t = await terminal("某县级市");
    await post(t.sn, 1, 3, BEIJING);
    expect(relocated(await findingsOf(t.id))).toBeUndefined();
  });
});
