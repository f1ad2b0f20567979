// Terminals that stop selling or never start: the activity side of the simulated fleet. A
// `dormant` terminal stays online and healthy but sells nothing after `stoppedAt`; a
// `never-activated` terminal was activated at `activatedAt` and has never sold. The baseline puts
// a few of each in every planned fleet with their clocks already running when the history
// starts (a dormant terminal's last sale lies weeks or months before it), so the seed writes that
// earlier sale into the sales rollups (installActivityHistory) exactly as ingest would have.
import { seedSalesHistory } from "@/db/activity";
import type { Db } from "@/db/client";
import { DAY_MS, HOUR_MS, MINUTE_MS, shanghaiDayStart } from "./clock";
import type { Fleet } from "./fleet";
import { mix, Rng } from "./random";

export type ActivityProfile =
  | { kind: "dormant"; stoppedAt: number; /** the last sale's transactions (before the history: written by the seed) */ lastTxns: number }
  | { kind: "never-activated"; activatedAt: number };

export interface ActivityShares {
  /** Share of the fleet that stopped selling 5 weeks to 11 months before the history starts. */
  dormant: number;
  /** Share activated without a sale since: two in three well before the history, the rest during it. */
  neverActivated: number;
}

export const DEFAULT_ACTIVITY_SHARES: ActivityShares = { dormant: 0.02, neverActivated: 0.01 };

/**
 * The fleet's activity profiles: terminals drawn from those `free` allows (no fault of their
 * own), by the seed, so the same fleet always has the same dormant and never-activated terminals.
 */
export function activityPlan(fleet: Fleet, epoch: number, days: number, free: (index: number) => boolean, shares: ActivityShares): Map<number, ActivityProfile> {
  const rng = new Rng(mix(fleet.seed, fleet.size, 0xd0a7));
  const pool = rng.shuffle(fleet.terminals.filter((t) => free(t.index)));
  const dormant = Math.round(fleet.size * shares.dormant);
  const never = Math.round(fleet.size * shares.neverActivated);
  const out = new Map<number, ActivityProfile>();
  for (const t of pool.slice(0, dormant)) {
    const m = fleet.merchants[t.merchant]!;
    // The last sale: in opening hours of a day 35–330 days before the history.
    const day = shanghaiDayStart(epoch) - rng.int(35, 330) * DAY_MS;
    const stoppedAt = day + Math.min(23, m.openHour + rng.int(1, 4)) * HOUR_MS + rng.int(0, 59) * MINUTE_MS;
    out.set(t.index, { kind: "dormant", stoppedAt, lastTxns: rng.int(1, 3) });
  }
  for (const t of pool.slice(dormant, dormant + never)) {
    const activatedAt = rng.chance(2 / 3)
      ? epoch - rng.int(20, 120) * DAY_MS - rng.int(0, 23) * HOUR_MS
      : epoch + Math.round(rng.range(0, Math.max(0, days - 0.5)) * DAY_MS / MINUTE_MS) * MINUTE_MS;
    out.set(t.index, { kind: "never-activated", activatedAt });
  }
  return out;
}

/** Whether the terminal's merchant still rings sales up on it at `at`. */
export function sellsAt(profile: ActivityProfile | undefined, at: number): boolean {
  if (!profile) return true;
  return profile.kind === "dormant" ? at < profile.stoppedAt : false;
}

/** What the seed writes for the profiles: activation times, and the last sale of dormant terminals that lies before `from`. */
export function activityHistoryRows(fleet: Fleet, profiles: ReadonlyMap<number, ActivityProfile>, from: number): { sn: string; activatedAt?: number; lastSaleAt?: number; txns?: number }[] {
  const rows: { sn: string; activatedAt?: number; lastSaleAt?: number; txns?: number }[] = [];
  for (const [index, p] of profiles) {
    const sn = fleet.terminals[index]!.sn;
    if (p.kind === "never-activated") rows.push({ sn, activatedAt: p.activatedAt });
    else if (p.stoppedAt < from) rows.push({ sn, lastSaleAt: p.stoppedAt, txns: p.lastTxns });
  }
  return rows;
}

