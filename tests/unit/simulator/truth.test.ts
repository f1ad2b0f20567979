// The simulator's ground truth reads heartbeats the way the rules do: one code counted per
// heartbeat (never several codes summed), a burst in one beat once, problems fixed since cleared,
// and a silent terminal judged by its last beats. Checked against diagnose() on the same beats.
import { describe, expect, it } from "vitest";
import type { Category } from "@/lib/domain/enums";
import { defaultPolicy, diagnose, type RuleHeartbeat } from "@/lib/rules";
import { HOUR_MS, MINUTE_MS } from "@/lib/simulator/clock";
import { injectScenario, parseScenarioLine } from "@/lib/simulator/scenarios";
import type { Simulation } from "@/lib/simulator/simulation";
import { groundTruth } from "@/lib/simulator/truth";
import { at, quietSim } from "./helpers";

/** What the rules make of a terminal's simulated beats (the two-hour window plus margin), at `now`. */
function diagnosed(sim: Simulation, terminal: number, now: number): Category {
  const beats: RuleHeartbeat[] = sim.beatsOf(terminal, now - 4 * HOUR_MS, now + 1).map(({ due, beat: b }) => ({
    at: due, seq: b.seq, battery: Math.round(b.battery_pct), charging: b.charging, firmware: b.firmware,
    signalDbm: b.signal_dbm, network: b.network, errors: b.errors ?? {}, txnCount: b.txn_count,
  }));
  return diagnose(beats, defaultPolicy, now).category;
}

const LINES = [
  "card-reader count=3", "printer-fault count=2", "ped-tamper count=2", "weak-signal count=3", "sim-suspended count=3",
  "wifi-unstable count=3", "cashier-no-signin count=4 minutes=90", "cashier-swipes-chip count=4", "cashier-no-settlement count=4",
  "merchant-frozen count=1", "location-abnormal count=3", "carrier-outage city=上海 minutes=180",
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
