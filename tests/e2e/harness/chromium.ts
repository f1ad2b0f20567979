import { execFileSync } from "node:child_process";
import fs from "node:fs";

export const CHROMIUM = "/usr/bin/chromium";
const INSTALL = "apt-get update && apt-get install -y chromium fonts-noto-cjk";

/**
 * Debian's Chromium (Playwright cannot download its own browser here). Installed on the spot
 * when we are root with apt-get; otherwise the error names the one command to run.
 */
export function ensureChromium(): string {
  if (fs.existsSync(CHROMIUM) && hasCjkFont()) return CHROMIUM;
  const root = process.getuid?.() === 0;
  const apt = fs.existsSync("/usr/bin/apt-get");
  if (!root || !apt) throw new Error(`Chromium and CJK fonts are needed for the browser tests; install them with:\n  sudo ${INSTALL}`);
  execFileSync("sh", ["-c", `${INSTALL} >/dev/null`], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  if (!fs.existsSync(CHROMIUM)) throw new Error(`installing Chromium failed; run: ${INSTALL}`);
  return CHROMIUM;
}

function hasCjkFont(): boolean {
  return fs.existsSync("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc");
}
