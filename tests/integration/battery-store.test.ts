// The battery rollup written by ingest, the sweep's wear step, the finding it turns on, the
// scoped reads behind the pages, and retention — on a real store (SQLite, or PostgreSQL under
// `npm run test:pg`).
import { afterEach, describe, expect, it } from "vitest";
import { batteryDaysOf, wearOf } from "@/db/battery";
import { batteriesToReplace, batteriesToReplaceCount, terminalBatteryWear } from "@/db/queries/battery";
import type { Db } from "@/db/client";
import { REPLACE_WINDOW_DAYS } from "@/lib/domain/battery";
import { DAY_MS, HOUR_MS, MINUTE_MS, shanghaiDayStart } from "@/lib/domain/time";
import { ingestHeartbeats } from "@/lib/ingest/ingest";
import { estimateWearStep } from "@/lib/jobs/battery-wear";
import { pruneHistory } from "@/lib/jobs/retention";
import { defaultPolicy } from "@/lib/rules/policy";
import type { Finding } from "@/lib/rules/types";
import { freshDb, makeAgent, makeTerminal } from "../helpers/db";

const DAY0 = shanghaiDayStart(Date.UTC(2026, 1, 2, 4, 0)); // a Monday
let db: (Db & { file: string }) | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

const scopeOf = (a: { id: number; path: string }) => ({ agentId: a.id, agentPath: a.path, role: "admin" as const, userId: null });

/**
 * One trading day of a terminal: off the charger 09:00–21:00, a beat every 20 minutes losing
 * `rate` % an hour, a sale in every beat, then on the charger overnight.
 */
async function postDay(d: Db, agent: { id: number; path: string }, sn: string, day: number, rate: number, seq: { n: number }) {
  const start = DAY0 + day * DAY_MS;
  const items: unknown[] = [];
  for (let m = 8 * 60; m < 23 * 60; m += 20) {
    const at = start + m * MINUTE_MS;
    const off = m >= 9 * 60 && m <= 21 * 60;
    const pct = off ? 100 - rate * ((m - 9 * 60) / 60) : 100;
    items.push({ sn, seq: ++seq.n, ts: at, battery_pct: Math.max(1, Math.round(pct)), charging: !off, firmware: "2.4.1", signal_dbm: -70, network: "4G", txn_count: off ? 2 : 0, errors: {} });
  }
  // One beat per ingest call, each received when it was sent, as a terminal posts.
  for (const item of items) await ingestHeartbeats(d, { agentId: agent.id, agentPath: agent.path }, [item], (item as { ts: number }).ts + 1000, defaultPolicy);
}

