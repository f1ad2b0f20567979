// docs/architecture.md is the map of the code: this keeps its folder list and the tree in step.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const DOC = fs.readFileSync(path.resolve("docs/architecture.md"), "utf8");

/** The folders the map's tree names, as "lib/rules", "db/queries", ... */
export function mappedFolders(doc: string): Set<string> {
  const section = doc.split("## Folders and what each may import")[1] ?? "";
  const block = section.split("```")[1] ?? "";
  const out = new Set<string>();
  let top = "";
  for (const line of block.split("\n")) {
    const topMatch = /^([a-z]+)\/\s/.exec(line);
    if (topMatch) {
      top = topMatch[1]!;
      out.add(top);
      continue;
    }
    const sub = /^ {2}([a-z0-9-]+)\/\s/.exec(line);
    if (sub && top) out.add(`${top}/${sub[1]}`);
  }
  return out;
}

const dirs = (root: string) =>
  fs.readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `${root}/${d.name}`);

describe("docs/architecture.md", () => {
  const mapped = mappedFolders(DOC);

  it("reads a tree (a map without folders would pass everything)", () => {
    expect(mappedFolders("## Folders and what each may import\n```\nlib/   x\n  rules/  y\n```\n")).toEqual(new Set(["lib", "lib/rules"]));
    expect(mapped.size).toBeGreaterThan(15);
  });

  it("names only folders that exist", () => {
    const missing = [...mapped].filter((f) => !fs.existsSync(path.resolve(f)));
    expect(missing).toEqual([]);
  });

  it("names every folder of lib/ and db/", () => {
    const unnamed = [...dirs("lib"), ...dirs("db")].filter((d) => !mapped.has(d));
    expect(unnamed).toEqual([]);
  });

  it("states the import direction the lint rule enforces", () => {
    expect(DOC).toContain("app → lib → db → lib/domain");
    const lint = fs.readFileSync(path.resolve("eslint.config.js"), "utf8");
    expect(lint).toContain('files: ["db/**/*.ts"]');
    expect(lint).toContain('files: ["lib/domain/**/*.ts"]');
  });
});

/** Lines that hold an SQL statement (or a raw SQLite call) in a string or template. */
export function sqlLines(source: string): string[] {
  const statement = /[`"']\s*(SELECT\s|INSERT\s+INTO\s|DELETE\s+FROM\s|UPDATE\s+\w+\s+SET\s|WITH\s+\w+\s+AS\s*\(|CREATE\s|DROP\s|ALTER\s)|\.(prepare|pragma)\(\s*[`"']/;
  return source.split("\n").filter((l) => statement.test(l));
}

function sourceFiles(root: string): string[] {
  return fs.readdirSync(root, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && /\.tsx?$/.test(d.name))
    .map((d) => path.join(d.parentPath, d.name));
}

describe("SQL lives in db/", () => {
  it("recognises a statement (a check that finds nothing would pass everything)", () => {
    expect(sqlLines("const q = `SELECT id FROM agents`;\nconst k = \"pfh.queue.selected\";\ndb.prepare(`x`)\nawait tx.run(\"DELETE FROM a\")")).toHaveLength(3);
  });

  it("has none in lib/ or app/", () => {
    const found = [...sourceFiles("lib"), ...sourceFiles("app")].flatMap((f) => sqlLines(fs.readFileSync(f, "utf8")).map((l) => `${f}: ${l.trim()}`));
    expect(found).toEqual([]);
  });
});
