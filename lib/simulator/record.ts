// What the simulator needs to know about the fleet a database holds: the parameters it was built
// from and how far its history reaches. Kept in `settings` so the seed, the backfill and the live
// simulator (which only reads it) agree on the same fleet and the same faults.
import type Database from "better-sqlite3";
import { z } from "zod";
import type { Db } from "@/db/client";
import { buildFleet } from "./fleet";
import { Simulation } from "./simulation";

export const FLEET_RECORD_KEY = "simulator_fleet";

export const fleetRecordSchema = z.object({
  seed: z.number().int(),
  terminals: z.number().int().positive(),
  /** Start of the simulated history, epoch ms: the baseline faults are placed from here on. */
  epoch: z.number().int(),
  days: z.number().positive(),
  faultShare: z.number().min(0).max(1),
  /** End of the history written so far, epoch ms (null: none yet). */
  historyUntil: z.number().int().nullable(),
});
export type FleetRecord = z.infer<typeof fleetRecordSchema>;

export function readFleetRecord(sqlite: Database.Database): FleetRecord | null {
  const row = sqlite.prepare(`SELECT value FROM settings WHERE key = ?`).get(FLEET_RECORD_KEY) as { value: string } | undefined;
  if (!row) return null;
  const parsed = fleetRecordSchema.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : null;
}

export function writeFleetRecord(db: Db, record: FleetRecord, now: number): void {
  db.$client
    .prepare(
      `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    )
    .run(FLEET_RECORD_KEY, JSON.stringify(fleetRecordSchema.parse(record)), now);
}

/** The newest receive time of any stored heartbeat, epoch ms. */
export function latestReceivedAt(db: Db): number | null {
  return (db.$client.prepare(`SELECT max(received_at) AS t FROM heartbeats`).get() as { t: number | null }).t;
}

export function terminalCount(sqlite: Database.Database): number {
  return (sqlite.prepare(`SELECT count(*) AS n FROM terminals`).get() as { n: number }).n;
}

/** The simulation a record describes: the same fleet, faults and rollouts every time. */
export function simulationOf(record: FleetRecord): Simulation {
  return new Simulation(buildFleet(record.seed, record.terminals), {
    epoch: record.epoch,
    plan: { days: record.days, faultShare: record.faultShare },
  });
}
