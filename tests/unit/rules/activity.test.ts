import { describe, expect, it } from "vitest";
import { DAY_MS } from "@/lib/domain/time";
import { activityOf, activityUrgency, addMonthsShanghai } from "@/lib/rules/activity";
import { defaultPolicy, policySchema } from "@/lib/rules/policy";

const P = { quietDays: 7, dormantDays: 30, neverTradedDays: 15, switchOffMonths: 12 };
// 2026-03-10 12:00 Asia/Shanghai.
const T0 = Date.UTC(2026, 2, 10, 4, 0, 0);
const sold = (daysAgo: number, extraMs = 0) => ({ lastTxnAt: T0 - daysAgo * DAY_MS - extraMs, activatedAt: T0 - 400 * DAY_MS, createdAt: T0 - 500 * DAY_MS });

describe("activity state from the last sale", () => {
  it("active until exactly quietDays, quiet from then", () => {
    expect(activityOf(sold(7, -1), P, T0).state).toBe("active");
    expect(activityOf(sold(7), P, T0).state).toBe("quiet");
    expect(activityOf(sold(0), P, T0).state).toBe("active");
  });

  it("quiet until exactly dormantDays, dormant from then", () => {
    expect(activityOf(sold(30, -1), P, T0).state).toBe("quiet");
    expect(activityOf(sold(30), P, T0).state).toBe("dormant");
    expect(activityOf(sold(300), P, T0).state).toBe("dormant");
  });

  it("counts whole idle days", () => {
    expect(activityOf(sold(23, -1), P, T0).idleDays).toBe(22);
    expect(activityOf(sold(23), P, T0).idleDays).toBe(23);
    // A sale stamped after `now` (clock skew) is not negative idleness.
    expect(activityOf(sold(-1), P, T0).idleDays).toBe(0);
  });

  it("follows the policy's days", () => {
    const strict = { ...P, quietDays: 2, dormantDays: 5 };
    expect(activityOf(sold(3), strict, T0).state).toBe("quiet");
    expect(activityOf(sold(5), strict, T0).state).toBe("dormant");
  });
});

describe("never traded since activation", () => {
  const unsold = (activatedDaysAgo: number, extraMs = 0) => ({ lastTxnAt: null, activatedAt: T0 - activatedDaysAgo * DAY_MS - extraMs, createdAt: T0 - 900 * DAY_MS });

  it("new until exactly neverTradedDays after activation, never-traded from then", () => {
    expect(activityOf(unsold(15, -1), P, T0).state).toBe("new");
    expect(activityOf(unsold(15), P, T0).state).toBe("never_traded");
  });

  it("says how many days since activation", () => {
    const a = activityOf(unsold(23), P, T0);
    expect(a.daysSinceActivation).toBe(23);
    expect(a.idleDays).toBe(23);
  });

  it("uses the registration time when activation is unknown", () => {
    const a = activityOf({ lastTxnAt: null, activatedAt: null, createdAt: T0 - 20 * DAY_MS }, P, T0);
    expect(a.state).toBe("never_traded");
    expect(a.since).toBe(T0 - 20 * DAY_MS);
  });

  it("a sale ends never-traded whatever the activation age", () => {
    expect(activityOf({ lastTxnAt: T0 - DAY_MS, activatedAt: T0 - 100 * DAY_MS, createdAt: T0 - 100 * DAY_MS }, P, T0).state).toBe("active");
  });
});

