import { describe, expect, it } from "vitest";
import type { HeartbeatPoint } from "@/db/queries/terminal-detail";
import { rangeStart } from "@/db/queries/trends";
import { HOUR_MS } from "@/lib/domain/time";
import { rate, toAdoptionSeries, toCategoryStack, toCodeTimeline, toReadingSeries, toVersionBars } from "@/lib/ui/charts/shape";

const NOW = Date.UTC(2026, 10, 27, 2, 30); // 10:30 Asia/Shanghai

const beat = (at: number, over: Partial<HeartbeatPoint> = {}): HeartbeatPoint => ({
  seq: at, receivedAt: at, batteryPct: 50, charging: false, signalDbm: -80, network: "4G", firmware: "2.4.1", txnCount: 0, errors: {}, ...over,
});

describe("toCategoryStack", () => {
  it("has one point per bucket of the range, oldest first, the last one holding now", () => {
    const points = toCategoryStack([], "24h", NOW);
    expect(points).toHaveLength(24);
    expect(points[0]!.t).toBe(rangeStart("24h", NOW));
    expect(points.at(-1)!.t).toBe(Math.floor(NOW / HOUR_MS) * HOUR_MS);
    expect(toCategoryStack([], "7d", NOW)).toHaveLength(28);
    const days = toCategoryStack([], "30d", NOW);
    expect(days).toHaveLength(30);
    // Daily buckets start at midnight Shanghai (16:00 UTC).
    expect(new Date(days.at(-1)!.t).getUTCHours()).toBe(16);
  });

  it("fills the problem categories of a bucket with data, zero for the missing ones, and leaves empty buckets as gaps", () => {
    const last = Math.floor(NOW / HOUR_MS) * HOUR_MS;
    const points = toCategoryStack(
      [
        { bucketStart: last, category: "network", terminals: 4 },
        { bucketStart: last, category: "healthy", terminals: 50 },
      ],
      "24h",
      NOW,
    );
    expect(points.at(-1)).toEqual({ t: last, hardware: 0, network: 4, operation: 0, policy_firmware: 0 });
    expect(points[0]).toEqual({ t: points[0]!.t, hardware: null, network: null, operation: null, policy_firmware: null });
  });
});

describe("toAdoptionSeries", () => {
  it("makes a wide table per day with versions newest first and missing days as 0", () => {
    const s = toAdoptionSeries([
      { dayStart: 1, firmware: "2.4.1", terminals: 10 },
      { dayStart: 1, firmware: "2.10.0", terminals: 1 },
      { dayStart: 2, firmware: "2.4.1", terminals: 8 },
    ]);
    expect(s.versions).toEqual(["2.10.0", "2.4.1"]);
    expect(s.points).toEqual([
      { t: 1, "2.10.0": 1, "2.4.1": 10 },
      { t: 2, "2.10.0": 0, "2.4.1": 8 },
    ]);
  });

  it("is empty without rows", () => {
    expect(toAdoptionSeries([])).toEqual({ versions: [], points: [] });
  });
});

describe("toVersionBars", () => {
  it("sums models per version by compliance, newest version first", () => {
    const bars = toVersionBars([
      { firmware: "2.3.5", compliance: "blocked", terminals: 2 },
      { firmware: "2.4.1", compliance: "ok", terminals: 3 },
      { firmware: "2.4.1", compliance: "ok", terminals: 4 },
    ]);
    expect(bars).toEqual([
      { firmware: "2.4.1", total: 7, ok: 7, below_min: 0, blocked: 0 },
      { firmware: "2.3.5", total: 2, ok: 0, below_min: 0, blocked: 2 },
    ]);
  });
});

describe("toReadingSeries and toCodeTimeline", () => {
  it("orders readings oldest first and keeps a missing signal as null", () => {
    const series = toReadingSeries([beat(3 * HOUR_MS, { signalDbm: null }), beat(HOUR_MS)]);
    expect(series.map((p) => p.t)).toEqual([HOUR_MS, 3 * HOUR_MS]);
    expect(series[1]!.signal).toBeNull();
  });

  it("sums codes per hour, codes ordered by total, hours without codes left out", () => {
    const tl = toCodeTimeline(
      [
        beat(HOUR_MS + 1, { errors: { "13": 2 } }),
        beat(HOUR_MS + 2, { errors: { "13": 1, T_COMM_FAIL: 1 } }),
        beat(2 * HOUR_MS + 5),
        beat(3 * HOUR_MS, { errors: { T_COMM_FAIL: 1 } }),
      ],
      HOUR_MS,
    );
    expect(tl.codes).toEqual(["13", "T_COMM_FAIL"]);
    expect(tl.points).toEqual([
      { t: HOUR_MS, "13": 3, T_COMM_FAIL: 1 },
      { t: 3 * HOUR_MS, "13": 0, T_COMM_FAIL: 1 },
    ]);
  });

  it("rates a share and never divides by zero", () => {
    expect(rate(1, 4)).toBe(0.25);
    expect(rate(3, 0)).toBe(0);
  });
});
