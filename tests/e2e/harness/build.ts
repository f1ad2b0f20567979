import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** E2E_DIST_DIR lets a developer keep a second build apart while other suites rebuild theirs. */
export const E2E_DIST_DIR = process.env.E2E_DIST_DIR || ".next-e2e";
const HASH_FILE = "e2e-source-hash";

/** Files that go into the app build: tracked and new (not ignored) files, minus tests and docs. */
function sourceFiles(root: string): string[] {
  const out = execFileSync("git", ["ls-files", "-co", "--exclude-standard"], { cwd: root, encoding: "utf8" });
  return out
    .split("\n")
    .filter((f) => f && !f.startsWith("tests/") && !f.startsWith("docs/") && !f.endsWith(".md") && fs.existsSync(path.join(root, f)))
    .sort();
}

export function sourceHash(root: string): string {
  const h = createHash("sha256");
  for (const f of sourceFiles(root)) {
    h.update(f);
    h.update(fs.readFileSync(path.join(root, f)));
  }
  return h.digest("hex");
}

/**
 * Builds the production app into .next-e2e once per source state: the hash of the sources is
 * stored beside the build, and a build for the same hash is reused.
 */
export function ensureBuild(root: string): { built: boolean; ms: number } {
  const started = Date.now();
  const dist = path.join(root, E2E_DIST_DIR);
  const hash = sourceHash(root);
  const stamp = path.join(dist, HASH_FILE);
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === hash && fs.existsSync(path.join(dist, "BUILD_ID"))) {
    return { built: false, ms: Date.now() - started };
  }
  // next build rewrites tsconfig.json to include its dist folder's types; keep the committed file.
  const tsconfig = path.join(root, "tsconfig.json");
  const saved = fs.readFileSync(tsconfig);
  try {
    execFileSync(path.join(root, "node_modules/.bin/next"), ["build"], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, NODE_ENV: "production", NEXT_DIST_DIR: E2E_DIST_DIR, NEXT_SKIP_TYPECHECK: "1", NEXT_TELEMETRY_DISABLED: "1" },
      maxBuffer: 64 * 1024 * 1024,
    });
  } finally {
    fs.writeFileSync(tsconfig, saved);
  }
  fs.writeFileSync(stamp, hash);
  return { built: true, ms: Date.now() - started };
}
