import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./", import.meta.url)) } },
  test: {
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 180_000,
    pool: "forks",
    // Removes the temp directories a test file made (tests/helpers/tmp.ts) after its last test.
    setupFiles: ["tests/helpers/setup.ts"],
    projects: [
      { extends: true, test: { name: "node", include: ["tests/**/*.test.ts"], exclude: ["tests/e2e/**", "tests/pg/**", "**/node_modules/**"] } },
      // Browser tests: one production build per run (globalSetup), one file at a time. A failed
      // browser test runs once more (the report marks it retried): on a loaded machine a page can
      // miss a beat; one that fails twice fails the run.
      { extends: true, test: { name: "e2e", include: ["tests/e2e/**/*.test.ts"], globalSetup: ["tests/e2e/harness/global-setup.ts"], fileParallelism: false, testTimeout: 60_000, retry: 1 } },
    ],
  },
});
