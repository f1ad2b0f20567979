import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// A fresh clone with nothing beside it must build and test: no source file may point at a path
// outside the repository (a sibling folder, an absolute machine path, or enough ".." to climb out).

const ROOT = path.resolve(__dirname, "../../..");
const SCANNED_DIRS = ["app", "db", "lib", "tests", "scripts", ".ci"];
const ROOT_FILE = /\.(?:[cm]?[jt]sx?|json)$/;
// By name anywhere; by path from the root (the local database folder, generated migrations).
const SKIPPED = new Set(["node_modules", "test-results", ".git"]);
const SKIPPED_PATHS = new Set(["data", "db/migrations"]);
const SOURCE_FILE = /\.(?:[cm]?[jt]sx?|json|jsonl|ya?ml|sh|sql|csv)$|^[^.]+$/;

interface OutsideReference {
  line: number;
  text: string;
  reason: string;
}

// Folders that only exist beside the repository on some machines.
const ABSOLUTE = /(?:^|[\s"'`(=:,])(\/(?:work|home|Users|mnt|srv|opt)\/[\w.-]+)/;
const SIBLING = /(?:\.\.\/)+shared\b/;
const RELATIVE = /(?:\.\.\/)+(?:\.\.(?![\w.]))?/g;
const UP_SEGMENT = /(?<![\w.])\.\.(?![\w.])/g;
const RESOLVE_CALL = /\b(?:path\.)?(?:resolve|join)\s*\(([^)]*)\)/g;

/** How many folders below the repository root `file` (relative, "/"-separated) sits. */
function depthOf(file: string): number {
  return file.split("/").length - 1;
}

/** Every reference in `text` (the content of `file`, relative to the root) that leaves the root. */
function findOutsideReferences(file: string, text: string): OutsideReference[] {
  const found: OutsideReference[] = [];
  const depth = depthOf(file);
  text.split(/\r?\n/).forEach((line, index) => {
    const add = (reason: string) => found.push({ line: index + 1, text: line.trim(), reason });
    const absolute = ABSOLUTE.exec(line);
    if (absolute) return add(`absolute path ${absolute[1]}`);
    if (SIBLING.test(line)) return add("reference to a folder beside the repository");
    for (const match of line.matchAll(RELATIVE)) {
      const ups = (match[0].match(UP_SEGMENT) ?? []).length;
      if (ups > depth) return add(`"${match[0]}" climbs ${ups} folders from ${depth} deep`);
    }
    for (const call of line.matchAll(RESOLVE_CALL)) {
      const ups = (call[1]!.match(UP_SEGMENT) ?? []).length;
      if (ups > depth) return add(`${call[0]} climbs ${ups} folders from ${depth} deep`);
    }
  });
  return found;
}

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(path.join(ROOT, dir))) {
    const rel = dir === "" ? name : `${dir}/${name}`;
    if (SKIPPED.has(name) || name.startsWith(".next") || SKIPPED_PATHS.has(rel)) continue;
    const stat = statSync(path.join(ROOT, rel));
    if (stat.isDirectory()) walk(rel, out);
    else if (SOURCE_FILE.test(name)) out.push(rel);
  }
}

function sourceFiles(): string[] {
  const files: string[] = [];
  for (const dir of SCANNED_DIRS) {
    try {
      if (statSync(path.join(ROOT, dir)).isDirectory()) walk(dir, files);
    } catch {
      // A folder the project does not have (yet) has nothing to scan.
    }
  }
  // Config files at the root: package.json, tsconfig.json, vitest/next/eslint/drizzle configs.
  for (const name of readdirSync(ROOT)) {
    if (ROOT_FILE.test(name) && statSync(path.join(ROOT, name)).isFile() && name !== "package-lock.json") files.push(name);
  }
  return files;
}

describe("the repository is self-contained", () => {
  it("the check catches references that leave the repository", () => {
    // Built from pieces so that this file itself passes the scan.
    const up = (n: number) => "../".repeat(n);
    const root = "/" + "work";
    const sample = [
      `const a = path.resolve("${up(1)}shared/scenarios/examples.jsonl");`,
      `const b = resolve(here, "${up(3)}shared/domain/response_codes.csv");`,
      `readFileSync("${root}/shared/domain/seed-article-zh.txt")`,
      `import x from "${up(4)}elsewhere/x";`,
      `const c = path.resolve(__dirname, ${Array(4).fill('".."').join(", ")});`,
      `import ok from "${up(2)}lib/rules";`,
      'const d = path.resolve(__dirname, "..", "..");',
      `const e = path.resolve(__dirname, "${up(3)}..");`,
      "// the window ends at now",
    ].join("\n");
    const hits = findOutsideReferences("tests/unit/rules/x.test.ts", sample);
    expect(hits.map((h) => h.line)).toEqual([1, 2, 3, 4, 5, 8]);
    // At the root no ".." is allowed at all; one folder down, one is.
    expect(findOutsideReferences("vitest.config.ts", `resolve("${up(1)}x")`)).toHaveLength(1);
    expect(findOutsideReferences("lib/a.ts", `import b from "${up(1)}b";`)).toEqual([]);
  });

  it("scans a meaningful set of files", () => {
    const files = sourceFiles();
    expect(files).toContain("lib/rules/build-catalog.ts");
    expect(files).toContain("tests/unit/rules/catalog.test.ts");
    expect(files).toContain("package.json");
    expect(files.some((f) => f.startsWith(".ci/"))).toBe(true);
  });

  it("no source file refers to a path outside the repository root", () => {
    const problems: string[] = [];
    for (const file of sourceFiles()) {
      const text = readFileSync(path.join(ROOT, file), "utf8");
      for (const hit of findOutsideReferences(file, text)) problems.push(`${file}:${hit.line}: ${hit.reason}: ${hit.text}`);
    }
    expect(problems, problems.join("\n")).toEqual([]);
  });
});
