// Run under `flock /tmp/pfh-build.lock` (see global-setup.ts): builds the app unless a build of
// the current sources exists. A build started elsewhere without the lock makes Next refuse a
// second one; wait for it and check again.
import { ensureBuild } from "./build";

const deadline = Date.now() + 15 * 60_000;
for (;;) {
  try {
    const { built, ms } = ensureBuild(process.cwd());
    console.log(built ? `e2e: built the app in ${Math.round(ms / 1000)} s` : "e2e: reused the build for the current sources");
    break;
  } catch (err) {
    const busy = String((err as { stdout?: Buffer }).stdout ?? "").includes("Another next build");
    if (!busy || Date.now() > deadline) throw err;
    console.log("e2e: another build is running; waiting for it");
    await new Promise((r) => setTimeout(r, 10_000));
  }
}
