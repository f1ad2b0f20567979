// The faults a fleet lives through over its simulated history: a share of terminals with one fault
// each, basement shops on a weak signal, a few frozen merchants, one carrier outage, and two
// firmware rollouts (2.4.0 → 2.4.1, and 2.3.x → the 2.3.5 release that was later withdrawn).
import { DAY_MS, HOUR_MS, MINUTE_MS, shanghaiDayStart } from "./clock";
import type { FaultInstance, FaultKind } from "./faults";
import { CELL_CARRIERS, CURRENT_FIRMWARE, MODELS, WIFI_CARRIER, type Fleet, type SimTerminal } from "./fleet";
import { CITIES } from "./places";
import { mix, Rng } from "./random";

export interface PlanOptions {
  epoch: number;
  /** Days of history the plan spreads its faults over. */
  days?: number;
  /** Share of terminals that get one individual fault. */
  faultShare?: number;
  /** Minutes past the end of the history in which faults may still start (the live demo sees them begin). */
  tailMin?: number;
}

export interface Plan {
  faults: FaultInstance[];
  firmware: { terminal: number; at: number; version: string }[];
}

/** Individual faults, by relative weight, and which terminals can have them. */
export const INDIVIDUAL_FAULTS: readonly { kind: FaultKind; weight: number; eligible: (t: SimTerminal) => boolean }[] = [
  { kind: "battery-aging", weight: 8, eligible: (t) => t.usage === "mobile" },
  { kind: "card-reader", weight: 8, eligible: () => true },
  { kind: "printer-fault", weight: 4, eligible: (t) => MODELS[t.model].printer },
  { kind: "printer-paper", weight: 4, eligible: (t) => MODELS[t.model].printer },
  { kind: "ped-tamper", weight: 3, eligible: () => true },
  { kind: "sim-suspended", weight: 6, eligible: (t) => t.carrier !== WIFI_CARRIER },
  { kind: "wifi-unstable", weight: 6, eligible: (t) => t.carrier === WIFI_CARRIER },
  { kind: "cashier-no-signin", weight: 6, eligible: () => true },
  { kind: "cashier-swipes-chip", weight: 6, eligible: () => true },
  { kind: "cashier-no-settlement", weight: 5, eligible: () => true },
  { kind: "location-abnormal", weight: 4, eligible: () => true },
  { kind: "relocated", weight: 3, eligible: () => true },
];

const SOUND_FIRMWARE: readonly string[] = ["2.4.1", "2.4.0", "2.3.8"];

/** How long each kind lasts once it starts: [chance it is fixed, shortest, longest] in hours. */
const FIX: Partial<Record<FaultKind, readonly [number, number, number]>> = {
  "card-reader": [0.5, 24, 48],
  "printer-fault": [0.4, 12, 30],
  "printer-paper": [1, 1, 5],
  "sim-suspended": [0.6, 4, 24],
  "wifi-unstable": [0.5, 12, 36],
  "cashier-no-signin": [0.7, 2, 8],
  "cashier-swipes-chip": [0.5, 24, 72],
  "cashier-no-settlement": [1, 3, 10],
  "location-abnormal": [0.3, 12, 48],
  relocated: [0.3, 24, 72],
  "merchant-frozen": [0.3, 24, 48],
};

