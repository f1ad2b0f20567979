import { describe, expect, it } from "vitest";
import { roundTicks, stackedMax } from "@/lib/ui/charts/ticks";

describe("round axis ticks", () => {
  it("steps by 1, 2 or 5 times a power of ten from 0 past the largest value", () => {
    expect(roundTicks(255)).toEqual([0, 100, 200, 300]);
    expect(roundTicks(340)).toEqual([0, 100, 200, 300, 400]);
    expect(roundTicks(91)).toEqual([0, 50, 100]);
    expect(roundTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(roundTicks(1)).toEqual([0, 1]);
    expect(roundTicks(100_000)).toEqual([0, 50_000, 100_000]);
  });

  it("never steps by a fraction of a terminal, and an empty chart still has an axis", () => {
    expect(roundTicks(3)).toEqual([0, 1, 2, 3]);
    expect(roundTicks(0)).toEqual([0, 1]);
    expect(roundTicks(Number.NaN)).toEqual([0, 1]);
  });

  it("every tick is round and the last one covers the maximum", () => {
    for (const max of [13, 85, 170, 255, 999, 1234, 56_789]) {
      const ticks = roundTicks(max);
      const step = ticks[1]! - ticks[0]!;
      expect(String(step), String(max)).toMatch(/^(1|2|5)0*$/);
      expect(ticks.at(-1)!).toBeGreaterThanOrEqual(max);
      expect(ticks.at(-2)!).toBeLessThan(max);
    }
  });

  it("a stacked axis reaches the largest sum of the stacked series, ignoring gaps", () => {
    expect(stackedMax([{ a: 3, b: 4 }, { a: 10, b: null }, { a: 1, b: 1, c: 100 }], ["a", "b"])).toBe(10);
    expect(stackedMax([], ["a"])).toBe(0);
  });
});
