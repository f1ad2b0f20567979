// Run under `flock /tmp/pfh-build.lock`: builds the production app into .next-auth unless a build
// of the current sources is already there. Its own folder, so browser-test builds started elsewhere
// never swap the files under a server these tests are running.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { sourceHash } from "@/tests/e2e/harness/build";

export const AUTH_DIST_DIR = ".next-auth";

const root = process.cwd();
const dist = path.join(root, AUTH_DIST_DIR);
const stamp = path.join(dist, "auth-source-hash");
const hash = sourceHash(root);
if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === hash && fs.existsSync(path.join(dist, "BUILD_ID"))) {
  console.log("reused the build for the current sources");
} else {
  const started = Date.now();
  // next build rewrites tsconfig.json to include its dist folder's types; keep the committed file.
  const tsconfig = path.join(root, "tsconfig.json");
  const saved = fs.readFileSync(tsconfig);
  try {
    execFileSync(path.join(root, "node_modules/.bin/next"), ["build"], {
      cwd: root,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, NODE_ENV: "production", NEXT_DIST_DIR: AUTH_DIST_DIR, NEXT_TELEMETRY_DISABLED: "1" },
    });
  } finally {
    fs.writeFileSync(tsconfig, saved);
  }
  fs.writeFileSync(stamp, hash);
  console.log(`built the app in ${Math.round((Date.now() - started) / 1000)} s`);
}