describe("battery rollup and wear estimates", () => {
  it("ingest keeps one row per terminal-day; the sweep estimates, flags and the pages read within scope", { timeout: 120_000 }, async () => {
    db = await freshDb();
    const root = await makeAgent(db);
    const east = await makeAgent(db, root.id);
    const south = await makeAgent(db, root.id);
    const wearing = await makeTerminal(db, east.id);
    const steady = await makeTerminal(db, east.id);
    const seqW = { n: 0 }, seqS = { n: 0 };
    for (let day = 0; day < 21; day++) {
      await postDay(db, east, wearing.sn, day, 4 + 0.1 * day, seqW);
      await postDay(db, east, steady.sn, day, 4, seqS);
    }
    const days = (await batteryDaysOf(db, [wearing.id, steady.id], DAY0)).get(steady.id)!;
    expect(days).toHaveLength(21);
    // 09:00–21:00 off the charger: 36 steps of 20 minutes, 48 points lost at 4 %/h; sales 09:00–21:00.
    expect(days[3]).toMatchObject({ dayStart: DAY0 + 3 * DAY_MS, offMs: 12 * HOUR_MS, dropPts: 48, samples: 36, beats: 45, minPct: 52, firstTradeMin: 540, lastTradeMin: 1260 });

    // A duplicate beat adds nothing.
    await ingestHeartbeats(db, { agentId: east.id, agentPath: east.path }, [{ sn: steady.sn, seq: 10, ts: DAY0 + 9 * HOUR_MS, battery_pct: 50, charging: false, firmware: "2.4.1", signal_dbm: -70, network: "4G", errors: {} }], DAY0 + 22 * DAY_MS, defaultPolicy);
    expect((await batteryDaysOf(db, [steady.id], DAY0)).get(steady.id)![0]).toEqual(days[0]);

    const now = DAY0 + 21 * DAY_MS + 2 * HOUR_MS;
    expect(await estimateWearStep(db, now, defaultPolicy, 1)).toEqual({ estimated: 1, changed: 1 });
    expect(await estimateWearStep(db, now, defaultPolicy)).toEqual({ estimated: 1, changed: 0 });
    expect(await estimateWearStep(db, now + HOUR_MS, defaultPolicy)).toEqual({ estimated: 0, changed: 0 }); // once a day
    const wear = await wearOf(db, [wearing.id, steady.id]);
    expect(wear.get(steady.id)).toMatchObject({ status: "steady", predictedAt: null });
    const w = wear.get(wearing.id)!;
    expect(w.status).toBe("wearing");
    expect(w.slopePerDay).toBeCloseTo(0.1, 1);
    expect(w.tradingHours).toBe(12);
    // 85 points over 12 h is 7.08 %/h, reached on day 31: ten days from now.
    expect(w.predictedAt! - shanghaiDayStart(now)).toBeLessThanOrEqual(defaultPolicy.batteryWearHorizonDays * DAY_MS);

    // The flagged terminal was re-diagnosed at once: the finding and a hardware alert carrying it.
    const findings = await db.get<{ findings: string }>(`SELECT findings FROM terminal_findings WHERE terminal_id = ?`, [wearing.id]);
    const f = (JSON.parse(findings!.findings) as Finding[]).find((x) => x.ruleId === "battery.wear")!;
    expect(f).toMatchObject({ category: "hardware", severity: "warning" });
    expect(f.evidence.values).toMatchObject({ predictedAt: w.predictedAt, horizonDays: 14 });
    const alert = await db.get<{ category: string; findings: string }>(`SELECT category, findings FROM alerts WHERE terminal_id = ?`, [wearing.id]);
    expect(alert?.category).toBe("hardware");
    expect((JSON.parse(alert!.findings) as Finding[]).some((x) => x.ruleId === "battery.wear")).toBe(true);
    // A beat after the estimate keeps the finding (ingest reads the stored estimate).
    await postDay(db, east, wearing.sn, 21, 7, seqW);
    const after = await db.get<{ findings: string }>(`SELECT findings FROM terminal_findings WHERE terminal_id = ?`, [wearing.id]);
    expect((JSON.parse(after!.findings) as Finding[]).some((x) => x.ruleId === "battery.wear")).toBe(true);

    // Scoped reads: the owner sees the chart data and the count; a sibling agent sees nothing.
    const mine = await terminalBatteryWear(db, scopeOf(east), wearing.id, now);
    expect(mine.days.length).toBeGreaterThanOrEqual(21);
    expect(mine.wear?.predictedAt).toBe(w.predictedAt);
    const theirs = await terminalBatteryWear(db, scopeOf(south), wearing.id, now);
    expect(theirs).toEqual({ days: [], wear: null });
    expect(await batteriesToReplaceCount(db, scopeOf(east), now, REPLACE_WINDOW_DAYS)).toBe(1);
    expect(await batteriesToReplaceCount(db, scopeOf(root), now, REPLACE_WINDOW_DAYS)).toBe(1);
    expect(await batteriesToReplaceCount(db, scopeOf(south), now, REPLACE_WINDOW_DAYS)).toBe(0);
    const list = await batteriesToReplace(db, scopeOf(east), now, REPLACE_WINDOW_DAYS);
    expect(list.map((r) => r.sn)).toEqual([wearing.sn]);
    expect(await batteriesToReplace(db, scopeOf(south), now, REPLACE_WINDOW_DAYS)).toEqual([]);
    // Outside the window: not counted.
    expect(await batteriesToReplaceCount(db, scopeOf(east), now, Math.round((w.predictedAt! - shanghaiDayStart(now)) / DAY_MS) - 1)).toBe(0);

    // Retention: rollup days older than 90 days go with the other rollups.
    await pruneHistory(db, DAY0 + 95 * DAY_MS);
    const left = (await batteryDaysOf(db, [wearing.id, steady.id], 0));
    expect(left.get(steady.id)!.every((d) => d.dayStart >= DAY0 + 5 * DAY_MS)).toBe(true);
    expect(left.get(steady.id)!.length).toBe(16);
  });
});
