// Each fault as it shows in the heartbeats: what a reader of the beats (and the rules) would see.
import { describe, expect, it } from "vitest";
import type { HeartbeatInput } from "@/lib/ingest/schema";
import { compareVersions } from "@/lib/rules/version";
import { DAY_MS, isOpen, localHour, MINUTE_MS } from "@/lib/simulator/clock";
import { CURRENT_FIRMWARE, MODELS, WIFI_CARRIER } from "@/lib/simulator/fleet";
import { cityByName } from "@/lib/simulator/places";
import { injectScenario, parseScenarioLine } from "@/lib/simulator/scenarios";
import { at, code, codesOf, quietSim, withFault } from "./helpers";

/** Every run of 24 beats (the rules' window) that lies wholly in opening hours. */
function openWindows(beats: HeartbeatInput[], open: (t: number) => boolean): HeartbeatInput[][] {
  const out: HeartbeatInput[][] = [];
  for (let i = 0; i + 24 <= beats.length; i++) {
    const w = beats.slice(i, i + 24);
    if (w.every((b) => open(b.ts as number))) out.push(w);
  }
  return out;
}

function merchantOf(sim: ReturnType<typeof quietSim>, sn: string) {
  const t = sim.fleet.terminals.find((x) => x.sn === sn)!;
  return sim.fleet.merchants[t.merchant]!;
}

describe("faults met at the till show at least 3 problem codes in every 2-hour window of trading", () => {
  const cases: [string, string, string[]][] = [
    ["card-reader count=3", "hardware", ["T_CARD_READ_FAIL"]],
    ["printer-fault count=3", "hardware", ["T_PRINTER_FAULT"]],
    ["printer-paper count=3", "hardware", ["T_PRINTER_NO_PAPER"]],
    ["cashier-no-signin count=3", "operation", ["T_NOT_SIGNED_IN"]],
    ["cashier-swipes-chip count=3", "operation", ["T_USE_CHIP", "45"]],
    ["cashier-no-settlement count=3", "operation", ["T_BATCH_NOT_SETTLED"]],
    ["location-abnormal count=3", "policy_firmware", ["T_LOCATION_ABNORMAL"]],
  ];
  it.each(cases)("%s", (line, category, codes) => {
    const { sim, bySn } = withFault(line, at(0), at(0), at(24));
    expect(bySn.size).toBe(3);
    for (const [sn, beats] of bySn) {
      const m = merchantOf(sim, sn);
      const windows = openWindows(beats, (t) => isOpen(m, t));
      expect(windows.length, sn).toBeGreaterThan(50);
      for (const w of windows) expect(codesOf(w, category), sn).toBeGreaterThanOrEqual(3);
      for (const c of codes) expect(code(beats, c), `${sn} ${c}`).toBeGreaterThan(0);
      // Closed shop, no one at the till: no evidence at night. (A beat is stamped up to 20 s after
      // its slot, so one posted just after closing time may still report the last minutes.)
      for (const b of beats) if (!isOpen(m, b.ts as number) && !isOpen(m, (b.ts as number) - 20_000)) expect(codesOf([b], category), sn).toBe(0);
    }
  });

  it("card-reader also reports the reader itself and the forced fallback", () => {
    const { beats } = withFault("card-reader count=3", at(0), at(8), at(22));
    const all = beats.map((b) => b.beat);
    expect(code(all, "T_IC_READER_FAULT")).toBeGreaterThan(3);
    expect(code(all, "T_USE_CHIP")).toBeGreaterThan(0);
  });

  it("printer faults only hit terminals that have a printer", () => {
    const { sim, inj } = withFault("printer-fault count=20", at(0), at(0), at(1));
    for (const sn of inj.terminals) expect(MODELS[sim.fleet.terminals.find((t) => t.sn === sn)!.model].printer).toBe(true);
  });

  it("location-abnormal reports a position in another city", () => {
    const { sim, bySn } = withFault("location-abnormal count=3", at(0), at(10), at(12));
    for (const [sn, beats] of bySn) {
      const home = cityByName(merchantOf(sim, sn).city)!;
      for (const b of beats) expect(Math.hypot(b.lat! - home.lat, b.lon! - home.lon)).toBeGreaterThan(1);
    }
  });
});

