import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// The committed migrations are what every store is built from, so they must describe the schema
// modules exactly: a column added to db/schema*.ts without `npm run db:generate` would pass the
// type checker and fail at the first query. drizzle-kit diffs the schema against the latest
// snapshot; it runs here against a copy of each migrations folder so a real difference shows up
// as a new file in the copy (and the error names it) instead of in the working tree.

const ROOT = path.resolve(__dirname, "../../..");
const scratch = mkdtempSync(path.join(tmpdir(), "pfh-migrations-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const SETS = [
  { name: "sqlite", dialect: "sqlite", schema: "./db/schema*.ts", folder: "db/migrations/sqlite" },
  { name: "pg", dialect: "postgresql", schema: "./db/pg/schema*.ts", folder: "db/migrations/pg" },
] as const;

describe("committed migrations match the schema modules", () => {
  for (const set of SETS) {
    it(`${set.name}: drizzle-kit finds nothing to generate`, () => {
      const out = path.join(scratch, set.name);
      cpSync(path.join(ROOT, set.folder), out, { recursive: true });
      const before = readdirSync(out).sort();
      const bin = path.join(ROOT, "node_modules", ".bin", "drizzle-kit");
      const run = spawnSync(bin, ["generate", "--dialect", set.dialect, "--schema", set.schema, "--out", path.relative(ROOT, out)], {
        cwd: ROOT,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
      const printed = `${run.stdout}${run.stderr}`;
      expect(run.status, printed).toBe(0);
      const added = readdirSync(out).filter((f) => !before.includes(f));
      expect(added, `schema and ${set.folder} differ; run \`npm run db:generate\` and commit the result.\n${printed}`).toEqual([]);
      expect(printed).toContain("No schema changes");
    }, 60_000);
  }
});
