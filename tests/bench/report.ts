// What a bench run reports: figure rows (printed as they come, each beside the same run's
// baseline in its note) and target rows (measure, result, target, met or not), so the table
// appended to RESULTS.md says for every target of the run whether it was met.
export interface Target {
  measure: string;
  result: string;
  target: string;
  /** null: measured, but not comparable (for example the run was too small). */
  met: boolean | null;
}

export interface Reporter {
  rows: [string, string, string][];
  targets: Target[];
  row(name: string, value: string, note?: string): void;
  target(measure: string, result: string, target: string, met: boolean | null): void;
}

export function reporter(): Reporter {
  const r: Reporter = {
    rows: [],
    targets: [],
    row(name, value, note = "") {
      r.rows.push([name, value, note]);
      console.log(`${name.padEnd(52)} ${value.padStart(16)}  ${note}`);
    },
    target(measure, result, target, met) {
      r.targets.push({ measure, result, target, met });
      console.log(`target: ${measure}: ${result} (target ${target}) ${met === null ? "not comparable" : met ? "MET" : "NOT MET"}`);
    },
  };
  return r;
}

export const metText = (met: boolean | null) => (met === null ? "not comparable" : met ? "met" : "**not met**");

/** p50 and p95 of samples (ms). */
export function quantiles(samples: number[]): { p50: number; p95: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
  return { p50: q(0.5), p95: q(0.95), max: s[s.length - 1] ?? 0 };
}
