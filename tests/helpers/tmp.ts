// Temporary directories of one test file, removed after the file's last test (tests/helpers/setup.ts
// registers the hook), so runs of the suite do not fill the machine's temp directory.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const made: string[] = [];

/** A new empty directory under the OS temp dir, named `<prefix>-XXXXXX`, removed when the file's tests end. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  made.push(dir);
  return dir;
}

/** Removes every directory tempDir made so far (what a test still holds open is gone with it). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}
