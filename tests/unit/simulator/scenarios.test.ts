import { describe, expect, it } from "vitest";
import { churn, injectScenario, parseScenarioLine, SCENARIO_NAMES, ScenarioError } from "@/lib/simulator/scenarios";
import { groundTruth } from "@/lib/simulator/truth";
import { at, quietSim } from "./helpers";

describe("parseScenarioLine", () => {
  it("reads a name and key=value options", () => {
    expect(parseScenarioLine("carrier-outage city=杭州 carrier=中国联通 minutes=90")).toEqual({
      name: "carrier-outage", city: "杭州", carrier: "中国联通", minutes: 90,
    });
    expect(parseScenarioLine("  battery-aging count=2 days-ago=9 ")).toEqual({ name: "battery-aging", count: 2, daysAgo: 3 });
    expect(parseScenarioLine("firmware-blocked version=2.3.5 share=0.1")).toEqual({ name: "firmware-blocked", version: "2.3.5", share: 0.1 });
  });

  it.each([
    ["meteor-strike", /unknown scenario "meteor-strike"/],
    ["carrier-outage city=北京", /unknown city "北京"/],
    ["carrier-outage carrier=AT&T", /carrier must be one of/],
    ["ped-tamper count=-1", /count must be a non-negative number/],
    ["firmware-min version=latest", /not a dotted version/],
    ["ped-tamper colour=red", /unknown option "colour"/],
    ["ped-tamper count", /is not key=value/],
  ])("explains what is wrong with %j", (line, message) => {
    expect(() => parseScenarioLine(line)).toThrow(ScenarioError);
    expect(() => parseScenarioLine(line)).toThrow(message);
  });

  it("documents every scenario it accepts", () => {
    for (const name of SCENARIO_NAMES) expect(() => parseScenarioLine(name === "carrier-outage" ? `${name} city=杭州` : name)).not.toThrow();
  });
});

describe("injectScenario", () => {
  it("hits the same terminals for the same injection at the same moment", () => {
    const hit = () => injectScenario(quietSim(), parseScenarioLine("card-reader count=5"), at(10)).terminals;
    expect(hit()).toEqual(hit());
    expect(injectScenario(quietSim(), parseScenarioLine("card-reader count=5"), at(11)).terminals).not.toEqual(hit());
  });

  it("picks terminals that have nothing else wrong, in the city asked for", () => {
    const sim = quietSim(500);
    const first = injectScenario(sim, parseScenarioLine("ped-tamper count=40 city=成都"), at(10)).terminals;
    const second = injectScenario(sim, parseScenarioLine("card-reader count=40 city=成都"), at(10)).terminals;
    expect(first.filter((sn) => second.includes(sn))).toEqual([]);
    for (const sn of [...first, ...second]) {
      const t = sim.fleet.terminals.find((x) => x.sn === sn)!;
      expect(sim.fleet.merchants[t.merchant]!.city).toBe("成都");
    }
  });

  it("records ground truth: the fault, its category and since when", () => {
    const sim = quietSim(300);
    const inj = injectScenario(sim, parseScenarioLine("cashier-no-signin sn=" + sim.fleet.terminals[5]!.sn), at(10));
    expect(inj.terminals).toEqual([sim.fleet.terminals[5]!.sn]);
    const before = groundTruth(sim, at(9.9))[5]!;
    const after = groundTruth(sim, at(12))[5]!;
    expect(before.fault === "cashier-no-signin").toBe(false);
    expect(after).toMatchObject({ category: "operation", fault: "cashier-no-signin", since: at(10) });
  });

  it("refuses what it cannot do with a message a person can act on", () => {
    const sim = quietSim(50);
    expect(() => injectScenario(sim, parseScenarioLine("carrier-outage"), at(10))).toThrow(/needs city=/);
    expect(() => injectScenario(sim, parseScenarioLine("firmware-min"), at(10))).toThrow(/needs version=/);
    expect(() => injectScenario(sim, parseScenarioLine("ped-tamper sn=NOPE"), at(10))).toThrow(/no terminal NOPE/);
  });
});

describe("churn", () => {
  it("starts the asked number of short faults per hour, the same ones for the same seed", () => {
    const run = () => churn(quietSim(400), at(10), at(12), 12).map((i) => [i.name, i.at, i.until, i.terminals]);
    const events = run();
    expect(events).toHaveLength(24);
    expect(run()).toEqual(events);
    for (const [, start, until, terminals] of events) {
      expect(terminals).toHaveLength(1);
      expect((until as number) - (start as number)).toBeGreaterThanOrEqual(30 * 60_000);
    }
    expect(new Set(events.map((e) => e[0])).size).toBeGreaterThan(4);
  });
});