/**
 * Writes the activity the history cannot show: the activation of never-activated terminals and
 * the last sale of dormant ones that stopped before `from`, through the same rollups ingest
 * keeps. One transaction; run it once, after installFleet, before the history.
 */
export async function installActivityHistory(db: Db, fleet: Fleet, profiles: ReadonlyMap<number, ActivityProfile>, from: number): Promise<number> {
  const rows = activityHistoryRows(fleet, profiles, from);
  if (rows.length === 0) return 0;
  await db.transaction((tx) => seedSalesHistory(tx, rows));
  return rows.length;
}

/** The span and intervals a history was written with (lib/simulator/backfill.ts's options). */
export interface HistorySpan {
  from: number;
  to: number;
  intervalMs: number;
  recentIntervalMs?: number;
  recentMs?: number;
  /** When installFleet registered the fleet (the activation times of ordinary terminals count back from it). */
  createdAt: number;
}

export type TruthActivityState = "active" | "quiet" | "dormant" | "new" | "never_traded";

export interface ActivityTruth {
  sn: string;
  terminal: number;
  state: TruthActivityState;
  /** The last beat that carried a sale (its posting time), or the seeded last sale before the history. */
  lastSaleAt: number | null;
  activatedAt: number;
  profile: ActivityProfile["kind"] | null;
}

/** How long the clocks run before each state, in days (the policy's quietDays, dormantDays, neverTradedDays). */
export interface ActivityDays {
  quietDays: number;
  dormantDays: number;
  neverTradedDays: number;
}

const SCAN_MS = 6 * HOUR_MS;

/**
 * What a careful reader of the simulated history would say about each terminal's sales at `at`:
 * its last sale, read back from the beats the backfill posted (at the intervals it used), else
 * the last sale the seed wrote, else none; and the state those clocks give under `days`.
 */
export function activityTruth(sim: import("./simulation").Simulation, at: number, days: ActivityDays, span: HistorySpan, activationOf: (index: number) => number): ActivityTruth[] {
  const recentFrom = Math.max(span.from, span.to - (span.recentMs ?? 0));
  const segments = [
    { from: recentFrom, to: span.to, interval: span.recentIntervalMs ?? span.intervalMs },
    { from: span.from, to: recentFrom, interval: span.intervalMs },
  ].filter((s) => s.to > s.from);
  return sim.fleet.terminals.map((t) => {
    const profile = sim.activityProfiles.get(t.index);
    let lastSaleAt: number | null = null;
    search: for (const seg of segments) {
      for (let b = Math.min(seg.to, at); b > seg.from; b -= SCAN_MS) {
        const beats = sim.beatsOf(t.index, Math.max(seg.from, b - SCAN_MS), b, seg.interval);
        const sold = beats.filter((d) => d.beat.txn_count > 0).at(-1);
        if (sold) {
          lastSaleAt = sold.due;
          break search;
        }
      }
    }
    if (lastSaleAt === null && profile?.kind === "dormant" && profile.stoppedAt < span.from) lastSaleAt = profile.stoppedAt;
    const activatedAt = profile?.kind === "never-activated" ? profile.activatedAt : activationOf(t.index);
    let state: TruthActivityState;
    if (lastSaleAt === null) state = at - activatedAt >= days.neverTradedDays * DAY_MS ? "never_traded" : "new";
    else if (at - lastSaleAt >= days.dormantDays * DAY_MS) state = "dormant";
    else if (at - lastSaleAt >= days.quietDays * DAY_MS) state = "quiet";
    else state = "active";
    return { sn: t.sn, terminal: t.index, state, lastSaleAt, activatedAt, profile: profile?.kind ?? null };
  });
}
