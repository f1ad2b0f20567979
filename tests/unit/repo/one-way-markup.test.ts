// One way to draw a table and one way to answer a form in app/: a page that writes its own <table>
// or its own form-error line starts a second way, which then drifts (scroll, headers, wording).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../../..");

interface Rule {
  what: string;
  pattern: RegExp;
  /** The modules that own the markup. */
  homes: readonly string[];
  /** Files still to be moved onto the shared module; each entry must still match. */
  pending: readonly string[];
}

const RULES: readonly Rule[] = [
  {
    what: "table markup",
    pattern: /<table[\s>]/,
    homes: ["app/_components/table.tsx", "app/_components/data-table/data-table.tsx"],
    pending: [],
  },
  {
    what: "a form's error line",
    pattern: /"form-error"/,
    homes: ["app/_components/form.tsx"],
    pending: [],
  },
  {
    what: "a form's starting state",
    pattern: /\{\s*status:\s*"idle"\s*\}/,
    homes: ["app/_lib/form-state.ts"],
    pending: [],
  },
  {
    what: "wording a server action's error",
    pattern: /\bdescribeError\(/,
    homes: ["app/_lib/action.ts", "app/_lib/describe-error.ts"],
    pending: [],
  },
];

function appFiles(dir = "app"): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) out.push(...appFiles(rel));
    else if (/\.tsx?$/.test(e.name)) out.push(rel);
  }
  return out;
}

const FILES = appFiles().map((f) => ({ file: f, text: readFileSync(path.join(ROOT, f), "utf8") }));

describe.each(RULES)("$what", (rule) => {
  const holders = FILES.filter((f) => rule.pattern.test(f.text)).map((f) => f.file);

  it("is written only in its shared module", () => {
    expect(holders.filter((f) => !rule.homes.includes(f) && !rule.pending.includes(f))).toEqual([]);
  });

  it("still lives in its shared module (a rule that matches nothing guards nothing)", () => {
    for (const home of rule.homes) expect(holders).toContain(home);
  });

  it("lists as pending only files that still have it", () => {
    expect(rule.pending.filter((f) => !holders.includes(f))).toEqual([]);
  });
});

describe("the server-rendered table", () => {
  const table = readFileSync(path.join(ROOT, "app/_components/table.tsx"), "utf8");

  it("names its scroll region, lets the keyboard reach it and scopes its header cells", () => {
    expect(table).toMatch(/role="region"/);
    expect(table).toMatch(/aria-label=\{label\}/);
    expect(table).toMatch(/tabIndex=\{0\}/);
    expect(table).toMatch(/<th[^>]*scope="col"/);
  });

  it("gives clipped text its full value on hover", () => {
    expect(table).toMatch(/title=\{c\.clip\(r\)\}/);
  });
});
