// The demo fleet: ~2,000 simulated terminals under the ROOT → region → city agent tree, their
// sign-in accounts and, on request, their history. Reuses a database that already holds it.
import fs from "node:fs";
import path from "node:path";
import type { Db } from "@/db/client";
import { seedDemoUsers } from "@/lib/demo/accounts";
import { DAY_MS } from "@/lib/simulator/clock";
import { installActivityHistory } from "@/lib/simulator/activity";
import { installBatteryHistory } from "@/lib/simulator/battery-history";
import { installFleet } from "@/lib/simulator/install";
import { readFleetRecord, simulationOf, terminalCount, writeFleetRecord, type FleetRecord } from "@/lib/simulator/record";

export const DEMO_SEED = 42;
export const DEMO_TERMINALS = 2000;
export const DEMO_DAYS = 7;
export const DEMO_FAULT_SHARE = 0.12;

export class SeedError extends Error {}

export interface SeedOptions {
  now: number;
  seed?: number;
  terminals?: number;
  days?: number;
  faultShare?: number;
}

export interface SeedResult {
  record: FleetRecord;
  /** False when the database already held the fleet and was reused as it is. */
  created: boolean;
  users: { created: string[]; existing: string[] };
}

export async function seedDemo(db: Db, o: SeedOptions): Promise<SeedResult> {
  const count = await terminalCount(db);
  const existing = await readFleetRecord(db);
  let record: FleetRecord;
  let created = false;
  if (count > 0) {
    if (!existing) {
      throw new SeedError(
        `the database already holds ${count} terminals that the demo did not create; ` +
          "start from a fresh database with --reset (only files under data/ are ever deleted) or point DATABASE_PATH (or DATABASE_URL) elsewhere",
      );
    }
    record = existing;
  } else {
    const days = o.days ?? DEMO_DAYS;
    record = {
      seed: o.seed ?? DEMO_SEED,
      terminals: o.terminals ?? DEMO_TERMINALS,
      epoch: o.now - days * DAY_MS,
      days,
      faultShare: o.faultShare ?? DEMO_FAULT_SHARE,
      historyUntil: null,
    };
    const sim = simulationOf(record);
    await installFleet(db, sim.fleet, record.epoch);
    // Dormant terminals' last sales and never-activated terminals' activations precede the history.
    await installActivityHistory(db, sim.fleet, sim.activityProfiles, record.epoch);
    await installBatteryHistory(db, sim, record.epoch); // the weeks of battery record the wear prediction reads
    await writeFleetRecord(db, record, o.now);
    created = true;
  }
  const users = await seedDemoUsers(db, o.now);
  return { record, created, users };
}

/**
 * Deletes the database file (and its WAL and shared-memory files) — only when it lies inside the
 * project's data/ directory; anything else is refused, so a mistyped DATABASE_PATH cannot wipe a
 * database that matters.
 */
export function resetDatabaseFile(file: string, projectDir = process.cwd()): { deleted: string[] } {
  if (file === ":memory:") return { deleted: [] };
  const dataDir = path.resolve(projectDir, "data");
  const target = path.resolve(file);
  const realDir = fs.existsSync(path.dirname(target)) ? fs.realpathSync(path.dirname(target)) : path.dirname(target);
  const realData = fs.existsSync(dataDir) ? fs.realpathSync(dataDir) : dataDir;
  const rel = path.relative(realData, path.join(realDir, path.basename(target)));
  if (!rel || rel.startsWith("..") || path.isAbsolute(rel)) {
    throw new SeedError(
      `refusing to delete ${target}: --reset only deletes a database under ${dataDir}/. ` +
        "Delete it yourself if you really mean it, or set DATABASE_PATH to a file under data/",
    );
  }
  const deleted: string[] = [];
  for (const f of [target, `${target}-wal`, `${target}-shm`]) {
    if (fs.existsSync(f)) {
      fs.rmSync(f);
      deleted.push(f);
    }
  }
  return { deleted };
}
