// Battery wear prediction against the simulator's ground truth: six weeks of a seeded fleet, some
// of its batteries fading towards failure, written through the real ingest and sweep into a real
// database, day by day. Reports how many days before each battery actually failed the
// "replace within ~N days" finding first stood, and how many sound batteries were ever flagged.
import { describe, expect, it } from "vitest";
import { getPolicy } from "@/db/policy";
import { batteryDaysOf, wearOf } from "@/db/battery";
import { defaultPolicy } from "@/lib/rules/policy";
import { backfill } from "@/lib/simulator/backfill";
import { FADE_DAYS } from "@/lib/simulator/battery";
import { DAY_MS, HOUR_MS, MINUTE_MS, shanghaiDayStart } from "@/lib/simulator/clock";
import { buildFleet } from "@/lib/simulator/fleet";
import { installFleet, rootScope } from "@/lib/simulator/install";
import { Rng } from "@/lib/simulator/random";
import { Simulation } from "@/lib/simulator/simulation";
import { batteryFailures } from "@/lib/simulator/truth";
import type { Finding } from "@/lib/rules/types";
import { freshDb } from "../helpers/db";

const EPOCH = shanghaiDayStart(Date.UTC(2026, 0, 5, 0, 0)); // a Monday, 00:00 Asia/Shanghai
const DAYS = FADE_DAYS + 14;
const fleet = buildFleet(3, 50);

/** Every second mobile terminal gets an aging battery whose fade starts in the first ten days. */
function simulation(): { sim: Simulation; aging: Set<number> } {
  const sim = new Simulation(fleet, { epoch: EPOCH, plan: false });
  const rng = new Rng(0xba7);
  const aging = new Set<number>();
  const mobile = fleet.terminals.filter((t) => t.usage === "mobile");
  mobile.forEach((t, i) => {
    if (i % 2 !== 0) return;
    const m = fleet.merchants[t.merchant]!;
    const fadeFrom = EPOCH + rng.int(0, 10) * DAY_MS;
    sim.addFault({ kind: "battery-aging", terminal: t.index, since: fadeFrom + FADE_DAYS * DAY_MS + m.openHour * HOUR_MS, until: null });
    aging.add(t.index);
  });
  return { sim, aging };
}

describe("battery wear prediction on a simulated fleet", () => {
  it("flags fading batteries at least 7 days before they fail, and leaves sound ones alone", { timeout: 600_000 }, async () => {
    const db = await freshDb();
    const { sim, aging } = simulation();
    await installFleet(db, fleet, EPOCH - 30 * DAY_MS);
    const scope = await rootScope(db, fleet);
    const ids = new Map((await db.all<{ id: number; sn: string }>(`SELECT id, sn FROM terminals`)).map((r) => [r.sn, Number(r.id)]));
    const firstFlag = new Map<string, number>();
    const started = performance.now();

    for (let day = 0; day < DAYS; day++) {
      const from = EPOCH + day * DAY_MS;
      await backfill(db, sim, scope, { from, to: from + DAY_MS, intervalMs: 25 * MINUTE_MS, sweepEveryMs: 2 * HOUR_MS });
      const rows = await db.all<{ sn: string; findings: string }>(
        `SELECT t.sn, f.findings FROM terminal_findings f JOIN terminals t ON t.id = f.terminal_id`,
      );
      for (const r of rows) {
        if (firstFlag.has(r.sn)) continue;
        if ((JSON.parse(r.findings) as Finding[]).some((x) => x.ruleId === "battery.wear")) firstFlag.set(r.sn, from + DAY_MS);
      }
    }

    const failures = batteryFailures(sim);
    expect(failures.length).toBe(aging.size);
    // Counted: batteries that failed inside the history, after at least two weeks of it.
    const judged = failures.filter((f) => f.failsAt < EPOCH + DAYS * DAY_MS && f.failsAt >= EPOCH + 14 * DAY_MS);
    const ahead = judged.map((f) => ({ sn: f.sn, days: firstFlag.has(f.sn) ? (f.failsAt - firstFlag.get(f.sn)!) / DAY_MS : null }));
    const early = ahead.filter((a) => a.days !== null && a.days >= 7).length;
    const healthy = fleet.terminals.filter((t) => !aging.has(t.index));
    const falseFlags = healthy.filter((t) => firstFlag.has(t.sn));

    // The estimate is stored per terminal and the rollup kept per day, on the real tables.
    const wear = await wearOf(db, [...ids.values()]);
    // A sound mobile terminal has a rollup row for every day of the history.
    const sample = ids.get(healthy.find((t) => t.usage === "mobile")!.sn)!;
    const days = (await batteryDaysOf(db, [sample], EPOCH)).get(sample)!;
    console.log(
      `battery wear over ${DAYS} simulated days, ${fleet.size} terminals (${((performance.now() - started) / 1000).toFixed(0)} s): ` +
        `${early} of ${judged.length} failing batteries flagged ≥ 7 days ahead (${((100 * early) / judged.length).toFixed(0)} %); ` +
        `days ahead: ${ahead.map((a) => (a.days === null ? "never" : a.days.toFixed(1))).join(", ")}; ` +
        `${falseFlags.length} of ${healthy.length} sound batteries flagged (${((100 * (healthy.length - falseFlags.length)) / healthy.length).toFixed(0)} % not)`,
    );

    expect(judged.length).toBeGreaterThanOrEqual(8);
    expect(early / judged.length).toBeGreaterThanOrEqual(0.8);
    expect((healthy.length - falseFlags.length) / healthy.length).toBeGreaterThanOrEqual(0.95);
    expect(wear.size).toBeGreaterThan(healthy.length);
    expect(days.length).toBe(DAYS);
    expect(days.every((d) => d.samples > 0 && d.offMs > 0 && d.dropPts > 0)).toBe(true);
    // A flagged battery raised a hardware alert carrying the finding, like any other finding.
    const alerted = await db.all<{ findings: string }>(`SELECT findings FROM alerts WHERE category = 'hardware'`);
    expect(alerted.some((a) => (JSON.parse(a.findings) as Finding[]).some((f) => f.ruleId === "battery.wear"))).toBe(true);
    expect((await getPolicy(db)).batteryWearHorizonDays).toBe(defaultPolicy.batteryWearHorizonDays);
    await db.close();
  });
});
