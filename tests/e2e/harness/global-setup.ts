// Once per test run, before any browser test: Chromium present, production build current.
// The build runs under the same file lock as other suites that need the built app, so two
// suites never build at once and the second reuses the first one's build.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { ensureChromium } from "./chromium";

export const BUILD_LOCK = "/tmp/pfh-build.lock";

export default function setup(): void {
  ensureChromium();
  const root = process.cwd();
  execFileSync("flock", [BUILD_LOCK, path.join(root, "node_modules/.bin/tsx"), path.join(root, "tests/e2e/harness/build-cli.ts")], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
  });
}
