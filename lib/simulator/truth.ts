// Ground truth: which fault each terminal has at a moment and the category a careful reader of its
// heartbeats would give. A fault counts once its heartbeats can show it: after a few beats, and for
// faults met at the till (a cashier's mistakes, a broken reader) only while the shop trades.
import type { Category } from "@/lib/domain/enums";
import { CATEGORY_PRECEDENCE } from "@/lib/rules/precedence";
import { compareVersions } from "@/lib/rules/version";
import { agingDeathAt, batteryAt } from "./battery";
import { isOpen, MINUTE_MS } from "./clock";
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

/** Faults that show only in readings: gone from the diagnosis as soon as the readings recover. */
const READINGS_ONLY: readonly FaultKind[] = ["weak-signal", "battery-aging"];

/**
 * Whether the heartbeats up to `at` show the fault: it has lasted a few beats, and for faults met
 * at the till the shop traded with it for a while. Codes stay in the rules' window after the fault
 * ends, so a fault fixed less than a window ago still shows.
 */
export function evident(sim: Simulation, f: FaultInstance, at: number): boolean {
  const t = sim.fleet.terminals[f.terminal]!;
  const m = sim.fleet.merchants[t.merchant]!;
  if (f.since > at) return false;
  const ended = f.until !== null && f.until <= at;
  if (f.kind === "battery-aging") {
    if (ended) return false;
    // Only a flat battery shows: low and off the charger, or already dead.
    if (agingDeathAt(sim.seed, t, m, f) <= at) return true;
    const b = batteryAt(sim.seed, t, m, at, f);
    if (b.dead || (!b.charging && b.pct <= 15)) return true;
    // Back on the charger, but the low-battery prompts of the last hours are still in the window.
    let prompts = 0;
    for (let s = at - WINDOW_MS + 5 * MINUTE_MS; s <= at; s += 5 * MINUTE_MS) {
      const r = batteryAt(sim.seed, t, m, s, f);
      if (!r.dead && !r.charging && r.pct <= 10) prompts++;
    }
    return prompts >= 3;
  }
  if (f.kind === "carrier-outage") {
    // Silent from the end of the flaky spell: judged by the codes of that spell while they are in the window.
    const spellEnd = f.since + (f.degradeMin ?? 15) * MINUTE_MS;
    return at - f.since >= 10 * MINUTE_MS && (!ended || spellEnd > at - WINDOW_MS);
  }
  if (READINGS_ONLY.includes(f.kind)) return !ended && at - f.since >= SETTLE_MS;
  const from = Math.max(f.since, at - WINDOW_MS);
  const to = Math.min(f.until ?? at, at);
  if (to - from < SETTLE_MS) return false;
  if (!FAULT_KINDS[f.kind].trading) return true;
  // Met at the till: the shop must have traded with the fault for a while within the window.
  let openMinutes = 0;
  for (let s = from; s <= to; s += 5 * MINUTE_MS) if (isOpen(m, s)) openMinutes += 5;
  return openMinutes >= 20;
}