describe("faults that show in every beat", () => {
  it("ped-tamper: the tamper lock on each beat, nothing sold", () => {
    const { beats } = withFault("ped-tamper count=2", at(0), at(0), at(24));
    expect(beats.length).toBeGreaterThan(500);
    for (const { beat } of beats) {
      expect(beat.errors?.T_PED_TAMPERED).toBe(1);
      expect(beat.txn_count).toBe(0);
    }
  });

  it("weak-signal: at or below −100 dBm (or no service) on every beat, with timeouts while trading", () => {
    const { beats } = withFault("weak-signal count=3", at(0), at(0), at(24));
    for (const { beat } of beats) {
      if (beat.network === "NONE") expect(beat.signal_dbm).toBeNull();
      else expect(beat.signal_dbm!).toBeLessThanOrEqual(-100);
    }
    expect(code(beats.map((b) => b.beat), "T_CONNECT_TIMEOUT")).toBeGreaterThan(10);
  });

  it("sim-suspended: the suspension prompt on every beat, then no service after half an hour", () => {
    const since = at(10);
    const { beats } = withFault("sim-suspended count=3", since, since, at(14));
    for (const { beat, due } of beats) {
      expect(beat.errors?.T_SIM_SUSPENDED).toBeGreaterThanOrEqual(1);
      if (due - since >= 35 * MINUTE_MS) expect([beat.network, beat.signal_dbm]).toEqual(["NONE", null]);
      if (due - since < 25 * MINUTE_MS) expect(beat.network).toBe("4G");
    }
  });

  it("wifi-unstable: on Wi-Fi, with at least 3 disconnects in every 2-hour window, day and night", () => {
    const { sim, bySn } = withFault("wifi-unstable count=3", at(0), at(0), at(24));
    for (const [sn, beats] of bySn) {
      expect(sim.fleet.terminals.find((t) => t.sn === sn)!.carrier).toBe(WIFI_CARRIER);
      expect(beats.every((b) => b.network === "WIFI")).toBe(true);
      expect(beats.length).toBeLessThan(288); // a few beats are lost while the Wi-Fi is down
      for (const w of openWindows(beats, () => true)) expect(codesOf(w, "network")).toBeGreaterThanOrEqual(3);
    }
  });

  it("merchant-frozen: every terminal of the merchant shows the freeze on every beat, refused sales as 03", () => {
    const sim = quietSim();
    const inj = injectScenario(sim, parseScenarioLine("merchant-frozen count=2"), at(0));
    const merchants = new Set(inj.terminals.map((sn) => merchantOf(sim, sn).index));
    expect(merchants.size).toBe(2);
    expect(inj.terminals.length).toBe(sim.fleet.terminals.filter((t) => merchants.has(t.merchant)).length);
    const beats = sim.beatsDue(at(0.5), at(24)).filter((b) => inj.terminals.includes(b.beat.sn)).map((b) => b.beat);
    for (const b of beats) expect(b.errors?.T_MERCHANT_FROZEN).toBe(1);
    expect(code(beats, "03")).toBeGreaterThan(0);
  });
});

describe("battery-aging", () => {
  it("drains faster each day, then dies for good", () => {
    const { bySn, sim, inj } = withFault("battery-aging count=2 days-ago=0", at(12), at(0), at(24, 5));
    for (const sn of inj.terminals) {
      expect(sim.fleet.terminals.find((t) => t.sn === sn)!.usage).toBe("mobile");
      const beats = bySn.get(sn)!;
      // Hour of the day the battery first reads 15 % or less off the charger, per day since the onset.
      const firstLow = [0, 1, 2, 3].map((d) => {
        const b = beats.find((x) => (x.ts as number) >= at(0, d) && (x.ts as number) < at(24, d) && !x.charging && x.battery_pct <= 15);
        return b ? localHour(b.ts as number) : 24;
      });
      for (let d = 1; d < 4; d++) expect(firstLow[d]!, `${sn} day ${d}`).toBeLessThan(firstLow[d - 1]!);
      expect(firstLow[3]).toBeLessThan(13);
      const last = beats.at(-1)!;
      expect((last.ts as number) < at(24, 3)).toBe(true);
      expect([last.charging, last.battery_pct <= 15]).toEqual([false, true]);
      expect(beats.filter((b) => (b.ts as number) >= at(24, 3))).toHaveLength(0);
      expect(code(beats, "T_BATTERY_LOW")).toBeGreaterThan(3);
    }
  });
});

