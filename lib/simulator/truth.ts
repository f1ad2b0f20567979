// Ground truth: which fault each terminal has at a moment and the category a careful reader of its
// heartbeats would give. A fault counts while its heartbeats show it (see `evident`): a fault met
// at the till (a cashier's mistakes, a broken reader) shows only while the shop trades.
import type { Category } from "@/lib/domain/enums";
import { findCity, haversineKm, isPosition } from "@/lib/geo";
import { codeCategory } from "@/lib/rules/catalog";
import { defaultPolicy } from "@/lib/rules/policy";
import { CATEGORY_PRECEDENCE } from "@/lib/rules/precedence";
import { compareVersions } from "@/lib/rules/version";
import { agingDeathAt, agingFailsAt, batteryAt, fadeStart } from "./battery";
import { MINUTE_MS } from "./clock";
import { FAULT_KINDS, type FaultInstance, type FaultKind } from "./faults";
import type { DueBeat, Simulation } from "./simulation";

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
      const category = evidentAs(sim, f, at);
      if (category === null) continue;
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

/** A careful reader wants one code in three heartbeats of the window, or one sighting of a severe code. */
const SIGNS_NEEDED = 3;
/** At or below this a reading is weak (the rules' default). */
const WEAK_DBM = defaultPolicy.weakSignalDbm;
// Codes a working sign-in clears: approved sales need a signed-in terminal with valid keys.
const SIGN_IN_CODES = new Set(["T_NOT_SIGNED_IN", "T_SIGNIN_FAIL", "T_MASTER_KEY_MISSING", "77", "A0", "99"]);
/** Clean beats (good signal, no link failure, approved sales) that show the link works again. */
const LINK_CLEAN_BEATS = 3;

type Beat = DueBeat["beat"];

const weak = (b: Beat) => b.network === "NONE" || b.signal_dbm === null || b.signal_dbm <= WEAK_DBM;
const linkFailure = (b: Beat) => Object.keys(b.errors ?? {}).some((c) => codeCategory(c) === "network" && c !== "T_SIGNIN_FAIL");
const approved = (b: Beat) => b.txn_count > 0;

/**
 * Whether a code's heartbeats still read as a problem: it was fixed since when a later beat shows
 * the cure (approved sales after a sign-in prompt; clean trading beats after a link failure).
 */
function fixedSince(code: string, after: readonly Beat[]): boolean {
  if (SIGN_IN_CODES.has(code) && after.some(approved)) return true;
  return codeCategory(code) === "network" && after.length >= LINK_CLEAN_BEATS && after.every((b) => !weak(b) && !linkFailure(b) && approved(b));
}

/**
 * Whether the beats show `category` through their codes: one code (never several summed) in at
 * least three heartbeats, a burst inside one beat counting once, or a severe code once; codes
 * fixed since do not count.
 */
function codesShow(beats: readonly Beat[], category: Category): boolean {
  const seen = new Map<string, number[]>();
  beats.forEach((b, i) => {
    for (const [code, n] of Object.entries(b.errors ?? {})) {
      if (n <= 0 || codeCategory(code) !== category) continue;
      const at = seen.get(code);
      if (at) at.push(i);
      else seen.set(code, [i]);
    }
  });
  for (const [code, at] of seen) {
    if (defaultPolicy.severeCodes.includes(code)) return true;
    if (at.length >= SIGNS_NEEDED && !fixedSince(code, beats.slice(at.at(-1)! + 1))) return true;
  }
  return false;
}

/**
 * Whether a terminal that went silent shows its link as the cause in its last window: a weak
 * reading or a Wi-Fi drop in its last two beats, or one link-failure code recurring. Without that
 * the silence looks like any other unit switching off, and nobody can tell it was the carrier.
 */
function linkBeforeSilence(beats: readonly Beat[]): boolean {
  const lastTwo = beats.slice(-2);
  if (lastTwo.some((b) => weak(b) || (b.errors?.T_WIFI_DISCONNECTED ?? 0) > 0)) return true;
  return codesShow(beats, "network");
}

/**
 * How the beats up to `at` show the fault: the category they are read as, or null when they do
 * not show it. Faults seen in readings (signal, battery) show while the readings are off; faults
 * seen in codes show while the last two hours carry one of their codes in three heartbeats (one
 * if severe) not fixed since — so a fault met at the till shows only while the shop trades. A
 * carrier outage is read on the beats before the terminal went silent.
 */
