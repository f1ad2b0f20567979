import { beforeAll, describe, expect, it } from "vitest";
import { firmwareAdoption, firmwareByModel } from "@/db/queries/firmware";
import { categoryTrend, rangeStart, RANGE_SPEC, TREND_RANGES } from "@/db/queries/trends";
import { shanghaiDayStart } from "@/lib/domain/time";
import { inScopeRows, NOW, seeded, type Seeded } from "./seeded";

let ctx: Seeded;
beforeAll(async () => {
  ctx = await seeded();
});

describe("categoryTrend", () => {
  it.each(TREND_RANGES)("ends (%s) with the current state of the scope", async (range) => {
    for (const code of ["ROOT", "EAST", "SOUTH"] as const) {
      const scope = ctx.scopeOf(code);
      const rows = await categoryTrend(ctx.db, scope, { range, now: NOW });
      const lastBucket = Math.max(...rows.map((r) => r.bucketStart));
      const latest = Object.fromEntries(rows.filter((r) => r.bucketStart === lastBucket).map((r) => [r.category, r.terminals]));
      const expected: Record<string, number> = {};
      for (const r of inScopeRows(ctx.oracle, scope)) expected[r.category] = (expected[r.category] ?? 0) + 1;
      expect(latest).toEqual(expected);
      const { bucketMs, spanMs } = RANGE_SPEC[range];
      expect(new Set(rows.map((r) => r.bucketStart)).size).toBeLessThanOrEqual(spanMs / bucketMs);
      for (const r of rows) expect(r.bucketStart).toBeGreaterThanOrEqual(rangeStart(range, NOW));
    }
  });

  it("shows each hour of the last day as its snapshot", async () => {
    const rows = await categoryTrend(ctx.db, ctx.scopeOf("ROOT"), { range: "24h", now: NOW });
    const hours = new Set(rows.map((r) => r.bucketStart));
    expect(hours.size).toBe(24);
    for (const h of hours) expect(rows.filter((r) => r.bucketStart === h).reduce((n, r) => n + r.terminals, 0)).toBe(60);
  });
});

describe("firmware", () => {
  it("counts terminals per (firmware, model) with their compliance", async () => {
    for (const code of ["ROOT", "HZ"] as const) {
      const scope = ctx.scopeOf(code);
      const rows = await firmwareByModel(ctx.db, scope);
      const expected: Record<string, number> = {};
      for (const r of inScopeRows(ctx.oracle, scope)) expected[`${r.firmware}/${r.model}`] = (expected[`${r.firmware}/${r.model}`] ?? 0) + 1;
      expect(Object.fromEntries(rows.map((r) => [`${r.firmware}/${r.model}`, r.terminals]))).toEqual(expected);
    }
    const rows = await firmwareByModel(ctx.db, ctx.scopeOf("ROOT"));
    expect(rows.filter((r) => r.firmware === "2.3.5").every((r) => r.compliance === "blocked")).toBe(true);
    expect(rows.filter((r) => r.firmware === "2.2.0").every((r) => r.compliance === "below_min")).toBe(true);
    expect(rows.filter((r) => r.firmware === "2.5.0").every((r) => r.compliance === "ok")).toBe(true);
  });

  it("ends the adoption series with today's fleet and keeps other subtrees out", async () => {
    for (const code of ["ROOT", "EAST", "SOUTH"] as const) {
      const scope = ctx.scopeOf(code);
      const rows = await firmwareAdoption(ctx.db, scope, { now: NOW });
      const today = rows.filter((r) => r.dayStart === shanghaiDayStart(NOW));
      const expected: Record<string, number> = {};
      for (const r of inScopeRows(ctx.oracle, scope)) expected[r.firmware] = (expected[r.firmware] ?? 0) + 1;
      expect(Object.fromEntries(today.map((r) => [r.firmware, r.terminals]))).toEqual(expected);
      expect(new Set(rows.map((r) => r.dayStart)).size).toBeGreaterThanOrEqual(3);
    }
  });
});
