// Pure data shaping for the charts: rows from db/queries in, the arrays recharts draws out.
// No React, no database: tested in tests/unit/charts.
import { PROBLEM_CATEGORIES, type ProblemCategory } from "@/lib/domain/enums";
import type { AdoptionRow } from "@/db/queries/firmware";
import type { HeartbeatPoint } from "@/db/queries/terminal-detail";
import { RANGE_SPEC, rangeStart, type TrendRange, type TrendRow } from "@/db/queries/trends";
import { compareVersions } from "@/lib/rules/version";

export type CategoryStackPoint = { t: number } & Record<ProblemCategory, number | null>;

/**
 * One point per bucket of the range, oldest first, with the terminals in each problem category.
 * A bucket without a snapshot has nulls (a gap), not zeros: no data is not "no problems".
 */
export function toCategoryStack(rows: readonly TrendRow[], range: TrendRange, now: number): CategoryStackPoint[] {
  const { spanMs, bucketMs } = RANGE_SPEC[range];
  const start = rangeStart(range, now);
  const count = spanMs / bucketMs;
  const byBucket = new Map<number, TrendRow[]>();
  for (const r of rows) byBucket.set(r.bucketStart, [...(byBucket.get(r.bucketStart) ?? []), r]);
  const out: CategoryStackPoint[] = [];
  for (let i = 0; i < count; i++) {
    const t = start + i * bucketMs;
    const inBucket = byBucket.get(t);
    const point = { t } as CategoryStackPoint;
    for (const c of PROBLEM_CATEGORIES) point[c] = inBucket ? (inBucket.find((r) => r.category === c)?.terminals ?? 0) : null;
    out.push(point);
  }
  return out;
}

export interface AdoptionSeries {
  /** Versions, newest first. */
  versions: string[];
  points: ({ t: number } & Record<string, number>)[];
}

/** Terminals per version per day as a wide table, versions newest first, missing days as 0. */
export function toAdoptionSeries(rows: readonly AdoptionRow[]): AdoptionSeries {
  const versions = [...new Set(rows.map((r) => r.firmware))].sort((a, b) => -(compareVersions(a, b) ?? a.localeCompare(b)));
  const days = [...new Set(rows.map((r) => r.dayStart))].sort((a, b) => a - b);
  const points = days.map((t) => {
    const p: { t: number } & Record<string, number> = { t } as never;
    for (const v of versions) p[v] = 0;
    for (const r of rows) if (r.dayStart === t) p[r.firmware] = r.terminals;
    return p;
  });
  return { versions, points };
}

export interface ReadingPoint {
  t: number;
  battery: number;
  signal: number | null;
  charging: boolean;
}

/** Battery and signal of each heartbeat, oldest first (the query returns newest first). */
export function toReadingSeries(beats: readonly HeartbeatPoint[]): ReadingPoint[] {
  return [...beats]
    .sort((a, b) => a.receivedAt - b.receivedAt)
    .map((b) => ({ t: b.receivedAt, battery: b.batteryPct, signal: b.signalDbm, charging: b.charging }));
}

export interface CodeTimeline {
  codes: string[];
  points: ({ t: number } & Record<string, number>)[];
}

/**
 * Error codes per hour bucket (`bucketMs`) from the terminal's beats, codes ordered by total
 * occurrences. Hours without any code are left out: the chart is about when codes occurred.
 */
export function toCodeTimeline(beats: readonly HeartbeatPoint[], bucketMs: number): CodeTimeline {
  const totals = new Map<string, number>();
  const buckets = new Map<number, Record<string, number>>();
  for (const b of beats) {
    const entries = Object.entries(b.errors);
    if (entries.length === 0) continue;
    const t = Math.floor(b.receivedAt / bucketMs) * bucketMs;
    const bucket = buckets.get(t) ?? {};
    for (const [code, n] of entries) {
      bucket[code] = (bucket[code] ?? 0) + n;
      totals.set(code, (totals.get(code) ?? 0) + n);
    }
    buckets.set(t, bucket);
  }
  const codes = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c);
  const points = [...buckets.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([t, counts]) => {
      const p = { t } as { t: number } & Record<string, number>;
      for (const c of codes) p[c] = counts[c] ?? 0;
      return p;
    });
  return { codes, points };
}

/** Share of `part` in `whole` as a fraction 0..1; 0 when the whole is empty. */
export function rate(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

export interface VersionBar {
  firmware: string;
  total: number;
  ok: number;
  below_min: number;
  blocked: number;
}

/** Terminals per firmware version (all models), newest version first, split by compliance. */
export function toVersionBars(rows: readonly { firmware: string; compliance: "ok" | "below_min" | "blocked"; terminals: number }[]): VersionBar[] {
  const map = new Map<string, VersionBar>();
  for (const r of rows) {
    const bar = map.get(r.firmware) ?? { firmware: r.firmware, total: 0, ok: 0, below_min: 0, blocked: 0 };
    bar[r.compliance] += r.terminals;
    bar.total += r.terminals;
    map.set(r.firmware, bar);
  }
  return [...map.values()].sort((a, b) => -(compareVersions(a.firmware, b.firmware) ?? a.firmware.localeCompare(b.firmware)));
}
