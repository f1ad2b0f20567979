import { describe, expect, it } from "vitest";
import { findCity, haversineKm } from "@/lib/geo";
import { registeredPlace, relocation, type PositionBeat } from "@/lib/rules/findings/relocation";

const P = { relocationKm: 30 };
const HZ = registeredPlace("杭州")!;
const MIN = 60_000;
/** A point `km` due north of Hangzhou's centre (1° of latitude ≈ 111.2 km). */
const north = (km: number) => ({ lat: HZ.lat + km / 111.195, lon: HZ.lon });
const beats = (...points: ({ lat: number; lon: number } | null)[]): PositionBeat[] =>
  points.map((p, i) => ({ at: i * 5 * MIN, lat: p?.lat ?? null, lon: p?.lon ?? null }));

describe("registered place", () => {
  it("prefers the import's coordinates, else the city centre, else unknown", () => {
    expect(registeredPlace("杭州", { lat: 30.3, lon: 120.2 })).toEqual({ city: "杭州", lat: 30.3, lon: 120.2, source: "import" });
    expect(registeredPlace("杭州市", { lat: null, lon: null })).toMatchObject({ city: "杭州", source: "city" });
    expect(registeredPlace("乌有")).toBeNull();
  });
});

describe("used away from its registered place", () => {
  it("the test points are where they claim to be", () => {
    expect(haversineKm(HZ, north(30))).toBeCloseTo(30, 1);
  });

  it("three beats strictly beyond the distance flag it; exactly at the distance does not", () => {
    expect(relocation(beats(north(31), north(31), north(31)), HZ, P).kind).toBe("away");
    expect(relocation(beats(north(29.99), north(29.99), north(29.99)), HZ, P).kind).toBe("home");
  });

  it("two away beats are not enough, and a beat at home breaks the run", () => {
    expect(relocation(beats(north(0), north(100), north(100)), HZ, P).kind).toBe("home");
    expect(relocation(beats(north(100), north(100)), HZ, P).kind).toBe("home");
    expect(relocation(beats(north(100), north(100), north(0), north(100), north(100)), HZ, P).kind).toBe("home");
  });

  it("skips beats without a position, and counts a terminal that never reports one", () => {
    expect(relocation(beats(north(100), null, north(100), null, north(100)), HZ, P).kind).toBe("away");
    expect(relocation(beats(null, null, null), HZ, P).kind).toBe("no_position");
    expect(relocation(beats({ lat: 0, lon: 0 }, { lat: 0, lon: 0 }, { lat: 0, lon: 0 }), HZ, P).kind).toBe("no_position");
    expect(relocation(beats(north(100), north(100), north(100)), null, P).kind).toBe("no_place");
  });

  it("says how far, since when and which city it seems to be in, with fix steps in both languages", () => {
    const sh = findCity("上海")!;
    const r = relocation(beats(north(0), sh, sh, sh, sh), HZ, P);
    expect(r.kind).toBe("away");
    if (r.kind !== "away") return;
    expect(r.city.name).toBe("上海");
    expect(r.km).toBeGreaterThan(155);
    expect(r.km).toBeLessThan(175);
    expect(r.since).toBe(5 * MIN);
    expect(r.finding).toMatchObject({ ruleId: "place.relocated", category: "policy_firmware", severity: "warning" });
    expect(r.finding.evidence.values).toMatchObject({ registeredCity: "杭州", nearestCity: "上海", beats: 4, thresholdKm: 30 });
    expect(r.finding.message.zh).toContain("上海附近");
    expect(r.finding.message.en).toContain("near Shanghai");
    expect(r.finding.steps.zh.length).toBe(r.finding.steps.en.length);
    expect(r.finding.steps.en.join(" ")).toMatch(/re-register/);
  });

  it("follows the policy distance", () => {
    expect(relocation(beats(north(20), north(20), north(20)), HZ, { relocationKm: 10 }).kind).toBe("away");
    expect(relocation(beats(north(20), north(20), north(20)), HZ, { relocationKm: 25 }).kind).toBe("home");
  });
});