describe("carrier-outage", () => {
  it("takes one carrier's terminals in one city down at once: a flaky spell, silence, then back", () => {
    const sim = quietSim(600);
    const since = at(14);
    const inj = injectScenario(sim, parseScenarioLine("carrier-outage city=杭州 carrier=中国联通 minutes=120"), since);
    expect(inj.terminals.length).toBeGreaterThan(5);
    for (const sn of inj.terminals) {
      const t = sim.fleet.terminals.find((x) => x.sn === sn)!;
      expect([sim.fleet.merchants[t.merchant]!.city, t.carrier]).toEqual(["杭州", "中国联通"]);
    }
    const hit = new Set(inj.terminals);
    const unaffected = sim.fleet.terminals.filter((t) => sim.fleet.merchants[t.merchant]!.city === "杭州" && !hit.has(t.sn));
    expect(unaffected.length).toBeGreaterThan(0);
    const beats = sim.beatsDue(at(13), at(17));
    for (const sn of inj.terminals) {
      const mine = beats.filter((b) => b.beat.sn === sn);
      const spell = mine.filter((b) => b.due >= since && b.due < since + 15 * MINUTE_MS);
      expect(spell.length).toBeGreaterThanOrEqual(2);
      expect(codesOf(spell.map((b) => b.beat), "network")).toBeGreaterThanOrEqual(3);
      expect(mine.filter((b) => b.due >= since + 15 * MINUTE_MS + 20_000 && b.due < since + 120 * MINUTE_MS)).toHaveLength(0);
      expect(mine.filter((b) => b.due >= since + 125 * MINUTE_MS).length).toBeGreaterThan(5);
    }
    for (const t of unaffected) expect(beats.filter((b) => b.beat.sn === t.sn && b.due > since + 30 * MINUTE_MS && b.due < since + 110 * MINUTE_MS).length).toBeGreaterThan(10);
  });
});

describe("firmware scenarios", () => {
  it("firmware-blocked pushes the withdrawn release to a share of the fleet", () => {
    const sim = quietSim(400);
    const inj = injectScenario(sim, parseScenarioLine("firmware-blocked version=2.3.5 share=0.05"), at(2));
    expect(inj.terminals).toHaveLength(20);
    const later = sim.beatsDue(at(3), at(3.25));
    for (const sn of inj.terminals) expect(later.filter((b) => b.beat.sn === sn).every((b) => b.beat.firmware === "2.3.5")).toBe(true);
    expect(sim.policy.blockedFirmware).toContain("2.3.5");
  });

  it("firmware-min: old terminals are refused until the TMS update lands; some updates keep failing", () => {
    const sim = quietSim(800);
    const since = at(11);
    const inj = injectScenario(sim, parseScenarioLine("firmware-min version=2.4.0"), since);
    expect(sim.policy.minFirmware).toBe("2.4.0");
    const old = sim.fleet.terminals.filter((t) => compareVersions(t.firmware, "2.4.0") === -1);
    expect(inj.terminals.sort()).toEqual(old.map((t) => t.sn).sort());
    const after = sim.beatsDue(at(16), at(16.1));
    const updated = inj.terminals.filter((sn) => after.find((b) => b.beat.sn === sn)?.beat.firmware === CURRENT_FIRMWARE);
    expect(updated.length / inj.terminals.length).toBeGreaterThan(0.6);
    expect(updated.length).toBeLessThan(inj.terminals.length);
    const stuck = inj.terminals.filter((sn) => !updated.includes(sn));
    const day = sim.beatsDue(since, at(16)).filter((b) => stuck.includes(b.beat.sn)).map((b) => b.beat);
    expect(code(day, "T_FW_VERSION_LOW")).toBeGreaterThan(10);
    expect(code(day, "T_TMS_UPDATE_FAIL")).toBeGreaterThan(10);
  });
});

describe("heal", () => {
  it("ends every injected fault: the next beats are clean", () => {
    const sim = quietSim(300);
    const a = injectScenario(sim, parseScenarioLine("ped-tamper count=3"), at(9));
    injectScenario(sim, parseScenarioLine("weak-signal count=3"), at(9));
    const healed = injectScenario(sim, parseScenarioLine("heal"), at(10));
    expect(healed.terminals).toHaveLength(6);
    const after = sim.beatsDue(at(10), at(11)).filter((b) => a.terminals.includes(b.beat.sn));
    for (const { beat } of after) expect(beat.errors?.T_PED_TAMPERED).toBeUndefined();
    expect(sim.activeFaults(sim.fleet.terminals.findIndex((t) => t.sn === a.terminals[0]), at(10) + DAY_MS)).toHaveLength(0);
  });
});
