// `npm run test:pg`: the integration suite and a browser smoke test against PostgreSQL 15.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./", import.meta.url)) } },
  test: {
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 240_000,
    pool: "forks",
    // Removes the temp directories a test file made (tests/helpers/tmp.ts) after its last test.
    setupFiles: ["tests/helpers/setup.ts"],
    globalSetup: ["tests/pg/global-setup.ts"],
    projects: [
      { extends: true, test: { name: "pg", include: ["tests/integration/**/*.test.ts", "tests/pg/**/*.test.ts"] } },
      { extends: true, test: { name: "pg-e2e", include: ["tests/e2e/smoke.test.ts"], globalSetup: ["tests/e2e/harness/global-setup.ts"], fileParallelism: false, retry: 1 } },
    ],
  },
});
