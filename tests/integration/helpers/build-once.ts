// Run under `flock /tmp/pfh-build.lock`: builds the production app into the e2e folder unless a
// build of the current sources is already there (the e2e harness's hash check). A build started
// elsewhere without the lock makes Next refuse a second one; wait for it and check again.
import { ensureBuild } from "@/tests/e2e/harness/build";

const deadline = Date.now() + 15 * 60_000;
for (;;) {
  try {
    const { built, ms } = ensureBuild(process.cwd());
    console.log(built ? `built the app in ${Math.round(ms / 1000)} s` : "reused the build for the current sources");
    break;
  } catch (err) {
    const busy = String((err as { stdout?: Buffer }).stdout ?? "").includes("Another next build");
    if (!busy || Date.now() > deadline) throw err;
    console.log("another build is running; waiting for it");
    await new Promise((r) => setTimeout(r, 15_000));
  }
}