export function evidentAs(sim: Simulation, f: FaultInstance, at: number): Category | null {
  const t = sim.fleet.terminals[f.terminal]!;
  const m = sim.fleet.merchants[t.merchant]!;
  const category = FAULT_KINDS[f.kind].category;
  const ended = f.until !== null && f.until <= at;
  if (f.kind === "battery-aging" && f.since > at && !ended) {
    // Fading before the fault starts: it shows only once a reading is low (the wear prediction is
    // the product's own inference over weeks, not something one window of beats shows).
    if (fadeStart(f) > at) return null;
    const b = batteryAt(sim.seed, t, m, at, f);
    return b.dead || (!b.charging && b.pct <= defaultPolicy.lowBatteryPct) ? category : null;
  }
  if (f.since > at) return null;
  if (f.kind === "carrier-outage") {
    const spellEnd = f.since + (f.degradeMin ?? 15) * MINUTE_MS;
    if (ended && f.until! <= at - WINDOW_MS) return null;
    if (at < spellEnd || ended) return codesShow(sim.beatsOf(f.terminal, at - WINDOW_MS, at).map((d) => d.beat), category) ? category : null;
    // Silent: judged on the window that ends at its last beat, like the rules' offline inference.
    // (Up to `at`: the last beat of the spell may be posted a few seconds after it, and none follow.)
    const last = sim.beatsOf(f.terminal, spellEnd - WINDOW_MS, at).map((d) => d.beat);
    if (at - spellEnd <= defaultPolicy.offlineAfterMin * MINUTE_MS) return codesShow(last, category) ? category : null;
    return linkBeforeSilence(last) ? category : "hardware";
  }
  if (f.kind === "weak-signal") return !ended && at - f.since >= SETTLE_MS ? category : null;
  if (f.kind === "battery-aging" && !ended) {
    // A flat battery shows: low and off the charger, or already dead.
    if (agingDeathAt(sim.seed, t, m, f) <= at) return category;
    const b = batteryAt(sim.seed, t, m, at, f);
    if (b.dead || (!b.charging && b.pct <= 15)) return category;
  }
  if (f.kind === "location-abnormal" || f.kind === "relocated") {
    if (positionsAway(sim.beatsOf(f.terminal, at - WINDOW_MS, at).map((d) => d.beat), m.city)) return category;
    if (f.kind === "relocated") return null;
  }
  if (ended && f.until! <= at - WINDOW_MS) return null;
  return codesShow(sim.beatsOf(f.terminal, at - WINDOW_MS, at).map((d) => d.beat), category) ? category : null;
}

/** An aging battery as the ground truth knows it: when it began to fade and when it first failed to last a trading day. */
export interface BatteryFailure {
  sn: string;
  terminal: number;
  fadeFrom: number;
  /** The moment it first ran flat before going back on the charger (epoch ms). */
  failsAt: number;
}

/** Every aging battery of the simulation with the moment it actually fails. */
export function batteryFailures(sim: Simulation): BatteryFailure[] {
  const out: BatteryFailure[] = [];
  for (const t of sim.fleet.terminals) {
    for (const f of sim.faultsOf(t.index)) {
      if (f.kind !== "battery-aging") continue;
      out.push({ sn: t.sn, terminal: t.index, fadeFrom: fadeStart(f), failsAt: agingFailsAt(sim.seed, t, sim.fleet.merchants[t.merchant]!, f) });
    }
  }
  return out;
}

/** Beats with a position that must all be away from the registered place (the rules' relocation rule). */
const AWAY_BEATS = 3;

/**
 * Whether the latest AWAY_BEATS beats that report a position are each more than the policy's
 * distance from the centre of the merchant's city (the registered place the seeded fleet has).
 */
function positionsAway(beats: readonly Beat[], city: string): boolean {
  const home = findCity(city);
  if (!home) return false;
  const positioned = beats.filter((b) => isPosition(b.lat ?? null, b.lon ?? null)).slice(-AWAY_BEATS);
  return positioned.length === AWAY_BEATS && positioned.every((b) => haversineKm(home, { lat: b.lat!, lon: b.lon! }) > defaultPolicy.relocationKm);
}

/** Whether terminal `index`'s latest positioned beats up to `at` are all away from its merchant's city (the relocation rule's reading). */
export function relocatedAt(sim: Simulation, index: number, at: number): boolean {
  const t = sim.fleet.terminals[index]!;
  return positionsAway(sim.beatsOf(index, at - WINDOW_MS, at).map((d) => d.beat), sim.fleet.merchants[t.merchant]!.city);
}

export { activityTruth, type ActivityTruth } from "./activity";

/** Whether the heartbeats up to `at` show the fault at all. */
export function evident(sim: Simulation, f: FaultInstance, at: number): boolean {
  return evidentAs(sim, f, at) !== null;
}
