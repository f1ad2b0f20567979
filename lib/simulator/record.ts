// What the simulator needs to know about the fleet a database holds: the parameters it was built
// from and how far its history reaches. Kept in `settings` so the seed, the backfill and the live
// simulator (which only reads it) agree on the same fleet and the same faults.
import { z } from "zod";
import type { Db } from "@/db/client";
import { registeredTerminalCount } from "@/db/fleet";
import { readSettingValue, writeSetting } from "@/db/settings";
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

export async function readFleetRecord(db: Db): Promise<FleetRecord | null> {
  const stored = await readSettingValue(db, FLEET_RECORD_KEY);
  if (stored === undefined) return null;
  const parsed = fleetRecordSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

export async function writeFleetRecord(db: Db, record: FleetRecord, now: number): Promise<void> {
  await writeSetting(db, FLEET_RECORD_KEY, fleetRecordSchema.parse(record), now);
}

export { latestReceivedAt } from "@/db/fleet";

/** Registered terminals: a seed or backfill checks the store against its record. */
export const terminalCount = registeredTerminalCount;

/** The simulation a record describes: the same fleet, faults and rollouts every time. */
export function simulationOf(record: FleetRecord): Simulation {
  return new Simulation(buildFleet(record.seed, record.terminals), {
    epoch: record.epoch,
    plan: { days: record.days, faultShare: record.faultShare },
  });
}
