import { describe, expect, it } from "vitest";
import { CITIES, findCity, haversineKm, isPosition, nearestCity } from "@/lib/geo";

const city = (name: string) => {
  const c = findCity(name);
  if (!c) throw new Error(`${name} is missing from the table`);
  return c;
};
const km = (a: string, b: string) => haversineKm(city(a), city(b));

describe("haversine", () => {
  it("is zero for one point and symmetric", () => {
    expect(haversineKm({ lat: 30, lon: 120 }, { lat: 30, lon: 120 })).toBe(0);
    expect(km("北京", "广州")).toBeCloseTo(km("广州", "北京"), 9);
  });

  it("one degree of latitude is about 111.2 km", () => {
    expect(haversineKm({ lat: 30, lon: 120 }, { lat: 31, lon: 120 })).toBeCloseTo(111.19, 1);
  });

  it("half the equator is π times the radius", () => {
    expect(haversineKm({ lat: 0, lon: 0 }, { lat: 0, lon: 180 })).toBeCloseTo(Math.PI * 6371.0088, 3);
  });

  it("matches known great-circle distances between city centres", () => {
    expect(km("北京", "上海")).toBeGreaterThan(1060);
    expect(km("北京", "上海")).toBeLessThan(1075);
    expect(km("广州", "深圳")).toBeGreaterThan(100);
    expect(km("广州", "深圳")).toBeLessThan(106);
    expect(km("北京", "天津")).toBeGreaterThan(105);
    expect(km("北京", "天津")).toBeLessThan(120);
    expect(km("成都", "重庆")).toBeGreaterThan(255);
    expect(km("成都", "重庆")).toBeLessThan(275);
    expect(km("杭州", "上海")).toBeGreaterThan(155);
    expect(km("杭州", "上海")).toBeLessThan(175);
    expect(km("广州", "佛山")).toBeLessThan(25);
  });
});

describe("positions", () => {
  it("refuses no fix, (0, 0) and out-of-range values", () => {
    expect(isPosition(30.27, 120.15)).toBe(true);
    expect(isPosition(null, 120)).toBe(false);
    expect(isPosition(30, undefined)).toBe(false);
    expect(isPosition(0, 0)).toBe(false);
    expect(isPosition(91, 120)).toBe(false);
    expect(isPosition(30, 181)).toBe(false);
    expect(isPosition(Number.NaN, 120)).toBe(false);
  });
});

describe("the city table", () => {
  it("has every municipality and provincial capital of the mainland, once each", () => {
    const capitals = CITIES.filter((c) => c.capital);
    expect(capitals).toHaveLength(31);
    expect(new Set(capitals.map((c) => c.province)).size).toBe(31);
    expect(new Set(CITIES.map((c) => c.name)).size).toBe(CITIES.length);
    expect(CITIES.length).toBeGreaterThanOrEqual(70);
  });

  it("places every city inside China's extent and no two cities within 15 km", () => {
    for (const c of CITIES) {
      expect(c.lat, c.name).toBeGreaterThan(18);
      expect(c.lat, c.name).toBeLessThan(54);
      expect(c.lon, c.name).toBeGreaterThan(73);
      expect(c.lon, c.name).toBeLessThan(135);
    }
    for (let i = 0; i < CITIES.length; i++)
      for (let j = i + 1; j < CITIES.length; j++) expect(haversineKm(CITIES[i]!, CITIES[j]!), `${CITIES[i]!.name}–${CITIES[j]!.name}`).toBeGreaterThan(15);
  });

  it("finds a city with or without 市, by English name, and not an unknown one", () => {
    expect(findCity("杭州市")?.en).toBe("Hangzhou");
    expect(findCity(" hangzhou ")?.name).toBe("杭州");
    expect(findCity("Xi'an")?.name).toBe("西安");
    expect(findCity("乌有")).toBeUndefined();
    expect(findCity("")).toBeUndefined();
  });

  it("names the nearest city of a position", () => {
    // West Lake, Hangzhou.
    expect(nearestCity({ lat: 30.25, lon: 120.14 }).city.name).toBe("杭州");
    // Pudong airport is about 30 km from the centre of Shanghai.
    const pvg = nearestCity({ lat: 31.1443, lon: 121.8083 });
    expect(pvg.city.name).toBe("上海");
    expect(pvg.km).toBeGreaterThan(25);
    expect(pvg.km).toBeLessThan(40);
  });
});
