// The demo's seed and history on PostgreSQL: `DATABASE_URL=postgres://... npm run db:seed --
// --terminals 50 --days 1` (the same seedDemo and extendHistory `npm run demo` runs first) builds
// a fleet the product reads, and a second run reuses it without duplicating anything.
import { execFile } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres, type PgDb } from "@/db/client";
import { fleetSummary } from "@/db/queries/overview";
import { systemScope } from "@/lib/auth/scope";
import { DEMO_ACCOUNTS } from "@/lib/demo/accounts";
import { createTestPgDatabase, startTestCluster, type TestCluster } from "@/tests/helpers/pg";

let cluster: TestCluster | undefined;
let url = "";
let db: PgDb;

function seedCli(): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      "node_modules/.bin/tsx",
      ["lib/demo/seed-cli.ts", "--terminals", "50", "--days", "1"],
      { timeout: 240_000, env: { ...process.env, DATABASE_URL: url, DATABASE_PATH: "" } },
      (err, _stdout, stderr) => resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) || 1 : 0, stderr }),
    );
  });
}

const n = async (sql: string) => Number((await db.get<{ n: number }>(sql))!.n);

beforeAll(async () => {
  const base = process.env.PFH_TEST_PG_URL ?? (cluster = await startTestCluster()).url;
  url = await createTestPgDatabase(base);
  db = openPostgres(url, 2);
}, 240_000);

afterAll(async () => {
  await db?.close();
  await cluster?.stop();
});

describe("demo seed on PostgreSQL", () => {
  it("seeds the fleet, accounts and a day of history, then reuses them", async () => {
    const first = await seedCli();
    expect(first.stderr).toContain("created the demo fleet");
    expect(first.code).toBe(0);
    expect(await n(`SELECT count(*) AS n FROM terminals`)).toBe(50);
    const emails = (await db.all<{ email: string }>(`SELECT email FROM users ORDER BY email`)).map((r) => r.email);
    expect(emails).toEqual(DEMO_ACCOUNTS.map((a) => a.email).sort());
    const beats = await n(`SELECT count(*) AS n FROM heartbeats`);
    expect(beats).toBeGreaterThan(50 * 24); // at least one beat an hour per terminal over the day
    const summary = await fleetSummary(db, await systemScope(db));
    expect(summary.total + summary.neverReported).toBe(50);
    expect(summary.total).toBeGreaterThan(40);

    const second = await seedCli();
    expect(second.code).toBe(0);
    expect(second.stderr).toContain("reusing the demo fleet");
    expect(await n(`SELECT count(*) AS n FROM terminals`)).toBe(50);
    expect(await n(`SELECT count(*) AS n FROM users`)).toBe(DEMO_ACCOUNTS.length);
    // Only the minutes that passed between the runs can add beats: at most two per terminal.
    const after = await n(`SELECT count(*) AS n FROM heartbeats`);
    expect(after).toBeGreaterThanOrEqual(beats);
    expect(after - beats).toBeLessThanOrEqual(100);
  }, 480_000);
});
