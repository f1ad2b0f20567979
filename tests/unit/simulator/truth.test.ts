// The simulator's ground truth reads heartbeats the way the rules do: one code counted per
// heartbeat (never several codes summed), a burst in one beat once, problems fixed since cleared,
// and a silent terminal judged by its last beats. Checked against diagnose() on the same beats.
import { describe, expect, it } from "vitest";
import type { Category } from "@/lib/domain/enums";
import { defaultPolicy, diagnose, type RuleHeartbeat } from "@/lib/rules";
import { registeredPlace } from "@/lib/rules/findings/relocation";
import { HOUR_MS, MINUTE_MS } from "@/lib/simulator/clock";
import { injectScenario, parseScenarioLine } from "@/lib/simulator/scenarios";
import type { Simulation } from "@/lib/simulator/simulation";
import { groundTruth } from "@/lib/simulator/truth";
import { at, quietSim } from "./helpers";

/**
 * What the rules make of a terminal's simulated beats (the two-hour window plus margin), at `now`,
 * with the registered place ingest gives them: the merchant city's centre.
 */
function diagnosed(sim: Simulation, terminal: number, now: number): Category {
  const beats: RuleHeartbeat[] = sim.beatsOf(terminal, now - 4 * HOUR_MS, now + 1).map(({ due, beat: b }) => ({
    at: due, seq: b.seq, battery: Math.round(b.battery_pct), charging: b.charging, firmware: b.firmware,
    signalDbm: b.signal_dbm, network: b.network, errors: b.errors ?? {}, txnCount: b.txn_count, lat: b.lat ?? null, lon: b.lon ?? null,
  }));
  const city = sim.fleet.merchants[sim.fleet.terminals[terminal]!.merchant]!.city;
  return diagnose(beats, defaultPolicy, now, registeredPlace(city)).category;
}

const LINES = [
  "card-reader count=3", "printer-fault count=2", "ped-tamper count=2", "weak-signal count=3", "sim-suspended count=3",
  "wifi-unstable count=3", "cashier-no-signin count=4 minutes=90", "cashier-swipes-chip count=4", "cashier-no-settlement count=4",
  "merchant-frozen count=1", "location-abnormal count=3", "relocated count=4", "carrier-outage city=上海 minutes=180",
];

describe("ground truth agrees with the rules on the same beats", () => {
  it("for every kind of fault, while it shows, after it is fixed and after a terminal goes silent", () => {
    const sim = quietSim(300, 5);
    const start = at(10);
    const hit = new Set<number>();
    for (const line of LINES) {
      for (const sn of injectScenario(sim, parseScenarioLine(line), start).terminals) hit.add(sim.fleet.terminals.findIndex((t) => t.sn === sn));
    }
    let agree = 0;
    let all = 0;
    const misses: string[] = [];
    // Shops trading (11:00, 14:00), after the 90-minute cashier fault and during the silence (12:00, 13:30).
    for (const when of [at(11), at(12), at(13.5), at(14)]) {
      const truth = groundTruth(sim, when);
      for (const i of hit) {
        const got = diagnosed(sim, i, when);
        all++;
        if (got === truth[i]!.category) agree++;
        else misses.push(`${new Date(when).toISOString()} ${truth[i]!.sn}: truth ${truth[i]!.category} (${truth[i]!.fault}), rules ${got}`);
      }
    }
    expect(all).toBeGreaterThan(100);
    expect(agree / all, misses.join("\n")).toBeGreaterThanOrEqual(0.98);
  });

  it("a cashier who finally signs in is healthy as soon as sales are approved, not two hours later", () => {
    const sim = quietSim(300, 5);
    const i = 7;
    injectScenario(sim, parseScenarioLine(`cashier-no-signin sn=${sim.fleet.terminals[i]!.sn} minutes=60`), at(10));
    expect(groundTruth(sim, at(10.9))[i]!.category).toBe("operation");
    // Find the first beat after the fix with an approved sale: from there the prompt is fixed.
    const firstSale = sim.beatsOf(i, at(11), at(14)).find((d) => d.beat.txn_count > 0)!;
    expect(firstSale).toBeDefined();
    const after = firstSale.due + MINUTE_MS;
    expect(after).toBeLessThan(at(13));
    expect(groundTruth(sim, after)[i]!.category).toBe("healthy");
    expect(diagnosed(sim, i, after)).toBe("healthy");
  });
});

describe("a relocated terminal", () => {
  it("reads as policy/firmware from its positions alone, at the till or at night, and healthy once back home", () => {
    const sim = quietSim(300, 5);
    const hit = injectScenario(sim, parseScenarioLine("relocated count=6 minutes=300"), at(10)).terminals.map((sn) => sim.fleet.terminals.findIndex((t) => t.sn === sn));
    expect(hit).toHaveLength(6);
    let agree = 0;
    let all = 0;
    const misses: string[] = [];
    // 09:50 before it, trading hours during it, after the move ends at 15:00 (16:00, 17:00).
    const expected: [number, Category][] = [[at(9.8), "healthy"], [at(10.5), "policy_firmware"], [at(12), "policy_firmware"], [at(14.5), "policy_firmware"], [at(16), "healthy"], [at(17), "healthy"]];
    for (const [when, want] of expected) {
      const truth = groundTruth(sim, when);
      for (const i of hit) {
        all++;
        const got = diagnosed(sim, i, when);
        expect(truth[i]!.category, `${truth[i]!.sn} truth at ${new Date(when).toISOString()}`).toBe(want);
        if (got === truth[i]!.category) agree++;
        else misses.push(`${new Date(when).toISOString()} ${truth[i]!.sn}: truth ${truth[i]!.category}, rules ${got}`);
      }
    }
    expect(agree / all, misses.join("\n")).toBeGreaterThanOrEqual(0.98);
    // The terminal itself says nothing (no T_LOCATION_ABNORMAL) and keeps selling.
    const during = hit.flatMap((i) => sim.beatsOf(i, at(11), at(14)).map((d) => d.beat));
    expect(during.some((b) => (b.errors?.T_LOCATION_ABNORMAL ?? 0) > 0)).toBe(false);
    expect(during.some((b) => b.txn_count > 0)).toBe(true);
  });
});
