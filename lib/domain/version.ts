// Firmware versions compare as semantic versions: numeric segments numerically (2.10.0 > 2.9.0),
// missing trailing segments are zero ("2.3" == "2.3.0" == "2.3.0.0"), a leading "v" is ignored,
// and a pre-release tag sorts before its release (2.3.0-rc1 < 2.3.0, 2.2.7-rc1 < 2.3.0). Build
// metadata after "+" is ignored. Within a tag, digit runs compare as numbers (rc2 < rc10), which
// is how vendors number their candidates. Anything else is unreadable and compares as null.
export const VERSION_PATTERN = /^[vV]?\d+(\.\d+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z.-]+)?$/;

export interface ParsedVersion {
  release: number[];
  /** Dot-separated pre-release identifiers; empty for a release. */
  pre: string[];
}

export type UnreadableReason = "empty" | "format" | "too_large";

// The rules compare the same few versions for every heartbeat; parsing each once keeps ingest fast.
const parsed = new Map<string, ParsedVersion | UnreadableReason>();
const MAX_CACHED = 10_000;

function parseFull(raw: string): ParsedVersion | UnreadableReason {
  const hit = parsed.get(raw);
  if (hit !== undefined) return hit;
  const result = parse(raw);
  if (parsed.size < MAX_CACHED) parsed.set(raw, result);
  return result;
}

function parse(raw: string): ParsedVersion | UnreadableReason {
  const text = raw.trim();
  if (text === "") return "empty";
  if (!VERSION_PATTERN.test(text)) return "format";
  const [core, ...rest] = text.replace(/^[vV]/, "").replace(/\+.*$/, "").split("-");
  const release = core!.split(".").map(Number);
  if (!release.every(Number.isSafeInteger)) return "too_large";
  const tag = rest.join("-");
  return { release, pre: tag === "" ? [] : tag.split(".") };
}

/** Why `raw` cannot be read as a version, or null when it can. */
export function versionProblem(raw: string): UnreadableReason | null {
  const p = parseFull(raw);
  return typeof p === "string" ? p : null;
}

/** The numeric release segments of a readable version (pre-release tag dropped), else null. */
export function parseVersion(raw: string): number[] | null {
  const p = parseFull(raw);
  return typeof p === "string" ? null : p.release;
}

function compareNumbers(x: number, y: number): -1 | 0 | 1 {
  return x === y ? 0 : x < y ? -1 : 1;
}

// Natural order inside one identifier: "rc2" < "rc10", "alpha" < "beta".
function compareIdentifier(a: string, b: string): -1 | 0 | 1 {
  const ca = a.match(/\d+|\D+/g) ?? [];
  const cb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.max(ca.length, cb.length); i++) {
    const x = ca[i];
    const y = cb[i];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) {
      const c = compareNumbers(Number(x), Number(y));
      if (c !== 0) return c;
    } else if (nx !== ny) return nx ? -1 : 1; // numbers before words, as in semver
    else if (x !== y) return x.toLowerCase() < y.toLowerCase() ? -1 : x.toLowerCase() > y.toLowerCase() ? 1 : x < y ? -1 : 1;
  }
  return 0;
}

/** -1, 0 or 1 as a is lower, equal or higher than b; null when either is unreadable. */
export function compareVersions(a: string, b: string): -1 | 0 | 1 | null {
  const pa = parseFull(a);
  const pb = parseFull(b);
  if (typeof pa === "string" || typeof pb === "string") return null;
  const length = Math.max(pa.release.length, pb.release.length);
  for (let i = 0; i < length; i++) {
    const c = compareNumbers(pa.release[i] ?? 0, pb.release[i] ?? 0);
    if (c !== 0) return c;
  }
  // A release outranks any of its pre-releases.
  if (pa.pre.length === 0 || pb.pre.length === 0) return pa.pre.length === pb.pre.length ? 0 : pa.pre.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.max(pa.pre.length, pb.pre.length); i++) {
    const x = pa.pre[i];
    const y = pb.pre[i];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    const c = compareIdentifier(x, y);
    if (c !== 0) return c;
  }
  return 0;
}
