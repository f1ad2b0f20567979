// Time units and the Shanghai offset are defined once, in lib/domain/time.ts. A minute, hour or day
// written out as a number elsewhere in the product is a second definition that can drift.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../../..");
const SCANNED_DIRS = ["app", "lib", "db"];
const HOME = "lib/domain/time.ts";

// Files that still spell a unit out and are being reworked elsewhere; each entry goes when its
// file reads lib/domain/time.ts. The test fails when an entry no longer has a match, so the list
// only shrinks.
const PENDING: readonly string[] = [];

// Numbers that match a unit's spelling but are not durations.
const NOT_TIME: readonly { file: string; line: RegExp }[] = [{ file: "db/copy.ts", line: /MAX_PARAMS = 60_000/ }];

const UNIT_SPELLINGS: readonly { name: string; re: RegExp }[] = [
  { name: "a day in ms", re: /(?<![\w.])(?:86_?400_?000|864e5)(?![\w])/ },
  { name: "an hour in ms", re: /(?<![\w.])(?:3_?600_?000|36e5)(?![\w])/ },
  { name: "a minute in ms", re: /(?<![\w.])(?:60_?000|6e4)(?![\w])/ },
  { name: "a product of units", re: /\b(?:24\s*\*\s*)?(?:60\s*\*\s*)?60\s*\*\s*1_?000\b/ },
  { name: "the Shanghai offset", re: /\b8\s*\*\s*(?:HOUR_MS|3_?600_?000|60\s*\*\s*60\s*\*\s*1_?000)\b/ },
];

/** Plain '…' and "…" strings (messages, documentation) are not arithmetic; template literals are kept, SQL lives there. */
function withoutPlainStrings(line: string): string {
  return line.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
}

/** `file:line: text (what)` for every unit spelled out in `text`. */
export function spelledUnits(file: string, text: string): string[] {
  const out: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const trimmed = raw.trim();
    const comment = trimmed.startsWith("//") || trimmed.startsWith("/*") || (/^\*(?:\s|\/|$)/.test(trimmed) && !trimmed.includes("${"));
    if (comment) return;
    if (NOT_TIME.some((n) => n.file === file && n.line.test(raw))) return;
    const line = withoutPlainStrings(raw);
    for (const u of UNIT_SPELLINGS) if (u.re.test(line)) out.push(`${file}:${i + 1}: ${trimmed} (${u.name})`);
  });
  return out;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) {
      if (rel !== "db/migrations") out.push(...sourceFiles(rel));
    } else if (/\.tsx?$/.test(e.name)) out.push(rel);
  }
  return out;
}

describe("time units", () => {
  const found = SCANNED_DIRS.flatMap(sourceFiles)
    .filter((f) => f !== HOME)
    .flatMap((f) => spelledUnits(f, readFileSync(path.join(ROOT, f), "utf8")));
  const fileOf = (hit: string) => hit.slice(0, hit.indexOf(":"));

  it("recognises each spelling and leaves units by name, strings and comments alone", () => {
    expect(spelledUnits("x.ts", "const a = 5 * 60_000;")).toHaveLength(1);
    expect(spelledUnits("x.ts", "const a = 86400000;")).toHaveLength(1);
    expect(spelledUnits("x.ts", "const a = 7 * 24 * 3_600_000;")).toHaveLength(1);
    expect(spelledUnits("x.ts", "const a = 24 * 60 * 60 * 1000;")).toHaveLength(1);
    expect(spelledUnits("x.ts", "const off = 8 * HOUR_MS;")).toHaveLength(1);
    expect(spelledUnits("x.ts", "const sql = `x / 3600000.0`;")).toHaveLength(1);
    expect(spelledUnits("x.ts", "const a = 5 * MINUTE_MS; const b = 600_000; const c = 160_000;")).toEqual([]);
    expect(spelledUnits("x.ts", 'allowed: "an integer 1–3600000", dflt: "60000"')).toEqual([]);
    expect(spelledUnits("x.ts", "// a day is 86_400_000 ms")).toEqual([]);
  });

  it("are written out only in lib/domain/time.ts (and files still pending)", () => {
    expect(found.filter((hit) => !PENDING.includes(fileOf(hit)))).toEqual([]);
  });

  it("lists as pending only files that still spell a unit out", () => {
    const stillPending = new Set(found.map(fileOf));
    expect(PENDING.filter((f) => !stillPending.has(f))).toEqual([]);
  });

  it("keeps the home of the units", () => {
    const home = readFileSync(path.join(ROOT, HOME), "utf8");
    for (const name of ["MINUTE_MS", "HOUR_MS", "DAY_MS", "SHANGHAI_OFFSET_MS", "shanghaiDayStart"]) expect(home).toContain(name);
  });
});
