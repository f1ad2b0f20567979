// `npm run backfill -- --days 7 --terminals 2000 [--seed N]`: writes simulated history into the
// database (DATABASE_URL or DATABASE_PATH) through lib/ingest directly (no HTTP), then sweeps at the real now.
import { parseArgs } from "node:util";
import { databaseTarget, describeTarget, openDatabase } from "@/db/client";
import { extendHistory, HISTORY_DEFAULTS } from "../history";
import { installActivityHistory } from "../activity";
import { installBatteryHistory } from "../battery-history";
import { installFleet } from "../install";
import { readFleetRecord, simulationOf, terminalCount, writeFleetRecord } from "../record";
import { intFlag, numFlag, progressBar, resolveFleet, UsageError } from "./common";

const HELP = `Usage: npm run backfill -- [--days 7] [--terminals 2000] [--seed 42] [options]

Writes simulated heartbeat history for the fleet into DATABASE_URL (a postgres:// URL) or
DATABASE_PATH (default data/fleet.db)
through the ingest path, in simulated time, then runs the sweep. An empty database gets the
fleet first (as npm run db:seed would). History continues from where it ends; nothing older
is rewritten.

  --days N                 days of history (default 7, or the database's fleet)
  --terminals N --seed N   the fleet (default: the database's fleet, else 2000 and 42)
  --fault-share X          share of terminals with a fault (default 0.12)
  --interval-min N         heartbeat interval of the older history (default ${HISTORY_DEFAULTS.intervalMin};
                           never more than 85 % of the policy's offline threshold)
  --recent-hours N         hours before now written at the live interval (default ${HISTORY_DEFAULTS.recentHours})
  --recent-interval-min N  interval of those hours (default ${HISTORY_DEFAULTS.recentIntervalMin})
`;

async function main(): Promise<number> {
  const { values: v } = parseArgs({
    options: {
      days: { type: "string" }, terminals: { type: "string" }, seed: { type: "string" }, "fault-share": { type: "string" },
      "interval-min": { type: "string" }, "recent-hours": { type: "string" }, "recent-interval-min": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (v.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const intervalMin = numFlag("interval-min", v["interval-min"], 1);
  const target = databaseTarget();
  const file = describeTarget(target);
  const db = await openDatabase(target);
  try {
    const now = Date.now();
    const existing = await readFleetRecord(db);
    const count = await terminalCount(db);
    const requested = resolveFleet(v, now, existing);
    if (count > 0 && (!existing || existing.seed !== requested.seed || existing.terminals !== requested.terminals)) {
      const have = existing ? `the simulated fleet of seed ${existing.seed} with ${existing.terminals} terminals` : `${count} terminals the simulator did not create`;
      console.error(`${file} already holds ${have}; backfill writes history only for its own fleet.\nRun without --seed/--terminals, or rebuild it: npm run db:seed -- --reset`);
      return 1;
    }
    const record = existing && count > 0 ? existing : requested;
    if (count === 0) {
      const sim = simulationOf(record);
      await installFleet(db, sim.fleet, record.epoch);
      // Dormant terminals' last sales and never-activated terminals' activations precede the history.
      await installActivityHistory(db, sim.fleet, sim.activityProfiles, record.epoch);
      await installBatteryHistory(db, sim, record.epoch); // the weeks of battery record the wear prediction reads
      await writeFleetRecord(db, record, now);
      console.error(`created the fleet: ${record.terminals} terminals (seed ${record.seed}) in ${file}`);
    }
    const bar = progressBar();
    const started = performance.now();
    const { progress } = await extendHistory(db, record, now, {
      days: numFlag("days", v.days, 0.01),
      intervalMin,
      recentHours: numFlag("recent-hours", v["recent-hours"]),
      recentIntervalMin: intFlag("recent-interval-min", v["recent-interval-min"], 1),
      onProgress: (p) => bar(p.fraction, `${p.beats.toLocaleString("en")} heartbeats, to ${new Date(p.simulatedTo).toISOString().slice(0, 16)}Z`),
    });
    if (!progress) {
      console.error("history is already up to date");
      return 0;
    }
    const seconds = (performance.now() - started) / 1000;
    console.error(`wrote ${progress.accepted.toLocaleString("en")} heartbeats (${progress.duplicate} duplicates, ${progress.rejected} rejected) in ${seconds.toFixed(1)} s: ${Math.round(progress.beats / seconds).toLocaleString("en")} heartbeats/s`);
    return progress.rejected > 0 ? 1 : 0;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      console.error(`${(err as Error).message}\nsee: npm run backfill -- --help`);
      process.exitCode = 2;
      return;
    }
    console.error(err);
    process.exitCode = 1;
  },
);
