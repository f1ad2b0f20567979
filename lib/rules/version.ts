// Firmware versions compare numerically segment by segment: 2.10.0 > 2.9.0 and "2.3" == "2.3.0".
// A leading "v" is tolerated ("v2.3.1" == "2.3.1"); anything else that is not dotted digits is
// unreadable and compares as null, so junk never crashes the rules and never fires a finding.
export const VERSION_PATTERN = /^[vV]?\d+(\.\d+)*$/;

// The rules compare the same few versions for every heartbeat; parsing each once keeps ingest fast.
const parsed = new Map<string, number[] | null>();
const MAX_CACHED = 10_000;

export function parseVersion(raw: string): number[] | null {
  const hit = parsed.get(raw);
  if (hit !== undefined) return hit;
  const result = parse(raw);
  if (parsed.size < MAX_CACHED) parsed.set(raw, result);
  return result;
}

function parse(raw: string): number[] | null {
  const text = raw.trim();
  if (!VERSION_PATTERN.test(text)) return null;
  const parts = text.replace(/^[vV]/, "").split(".").map(Number);
  return parts.every(Number.isSafeInteger) ? parts : null;
}

/** -1, 0 or 1 as a is lower, equal or higher than b; null when either is unreadable. */
export function compareVersions(a: string, b: string): -1 | 0 | 1 | null {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (!pa || !pb) return null;
  const length = Math.max(pa.length, pb.length);
  for (let i = 0; i < length; i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
