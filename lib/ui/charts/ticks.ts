// Round axis ticks for counts: 0 and steps of 1, 2 or 5 times a power of ten (0, 100, 200 …),
// never the 85, 170, 255 a chart library picks by dividing the largest value.

/** Ticks from 0 to the first round step at or above `max`, about `target` intervals. */
export function roundTicks(max: number, target = 4): number[] {
  if (!Number.isFinite(max) || max <= 0) return [0, 1];
  const raw = max / target;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power);
  const top = Math.ceil(max / step) * step;
  const out: number[] = [];
  for (let v = 0; v <= top + step / 2; v += step) out.push(Math.round(v));
  return out;
}

/** The largest stacked total of `keys` over the rows: what a stacked value axis has to reach. */
export function stackedMax(rows: readonly Record<string, unknown>[], keys: readonly string[]): number {
  let max = 0;
  for (const r of rows) {
    let sum = 0;
    for (const k of keys) {
      const v = r[k];
      if (typeof v === "number" && Number.isFinite(v)) sum += v;
    }
    if (sum > max) max = sum;
  }
  return max;
}
