// `npm run db:seed [-- --reset] [--terminals N] [--seed N] [--days N] [--no-history]`: the demo
// fleet, its accounts and its history in DATABASE_URL or DATABASE_PATH. An existing demo database is reused.
import { parseArgs } from "node:util";
import { databaseTarget, describeTarget, isPostgresUrl, openDatabase } from "@/db/client";
import { intFlag, numFlag, progressBar, UsageError } from "@/lib/simulator/cli/common";
import { extendHistory } from "@/lib/simulator/history";
import { demoDeskCaller } from "./call-desk";
import { DEMO_ACCOUNTS } from "./accounts";
import { resetDatabaseFile, seedDemo, SeedError } from "./seed";

const HELP = `Usage: npm run db:seed -- [--reset] [--terminals N] [--seed N] [--days N] [--no-history]

Creates the demo fleet (2,000 terminals by default), the demo accounts and 7 days of history
in DATABASE_URL (a postgres:// URL) or DATABASE_PATH (default data/fleet.db). A database that already holds the demo fleet is
reused: nothing is duplicated, and only missing history up to now is added.

  --reset        delete the database first (only a file under data/ is ever deleted)
  --no-history   create the fleet and accounts only
`;

async function main(): Promise<number> {
  const { values: v } = parseArgs({
    options: {
      reset: { type: "boolean" }, terminals: { type: "string" }, seed: { type: "string" }, days: { type: "string" },
      "fault-share": { type: "string" }, "no-history": { type: "boolean" }, help: { type: "boolean", short: "h" },
    },
  });
  if (v.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const target = databaseTarget();
  const file = describeTarget(target);
  if (v.reset && isPostgresUrl(target)) {
    throw new SeedError("--reset deletes a SQLite file only; with DATABASE_URL, drop and recreate the PostgreSQL database yourself, then run this again");
  }
  if (v.reset) {
    const { deleted } = resetDatabaseFile(target);
    console.error(deleted.length ? `deleted ${deleted.join(", ")}` : `no database at ${file} to delete`);
  }
  const db = await openDatabase(target);
  try {
    const now = Date.now();
    const seeded = await seedDemo(db, {
      now,
      seed: intFlag("seed", v.seed),
      terminals: intFlag("terminals", v.terminals, 1),
      days: numFlag("days", v.days, 0.05),
      faultShare: numFlag("fault-share", v["fault-share"]),
    });
    const r = seeded.record;
    console.error(
      seeded.created
        ? `created the demo fleet in ${file}: ${r.terminals} terminals (seed ${r.seed})`
        : `reusing the demo fleet already in ${file}: ${r.terminals} terminals (seed ${r.seed}); --reset rebuilds it`,
    );
    if (seeded.users.created.length) console.error(`created accounts: ${seeded.users.created.join(", ")}`);
    if (!v["no-history"]) {
      const bar = progressBar();
      const { progress } = await extendHistory(db, r, now, { calls: await demoDeskCaller(db), onProgress: (p) => bar(p.fraction, `${p.beats.toLocaleString("en")} heartbeats`) });
      console.error(progress ? `history: ${progress.accepted.toLocaleString("en")} heartbeats up to now` : "history is up to date");
    }
    console.error("sign in with:");
    for (const a of DEMO_ACCOUNTS) console.error(`  ${a.email} / ${a.password}  (${a.role}, agent ${a.agentCode})`);
    return 0;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    if (err instanceof SeedError || err instanceof UsageError || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      console.error((err as Error).message);
      process.exitCode = 2;
      return;
    }
    throw err;
  },
);