export function baselinePlan(fleet: Fleet, options: PlanOptions): Plan {
  const { epoch, days = 7, faultShare = 0.12, tailMin = 120 } = options;
  const rng = new Rng(mix(fleet.seed, fleet.size, 0x91a4));
  const faults: FaultInstance[] = [];
  const taken = new Set<number>();
  const end = epoch + days * DAY_MS;
  const onset = () => Math.round(rng.range(epoch + 6 * HOUR_MS, end + tailMin * MINUTE_MS) / MINUTE_MS) * MINUTE_MS;
  const lasting = (kind: FaultKind, since: number): number | null => {
    const fix = FIX[kind];
    if (!fix || !rng.chance(fix[0])) return null;
    return since + Math.round(rng.range(fix[1], fix[2]) * 60) * MINUTE_MS;
  };

  // Basement shops have always had a weak signal on cellular terminals.
  for (const t of fleet.terminals) {
    if (fleet.merchants[t.merchant]!.basement && t.carrier !== WIFI_CARRIER) {
      faults.push({ kind: "weak-signal", terminal: t.index, since: epoch - 30 * DAY_MS, until: null });
      taken.add(t.index);
    }
  }

  // Risk control freezes about one merchant in a hundred, every terminal of it.
  const frozen = rng.shuffle(fleet.merchants).slice(0, Math.max(1, Math.round(fleet.merchants.length * 0.01)));
  for (const m of frozen) {
    const since = onset();
    const until = lasting("merchant-frozen", since);
    for (const t of fleet.terminals) {
      if (t.merchant !== m.index || taken.has(t.index)) continue;
      faults.push({ kind: "merchant-frozen", terminal: t.index, since, until });
      taken.add(t.index);
    }
  }

  // Terminals on old or withdrawn firmware already show a policy problem; one fault each keeps the
  // ground truth unambiguous (the carrier outage below is the exception: it hits everyone).
  const wanted = Math.round(fleet.size * faultShare);
  const candidates = rng.shuffle(fleet.terminals.filter((t) => !taken.has(t.index) && SOUND_FIRMWARE.includes(t.firmware)));
  for (const t of candidates.slice(0, wanted)) {
    const kind = rng.weighted(INDIVIDUAL_FAULTS.filter((k) => k.eligible(t)).map((k) => [k.kind, k.weight] as const));
    let since = onset();
    if (kind === "battery-aging") since = shanghaiDayStart(since) + fleet.merchants[t.merchant]!.openHour * HOUR_MS;
    const fault: FaultInstance = { kind, terminal: t.index, since, until: kind === "battery-aging" ? null : lasting(kind, since) };
    if (kind === "location-abnormal" || kind === "relocated") fault.movedTo = elsewhere(rng, fleet.merchants[t.merchant]!.city);
    faults.push(fault);
    taken.add(t.index);
  }

  // One afternoon outage of one carrier in one city, somewhere in the middle of the history.
  if (days >= 2) {
    const city = rng.weighted(CITIES.map((c) => [c.name, c.weight] as const));
    const carrier = rng.pick(CELL_CARRIERS);
    const day = shanghaiDayStart(epoch) + rng.int(1, days - 1) * DAY_MS;
    const since = day + rng.int(10 * 60, 16 * 60) * MINUTE_MS;
    faults.push(...outage(fleet, city, carrier, since, since + rng.int(120, 240) * MINUTE_MS));
  }

  const firmware: Plan["firmware"] = [];
  for (const t of fleet.terminals) {
    if (t.firmware === "2.4.0" && rng.chance(0.6)) firmware.push({ terminal: t.index, at: Math.round(rng.range(epoch, end)), version: CURRENT_FIRMWARE });
  }
  // A TMS push at 02:00 on the second night moved some 2.3.x terminals to 2.3.5, since withdrawn.
  const push = shanghaiDayStart(epoch) + DAY_MS + 2 * HOUR_MS;
  for (const t of fleet.terminals) {
    if ((t.firmware === "2.3.0" || t.firmware === "2.3.2") && !taken.has(t.index) && rng.chance(0.12)) {
      firmware.push({ terminal: t.index, at: push + rng.int(0, 50) * MINUTE_MS, version: "2.3.5" });
    }
  }
  return { faults, firmware };
}

/** Every cellular terminal of `carrier` (or of any carrier) in `city` loses its link from `since` to `until`. */
export function outage(fleet: Fleet, city: string, carrier: string | undefined, since: number, until: number | null): FaultInstance[] {
  return fleet.terminals
    .filter((t) => fleet.merchants[t.merchant]!.city === city && t.carrier !== WIFI_CARRIER && (!carrier || t.carrier === carrier))
    .map((t) => ({ kind: "carrier-outage" as const, terminal: t.index, since, until, degradeMin: 15 }));
}

/** A spot in another city, for a terminal carried away from where it was registered. */
export function elsewhere(rng: Rng, home: string): { city: string; lat: number; lon: number } {
  const city = rng.pick(CITIES.filter((c) => c.name !== home));
  return { city: city.name, lat: Math.round((city.lat + rng.range(-0.05, 0.05)) * 1e5) / 1e5, lon: Math.round((city.lon + rng.range(-0.05, 0.05)) * 1e5) / 1e5 };
}
