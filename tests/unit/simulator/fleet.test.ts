import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "@/lib/demo/accounts";
import { compareVersions } from "@/lib/rules/version";
import { buildFleet, CELL_CARRIERS, MODELS, WIFI_CARRIER } from "@/lib/simulator/fleet";
import { CITIES } from "@/lib/simulator/places";

describe("buildFleet", () => {
  it("is a pure function of (seed, size)", () => {
    expect(buildFleet(42, 500)).toEqual(buildFleet(42, 500));
  });

  it("gives another seed another fleet", () => {
    const a = buildFleet(42, 200);
    const b = buildFleet(43, 200);
    expect(a.terminals.map((t) => t.sn)).not.toEqual(b.terminals.map((t) => t.sn));
    expect(a.merchants.map((m) => m.name)).not.toEqual(b.merchants.map((m) => m.name));
  });

  it("has exactly `size` terminals with unique serial numbers the ingest schema accepts", () => {
    const f = buildFleet(5, 2000);
    expect(f.terminals).toHaveLength(2000);
    expect(new Set(f.terminals.map((t) => t.sn)).size).toBe(2000);
    for (const t of f.terminals) expect(t.sn).toMatch(/^(P8|ME31|A920|N910)\d{8}$/);
  });

  it("builds the agent tree the demo accounts sign in to", () => {
    const f = buildFleet(1, 10);
    const codes = new Set(f.agents.map((a) => a.code));
    for (const acc of DEMO_ACCOUNTS) expect(codes).toContain(acc.agentCode);
    expect(f.agents.filter((a) => a.parent === null)).toHaveLength(1);
    for (const a of f.agents) if (a.parent) expect(codes).toContain(a.parent);
  });

  it("looks like a Chinese agent network: names, phones, addresses, cities", () => {
    const f = buildFleet(9, 2000);
    for (const m of f.merchants) {
      expect(m.name).toMatch(/^[\u4e00-\u9fa5（）0-9号]+$/);
      expect(m.contactName).toMatch(/^[\u4e00-\u9fa5]{2,3}$/);
      expect(m.phone).toMatch(/^1[3-9]\d{9}$/);
      expect(m.address).toContain(m.city);
      expect(CITIES.find((c) => c.name === m.city)?.agent).toBe(m.agentCode);
    }
    expect(new Set(f.merchants.map((m) => m.city)).size).toBe(CITIES.length);
    expect(f.merchants.length).toBeGreaterThan(1000);
    expect(f.merchants.length).toBeLessThan(2000);
  });

  it("mixes models, carriers and firmware like a real fleet", () => {
    const f = buildFleet(3, 2000);
    const share = (p: (t: (typeof f.terminals)[number]) => boolean) => f.terminals.filter(p).length / f.terminals.length;
    for (const model of Object.keys(MODELS)) expect(share((t) => t.model === model)).toBeGreaterThan(0.1);
    for (const c of [...CELL_CARRIERS, WIFI_CARRIER]) expect(share((t) => t.carrier === c)).toBeGreaterThan(0.05);
    // Only terminals with Wi-Fi hardware are on merchant Wi-Fi; only printer-less ones are carried around.
    for (const t of f.terminals) {
      if (t.carrier === WIFI_CARRIER) expect(MODELS[t.model].wifi).toBe(true);
      if (t.usage === "mobile") expect(MODELS[t.model].printer).toBe(false);
    }
    expect(share((t) => compareVersions(t.firmware, "2.3.0") !== -1 && t.firmware !== "2.3.5")).toBeGreaterThan(0.9);
    expect(share((t) => compareVersions(t.firmware, "2.3.0") === -1)).toBeGreaterThan(0.02);
    expect(share((t) => t.firmware === "2.3.5")).toBeGreaterThan(0.005);
    expect(share((t) => t.firmware === "2.3.5")).toBeLessThan(0.03);
  });
});
