// The production server for the HTTP-level auth tests: a build in .next-auth (made under the build
// lock), the real server on 127.0.0.1, a seeded fleet and the demo accounts.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, type Db } from "@/db/client";
import { seedDemoUsers } from "@/lib/auth/users";
import { seedFleet, type SeededFleet } from "@/tests/fixtures/seed-fleet";
import { startChild, type Child } from "@/tests/helpers/child";

export const BUILD_TIMEOUT_MS = 20 * 60_000;

export function buildApp(): void {
  if (!fs.existsSync("/usr/bin/flock")) throw new Error("flock is missing; install util-linux (apt-get install -y util-linux)");
  execFileSync("flock", ["/tmp/pfh-build.lock", path.join(process.cwd(), "node_modules/.bin/tsx"), "tests/integration/helpers/build-once.ts"], {
    cwd: process.cwd(),
    stdio: ["ignore", "inherit", "inherit"],
    timeout: BUILD_TIMEOUT_MS,
  });
}

export interface RunningApp {
  base: string;
  db: Db;
  fleet: SeededFleet;
  stop(): Promise<void>;
}

/** Builds (if needed), seeds a fresh database file and starts `lib/server/main.ts` on 127.0.0.1. */
export async function startServer(extraSeed?: (db: Db) => void | Promise<void>): Promise<RunningApp> {
  buildApp();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pfh-auth-http-"));
  const file = path.join(dir, "fleet.db");
  const seed = openDatabase(file);
  const now = Date.now();
  const fleet = seedFleet(seed, { now });
  await seedDemoUsers(seed, now);
  await extraSeed?.(seed);
  seed.$client.pragma("wal_checkpoint(TRUNCATE)");
  seed.$client.close();
  const server: Child = await startChild(path.join(process.cwd(), "lib/server/main.ts"), {
    NODE_ENV: "production",
    DATABASE_PATH: file,
    NEXT_DIST_DIR: ".next-auth",
    NEXT_TELEMETRY_DISABLED: "1",
  });
  const db = openDatabase(file, { migrate: false });
  return {
    base: `http://127.0.0.1:${server.port}`,
    db,
    fleet,
    async stop() {
      db.$client.close();
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
