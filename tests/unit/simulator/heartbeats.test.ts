import { describe, expect, it } from "vitest";
import { heartbeatSchema } from "@/lib/ingest/schema";
import { defaultPolicy } from "@/lib/rules/policy";
import { HOURLY_SHAPE, localHour, MINUTE_MS } from "@/lib/simulator/clock";
import { buildFleet } from "@/lib/simulator/fleet";
import { Simulation } from "@/lib/simulator/simulation";
import { at, codesOf, groupBySn, quietSim } from "./helpers";

const planned = (seed: number, size = 300) => new Simulation(buildFleet(seed, size), { epoch: at(0, -7), plan: { days: 7, faultShare: 0.3 } });

describe("heartbeats", () => {
  it("are the same for the same seed and differ for another", () => {
    const first = (seed: number) => planned(seed).beatsDue(at(10), at(11)).slice(0, 200);
    expect(first(42)).toEqual(first(42));
    expect(first(42).map((b) => b.beat)).not.toEqual(first(43).map((b) => b.beat));
  });

  it("do not depend on how time is sliced: one beat alone equals the same beat from a long run", () => {
    const sim = planned(8);
    const whole = sim.beatsDue(at(9), at(12));
    const sliced = [];
    for (let t = at(9); t < at(12); t += 7 * MINUTE_MS) sliced.push(...sim.beatsDue(t, Math.min(at(12), t + 7 * MINUTE_MS)));
    expect(sliced).toEqual(whole);
    // The live simulator restarted mid-day continues the same sequence numbers.
    const seqs = groupBySn(whole);
    for (const beats of seqs.values()) for (let i = 1; i < beats.length; i++) expect(beats[i]!.seq).toBeGreaterThan(beats[i - 1]!.seq);
  });

  it("post every 5 minutes per terminal, staggered so some terminal posts every few seconds", () => {
    const sim = quietSim(2000);
    const beats = sim.beatsDue(at(10), at(10.5));
    const per = groupBySn(beats);
    expect(per.size).toBe(2000);
    // Six slots in half an hour; the jitter of up to 20 s can move one across the edge.
    for (const list of per.values()) expect(Math.abs(list.length - 6)).toBeLessThanOrEqual(1);
    const dues = beats.map((b) => b.due);
    let longestGap = 0;
    for (let i = 1; i < dues.length; i++) longestGap = Math.max(longestGap, dues[i]! - dues[i - 1]!);
    expect(longestGap).toBeLessThan(5_000);
  });

  it("validate against the ingest schema, faults included, over a whole day", () => {
    const sim = planned(21, 400);
    const beats = sim.beatsDue(at(0), at(24));
    expect(beats.length).toBeGreaterThan(400 * 200);
    for (const b of beats) {
      const r = heartbeatSchema.safeParse(b.beat);
      if (!r.success) throw new Error(`${JSON.stringify(b.beat)}: ${r.error.message}`);
    }
  });

  it("of healthy terminals stay below every threshold of the rules", () => {
    const sim = quietSim(1000, 4);
    const p = defaultPolicy;
    const healthy = sim.fleet.terminals.filter((t) => t.firmware !== "2.3.5" && t.firmware >= "2.3.0" && !sim.fleet.merchants[t.merchant]!.basement);
    const ok = new Set(healthy.map((t) => t.sn));
    const per = groupBySn(sim.beatsDue(at(0), at(24)).filter((b) => ok.has(b.beat.sn)));
    for (const [sn, beats] of per) {
      expect(Math.abs(beats.length - 288), sn).toBeLessThanOrEqual(1);
      for (let i = 0; i < beats.length; i++) {
        const b = beats[i]!;
        expect(b.signal_dbm, sn).toBeGreaterThan(p.weakSignalDbm);
        if (!b.charging) expect(b.battery_pct, sn).toBeGreaterThan(p.lowBatteryPct);
        // Falling beat after beat on the charger is the charger-fault rule; a healthy battery at
        // most wobbles by a point as it is plugged in.
        if (i > 1 && b.charging && beats[i - 1]!.charging) {
          expect(b.battery_pct < beats[i - 1]!.battery_pct && beats[i - 1]!.battery_pct < beats[i - 2]!.battery_pct, sn).toBe(false);
        }
      }
      for (let i = 0; i + 24 <= beats.length; i++) {
        const window = beats.slice(i, i + 24);
        for (const c of ["hardware", "network", "operation", "policy_firmware"]) expect(codesOf(window, c), `${sn} ${c}`).toBeLessThan(p.codeThreshold);
      }
    }
  });

  it("carry cardholder declines (51, 55, …) on busy healthy terminals", () => {
    const beats = quietSim(500, 6).beatsDue(at(11), at(14)).map((b) => b.beat);
    const codes = new Set(beats.flatMap((b) => Object.keys(b.errors ?? {})));
    for (const c of ["51", "55"]) expect(codes).toContain(c);
    expect(codesOf(beats, "cardholder")).toBeGreaterThan(50);
  });

  it("follow the day: quiet at night, busy at lunch and in the evening (Asia/Shanghai)", () => {
    const byHour = new Array<number>(24).fill(0);
    for (const b of quietSim(2000, 12).beatsDue(at(0), at(24))) byHour[Math.floor(localHour(b.due))]! += b.beat.txn_count;
    const day = byHour.reduce((s, n) => s + n, 0);
    expect(day).toBeGreaterThan(50_000);
    const night = byHour[2]! + byHour[3]! + byHour[4]!;
    expect(night).toBeLessThan(0.02 * day);
    expect(byHour[12]!).toBeGreaterThan(1.3 * byHour[15]!);
    expect(byHour[19]!).toBeGreaterThan(1.3 * byHour[15]!);
    expect(byHour[12]!).toBeGreaterThan(5 * byHour[6]!);
    expect(Math.max(...byHour)).toBe(Math.max(byHour[12]!, byHour[18]!, byHour[19]!, byHour[11]!));
    expect(HOURLY_SHAPE).toHaveLength(24);
  });
});
