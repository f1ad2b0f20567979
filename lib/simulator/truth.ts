// Ground truth: which fault each terminal has at a moment and the category a careful reader of its
// heartbeats would give. A fault counts while its heartbeats show it (see `evident`): a fault met
// at the till (a cashier's mistakes, a broken reader) shows only while the shop trades.
import type { Category } from "@/lib/domain/enums";
import { codeCategory } from "@/lib/rules/catalog";
import { defaultPolicy } from "@/lib/rules/policy";
import { CATEGORY_PRECEDENCE } from "@/lib/rules/precedence";
import { compareVersions } from "@/lib/rules/version";
import { agingDeathAt, batteryAt } from "./battery";
import { MINUTE_MS } from "./clock";
import { FAULT_KINDS, type FaultInstance, type FaultKind } from "./faults";
import type { Simulation } from "./simulation";

export type TruthFault = FaultKind | "firmware-blocked" | "firmware-below-min";

export interface Truth {
  sn: string;
  terminal: number;
  category: Category;
  /** The fault behind the category; null when healthy. */
  fault: TruthFault | null;
  /** When that fault started, epoch ms (null: before the simulated history). */
  since: number | null;
}

/** Beats a fault needs before its evidence is there (the weak-signal rule wants three). */
export const SETTLE_MS = 20 * MINUTE_MS;
/** How far back the rules look. */
const WINDOW_MS = 120 * MINUTE_MS;

interface Candidate {
  fault: TruthFault;
  category: Category;
  since: number | null;
  rank: number;
}

// States that stop all trading and outlast everything else (tamper lock, frozen merchant, withdrawn
// firmware) come first; then silence (an offline terminal is judged by how it went silent); then
// the category order the product uses to say which cause explains the rest.
const DEFINITE: readonly TruthFault[] = ["ped-tamper", "merchant-frozen", "firmware-blocked"];

function rank(fault: TruthFault, category: Category, silent: boolean): number {
  if (DEFINITE.includes(fault)) return 0;
  if (silent) return 1;
  return 2 + CATEGORY_PRECEDENCE.indexOf(category as (typeof CATEGORY_PRECEDENCE)[number]);
}

export function groundTruth(sim: Simulation, at: number): Truth[] {
  return sim.fleet.terminals.map((t) => {
    const candidates: Candidate[] = [];
    const fw = sim.firmwareAt(t.index, at);
    if (sim.policy.blockedFirmware.some((b) => compareVersions(fw.version, b) === 0)) {
      candidates.push({ fault: "firmware-blocked", category: "policy_firmware", since: fw.since, rank: rank("firmware-blocked", "policy_firmware", false) });
    } else if (compareVersions(fw.version, sim.policy.minFirmware) === -1) {
      candidates.push({ fault: "firmware-below-min", category: "policy_firmware", since: fw.since, rank: rank("firmware-below-min", "policy_firmware", false) });
    }
    for (const f of sim.faultsOf(t.index)) {
      if (!evident(sim, f, at)) continue;
      const category = FAULT_KINDS[f.kind].category;
      const silent = f.kind === "carrier-outage" || (f.kind === "battery-aging" && batteryAt(sim.seed, t, sim.fleet.merchants[t.merchant]!, at, f).dead);
      candidates.push({ fault: f.kind, category, since: f.since, rank: rank(f.kind, category, silent) });
    }
    candidates.sort((a, b) => a.rank - b.rank);
    const top = candidates[0];
    return top
      ? { sn: t.sn, terminal: t.index, category: top.category, fault: top.fault, since: top.since }
      : { sn: t.sn, terminal: t.index, category: "healthy", fault: null, since: null };
  });
}

/** A careful reader wants three signs of a cause within the window, or one of a severe code. */
const SIGNS_NEEDED = 3;

/**
 * Whether the heartbeats up to `at` show the fault. Faults seen in readings (signal, battery)
 * show while the readings are off; faults seen in codes show while the last two hours of beats
 * carry at least three of their codes (one if severe) — so a fault met at the till shows only
 * while the shop trades, and one fixed less than two hours ago still shows.
 */
export function evident(sim: Simulation, f: FaultInstance, at: number): boolean {
  const t = sim.fleet.terminals[f.terminal]!;
  const m = sim.fleet.merchants[t.merchant]!;
  if (f.since > at) return false;
  const ended = f.until !== null && f.until <= at;
  if (f.kind === "carrier-outage") {
    // Silent from the end of the flaky spell: judged by the codes of that spell while they are in the window.
    const spellEnd = f.since + (f.degradeMin ?? 15) * MINUTE_MS;
    return at - f.since >= 10 * MINUTE_MS && (!ended || spellEnd > at - WINDOW_MS);
  }
  if (f.kind === "weak-signal") return !ended && at - f.since >= SETTLE_MS;
  if (f.kind === "battery-aging" && !ended) {
    // A flat battery shows: low and off the charger, or already dead.
    if (agingDeathAt(sim.seed, t, m, f) <= at) return true;
    const b = batteryAt(sim.seed, t, m, at, f);
    if (b.dead || (!b.charging && b.pct <= 15)) return true;
  }
  if (ended && f.until! <= at - WINDOW_MS) return false;
  const category = FAULT_KINDS[f.kind].category;
  let signs = 0;
  for (const { beat } of sim.beatsOf(f.terminal, at - WINDOW_MS, at)) {
    for (const [code, n] of Object.entries(beat.errors ?? {})) {
      if (codeCategory(code) !== category) continue;
      signs += defaultPolicy.severeCodes.includes(code) ? SIGNS_NEEDED : n;
    }
  }
  return signs >= SIGNS_NEEDED;
}