describe("switch-off countdown: 12 calendar months without a sale", () => {
  it("falls due at the same wall time 12 months after the last sale", () => {
    const last = Date.UTC(2025, 2, 10, 4, 0, 0); // 2025-03-10 12:00 Shanghai
    const before = activityOf({ lastTxnAt: last, activatedAt: null, createdAt: 0 }, P, T0 - 1);
    expect(before.switchOffAt).toBe(T0);
    expect(before.switchOffDue).toBe(false);
    expect(before.switchOffInDays).toBe(1);
    const at = activityOf({ lastTxnAt: last, activatedAt: null, createdAt: 0 }, P, T0);
    expect(at.switchOffDue).toBe(true);
    expect(at.switchOffInDays).toBe(0);
  });

  it("says 41 days when 41 days are left", () => {
    const last = addMonthsShanghai(T0, -12) + 41 * DAY_MS;
    const a = activityOf({ lastTxnAt: last, activatedAt: null, createdAt: 0 }, P, T0);
    expect(a.state).toBe("dormant");
    expect(a.switchOffInDays).toBe(41);
    // One millisecond more idle time is still within the 41st day; a whole day more is 40.
    expect(activityOf({ lastTxnAt: last - 1, activatedAt: null, createdAt: 0 }, P, T0).switchOffInDays).toBe(41);
    expect(activityOf({ lastTxnAt: last - DAY_MS, activatedAt: null, createdAt: 0 }, P, T0).switchOffInDays).toBe(40);
  });

  it("counts from activation for a terminal that never sold", () => {
    const activatedAt = T0 - 100 * DAY_MS;
    const a = activityOf({ lastTxnAt: null, activatedAt, createdAt: 0 }, P, T0);
    expect(a.switchOffAt).toBe(addMonthsShanghai(activatedAt, 12));
    expect(a.switchOffInDays).toBeGreaterThan(0);
  });

  it("has no countdown for an active or new terminal", () => {
    expect(activityOf(sold(1), P, T0).switchOffInDays).toBeNull();
    expect(activityOf({ lastTxnAt: null, activatedAt: T0 - DAY_MS, createdAt: 0 }, P, T0).switchOffInDays).toBeNull();
  });

  it("sorts the nearest switch-off first and active terminals last", () => {
    const near = activityOf(sold(360), P, T0);
    const far = activityOf(sold(40), P, T0);
    const active = activityOf(sold(1), P, T0);
    const order = [active, far, near].sort((a, b) => activityUrgency(a) - activityUrgency(b));
    expect(order).toEqual([near, far, active]);
  });
});

describe("calendar months on the Asia/Shanghai calendar", () => {
  it("keeps the wall time and falls back to the month's last day", () => {
    // 2025-01-31 10:00 Shanghai + 1 month = 2025-02-28 10:00 Shanghai.
    expect(addMonthsShanghai(Date.UTC(2025, 0, 31, 2), 1)).toBe(Date.UTC(2025, 1, 28, 2));
    // 2024-02-29 + 12 months = 2025-02-28.
    expect(addMonthsShanghai(Date.UTC(2024, 1, 29, 2), 12)).toBe(Date.UTC(2025, 1, 28, 2));
    // 2025-12-31 23:30 Shanghai (15:30 UTC) + 12 months is 2026-12-31 23:30 Shanghai, not a UTC date shift.
    expect(addMonthsShanghai(Date.UTC(2025, 11, 31, 15, 30), 12)).toBe(Date.UTC(2026, 11, 31, 15, 30));
    // 2026-01-31 00:30 Shanghai is still 30 January in UTC: + 1 month is 28 February Shanghai.
    expect(addMonthsShanghai(Date.UTC(2026, 0, 30, 16, 30), 1)).toBe(Date.UTC(2026, 1, 27, 16, 30));
  });
});

describe("the activity policy fields", () => {
  it("defaults: quiet 7, dormant 30, never-traded 15 days, switch-off 12 months, 30 km", () => {
    expect(defaultPolicy).toMatchObject({ quietDays: 7, dormantDays: 30, neverTradedDays: 15, switchOffMonths: 12, relocationKm: 30 });
    expect(policySchema.safeParse(defaultPolicy).success).toBe(true);
  });

  it("refuses quiet days not below dormant days, and non-integer or zero days", () => {
    const bad = policySchema.safeParse({ ...defaultPolicy, quietDays: 30, dormantDays: 30 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(["quietDays"]);
    expect(policySchema.safeParse({ ...defaultPolicy, neverTradedDays: 1.5 }).success).toBe(false);
    expect(policySchema.safeParse({ ...defaultPolicy, dormantDays: 0 }).success).toBe(false);
    expect(policySchema.safeParse({ ...defaultPolicy, relocationKm: 0 }).success).toBe(false);
  });
});
