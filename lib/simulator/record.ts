// What the simulator needs to know about the fleet a database holds: the parameters it was built
// from and how far its history reaches. Kept in `settings` so the seed, the backfill and the live
// simulator (which only reads it) agree on the same fleet and the same faults.
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

const READ_RECORD = `SELECT value FROM settings WHERE key = ?`;
const WRITE_RECORD = `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`;
const LATEST_RECEIVED = `SELECT max(received_at) AS t FROM heartbeats`;
const TERMINAL_COUNT = `SELECT count(*) AS n FROM terminals`;

export async function readFleetRecord(db: Db): Promise<FleetRecord | null> {
  const row = await db.get<{ value: string }>(READ_RECORD, [FLEET_RECORD_KEY]);
  if (!row) return null;
  const parsed = fleetRecordSchema.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : null;
}

export async function writeFleetRecord(db: Db, record: FleetRecord, now: number): Promise<void> {
  await db.run(WRITE_RECORD, [FLEET_RECORD_KEY, JSON.stringify(fleetRecordSchema.parse(record)), now]);
}

/** The newest receive time of any stored heartbeat, epoch ms. */
export async function latestReceivedAt(db: Db): Promise<number | null> {
  const t = (await db.get<{ t: number | null }>(LATEST_RECEIVED))?.t;
  return t === null || t === undefined ? null : Number(t);
}

export async function terminalCount(db: Db): Promise<number> {
  return Number((await db.get<{ n: number }>(TERMINAL_COUNT))!.n);
}

/** The simulation a record describes: the same fleet, faults and rollouts every time. */
export function simulationOf(record: FleetRecord): Simulation {
  return new Simulation(buildFleet(record.seed, record.terminals), {
    epoch: record.epoch,
    plan: { days: record.days, faultShare: record.faultShare },
  });
}
