// The production server for the HTTP-level auth tests: a build in .next-auth (made under the build
// lock), the real server on 127.0.0.1, a seeded fleet and the demo accounts.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { isPostgresUrl, openDatabase, type Db } from "@/db/client";
import { seedDemoUsers } from "@/lib/demo/accounts";
import { seedFleet, type SeededFleet } from "@/tests/fixtures/seed-fleet";
import { startChild, type Child } from "@/tests/helpers/child";
import { dbEnv, freshDb } from "@/tests/helpers/db";

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

/** Builds (if needed), seeds a fresh database and starts `lib/server/main.ts` on 127.0.0.1 (with `env` added). */
export async function startServer(extraSeed?: (db: Db) => void | Promise<void>, env: Record<string, string> = {}): Promise<RunningApp> {
  buildApp();
  const seed = await freshDb();
  const now = Date.now();
  const fleet = await seedFleet(seed, { now });
  await seedDemoUsers(seed, now);
  await extraSeed?.(seed);
  await seed.close(); // SQLite: checkpoints the WAL into the file first
  const server: Child = await startChild(path.join(process.cwd(), "lib/server/main.ts"), {
    NODE_ENV: "production",
    ...dbEnv(seed),
    NEXT_DIST_DIR: ".next-auth",
    NEXT_TELEMETRY_DISABLED: "1",
    ...env,
  });
  const db = await openDatabase(seed.file, { migrate: false });
  return {
    base: `http://127.0.0.1:${server.port}`,
    db,
    fleet,
    async stop() {
      await server.stop();
      await db.close();
      if (!isPostgresUrl(seed.file)) fs.rmSync(path.dirname(seed.file), { recursive: true, force: true });
    },
  };
}
