// Faults injected into a running simulation: from CLI flags at start, or typed on stdin while it
// runs (`carrier-outage city=杭州 carrier=中国联通 minutes=90`). Targets are drawn from the seed
// and the moment, so the same injection at the same moment hits the same terminals.
import { compareVersions } from "@/lib/rules/version";
import { DAY_MS, HOUR_MS, MINUTE_MS, shanghaiDayStart } from "./clock";
import { FAULT_KINDS, type FaultInstance, type FaultKind } from "./faults";
import { CELL_CARRIERS, CURRENT_FIRMWARE } from "./fleet";
import { cityByName, CITIES } from "./places";
import { elsewhere, INDIVIDUAL_FAULTS, outage } from "./plan";
import { hashString, mix, Rng } from "./random";
import type { Simulation } from "./simulation";

export const SCENARIO_NAMES = [...(Object.keys(FAULT_KINDS) as FaultKind[]), "firmware-blocked", "dormant", "never-activated", "heal"] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface ScenarioSpec {
  name: ScenarioName;
  city?: string;
  carrier?: string;
  version?: string;
  /** Terminals to hit (merchants for merchant-frozen). */
  count?: number;
  /** Share of the fleet to hit, 0–1 (firmware-blocked). */
  share?: number;
  /** How long it lasts; absent: until healed (carrier-outage: 120). */
  minutes?: number;
  /** A particular terminal. */
  sn?: string;
  /** battery-aging: how many days ago the battery started to fail (0–3; 3 dies today). */
  daysAgo?: number;
}

export const SCENARIO_HELP: Record<ScenarioName, string> = {
  "battery-aging": "count=N days-ago=0..3 — batteries fade for four weeks, then drain faster each day and die (days-ago=3 dies today)",
  "card-reader": "count=N — card reader fails across many cards (T_CARD_READ_FAIL, T_IC_READER_FAULT)",
  "printer-fault": "count=N — printer error on every receipt (printer models)",
  "printer-paper": "count=N — printer out of paper (printer models)",
  "ped-tamper": "count=N — PIN pad tamper lock, keys wiped (T_PED_TAMPERED)",
  "weak-signal": "count=N — shop moves to a basement: signal ≤ −100 dBm",
  "sim-suspended": "count=N — data plan suspended (T_SIM_SUSPENDED, then no service)",
  "carrier-outage": "city=杭州 [carrier=中国联通] [minutes=120] — a carrier's network in one city goes down",
  "wifi-unstable": "count=N — merchant Wi-Fi drops (T_WIFI_DISCONNECTED, timeouts)",
  "cashier-no-signin": "count=N — new cashier never signs in (T_NOT_SIGNED_IN)",
  "cashier-swipes-chip": "count=N — new cashier swipes chip cards (T_USE_CHIP, 45)",
  "cashier-no-settlement": "count=N — yesterday's batch was not settled (T_BATCH_NOT_SETTLED)",
  "merchant-frozen": "count=N (merchants) — risk control freezes a merchant (T_MERCHANT_FROZEN, 03)",
  "location-abnormal": "count=N — terminal taken to another city (T_LOCATION_ABNORMAL)",
  relocated: "count=N — terminal used in another city: keeps selling, no code, reports the new position",
  "firmware-min": "version=2.4.0 — the host now refuses older firmware; TMS updates most within hours",
  "firmware-blocked": "version=2.3.5 [share=0.05] — a release is pushed to a share of the fleet and withdrawn",
  dormant: "count=N — the merchant stops selling on the terminal; it stays online and healthy (quiet after 7 days, dormant after 30)",
  "never-activated": "— part of the seeded fleet only: terminals activated before the history that never sold (the server cannot be told about a new activation over heartbeats)",
  heal: "— ends every injected fault now",
};

export class ScenarioError extends Error {}

/** Parses `name key=value ...` (keys: city carrier version count share minutes sn days-ago). */
export function parseScenarioLine(line: string): ScenarioSpec {
  const [name, ...pairs] = line.trim().split(/\s+/);
  const spec = { name: checkName(name ?? "") } as ScenarioSpec;
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new ScenarioError(`"${pair}" is not key=value`);
    setOption(spec, pair.slice(0, eq), pair.slice(eq + 1));
  }
  return spec;
}

export function checkName(name: string): ScenarioName {
  if (!(SCENARIO_NAMES as readonly string[]).includes(name)) {
    throw new ScenarioError(`unknown scenario "${name}"; one of: ${SCENARIO_NAMES.join(", ")}`);
  }
  return name as ScenarioName;
}

export function setOption(spec: ScenarioSpec, key: string, value: string): void {
  const num = () => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new ScenarioError(`${key} must be a non-negative number, got "${value}"`);
    return n;
  };
  switch (key) {
    case "city":
      if (!cityByName(value)) throw new ScenarioError(`unknown city "${value}"; one of: ${CITIES.map((c) => c.name).join(" ")}`);
      spec.city = value;
      return;
    case "carrier":
      if (!(CELL_CARRIERS as readonly string[]).includes(value)) throw new ScenarioError(`carrier must be one of ${CELL_CARRIERS.join(" ")}`);
      spec.carrier = value;
      return;
    case "version":
      if (compareVersions(value, value) === null) throw new ScenarioError(`version "${value}" is not a dotted version like 2.3.5`);
      spec.version = value;
      return;
    case "count": spec.count = Math.floor(num()); return;
    case "share": spec.share = Math.min(1, num()); return;
    case "minutes": spec.minutes = num(); return;
    case "sn": spec.sn = value; return;
    case "days-ago": spec.daysAgo = Math.min(3, Math.floor(num())); return;
    default:
      throw new ScenarioError(`unknown option "${key}"; use city, carrier, version, count, share, minutes, sn or days-ago`);
  }
}

export interface Injection {
  name: ScenarioName;
  at: number;
  terminals: string[];
  until: number | null;
  /** Something the person running the simulator should know (e.g. a server setting to change). */
  note?: string;
}

/** Applies the scenario to the simulation at `at` and says which terminals it hit. */
export function injectScenario(sim: Simulation, spec: ScenarioSpec, at: number): Injection {
  const rng = new Rng(mix(sim.seed, at / MINUTE_MS, hashString(JSON.stringify(spec))));
  const fleet = sim.fleet;
  const until = spec.minutes !== undefined ? at + spec.minutes * MINUTE_MS : null;
  const done = (indexes: number[], extra: Partial<Injection> = {}): Injection => ({
    name: spec.name, at, until, terminals: indexes.map((i) => fleet.terminals[i]!.sn), ...extra,
  });

  switch (spec.name) {
    case "heal": {
      const healed = sim.healAll(at);
      return done(healed, { until: at });
    }
    case "carrier-outage": {
      if (!spec.city) throw new ScenarioError("carrier-outage needs city=<city>, e.g. city=杭州");
      const faults = outage(fleet, spec.city, spec.carrier, at, at + (spec.minutes ?? 120) * MINUTE_MS);
      faults.forEach((f) => sim.addFault({ ...f, injected: true }));
      return done(faults.map((f) => f.terminal), { until: faults[0]?.until ?? null });
    }
    case "firmware-blocked": {
      const version = spec.version ?? "2.3.5";
      const pool = rng.shuffle(targets(sim, spec, at, () => true));
      const picked = pool.slice(0, spec.count ?? Math.max(1, Math.round(fleet.size * (spec.share ?? 0.05))));
      for (const i of picked) sim.addFirmwareChange(i, { at: at + rng.int(0, 20) * MINUTE_MS, version });
      if (!sim.policy.blockedFirmware.includes(version)) sim.policy.blockedFirmware.push(version);
      return done(picked, {
        until: null,
        note: `the server flags these only if its policy blocks ${version} (the default blocks 2.3.5)`,
      });
    }
    case "firmware-min": {
      if (!spec.version) throw new ScenarioError("firmware-min needs version=<new minimum>, e.g. version=2.4.0");
      const version = spec.version;
      const target = compareVersions(version, CURRENT_FIRMWARE) === 1 ? version : CURRENT_FIRMWARE;
      const hit = fleet.terminals.filter((t) => compareVersions(sim.firmwareAt(t.index, at).version, version) === -1).map((t) => t.index);
      for (const i of hit) {
        // The TMS update lands on most within hours; on one in five it keeps failing.
        const updateAt = rng.chance(0.8) ? at + rng.int(30, 240) * MINUTE_MS : null;
        sim.addFault({ kind: "firmware-min", terminal: i, since: at, until: updateAt, minVersion: version, updateAt, injected: true });
        if (updateAt !== null) sim.addFirmwareChange(i, { at: updateAt, version: target });
      }
      sim.policy.minFirmware = version;
      return done(hit, { note: `raise the server's minimum firmware to ${version} as well, so idle terminals below it are flagged too` });
    }
    case "dormant": {
      const picked = rng.shuffle(targets(sim, spec, at, (t) => !sim.activityProfiles.has(t.index))).slice(0, spec.count ?? 3);
      for (const i of picked) sim.setActivity(i, { kind: "dormant", stoppedAt: at, lastTxns: 0 });
      return done(picked, { until: null, note: "the activity page lists them as quiet after 7 days without a sale and dormant after 30" });
    }
    case "never-activated":
      throw new ScenarioError("never-activated terminals come with the seeded fleet (npm run db:seed); to stop a terminal selling now, use dormant");
    case "merchant-frozen": {
      const merchants = new Set(targets(sim, spec, at, () => true).map((i) => fleet.terminals[i]!.merchant));
      const chosen = rng.shuffle([...merchants]).slice(0, spec.count ?? 1);
      const hit = fleet.terminals.filter((t) => chosen.includes(t.merchant)).map((t) => t.index);
      for (const i of hit) sim.addFault({ kind: "merchant-frozen", terminal: i, since: at, until, injected: true });
      return done(hit);
    }
    default: {
      const kind = spec.name;
      const eligible = INDIVIDUAL_FAULTS.find((k) => k.kind === kind)?.eligible ?? (() => true);
      const picked = rng.shuffle(targets(sim, spec, at, eligible)).slice(0, spec.count ?? 3);
      for (const i of picked) {
        const m = fleet.merchants[fleet.terminals[i]!.merchant]!;
        const fault: FaultInstance = { kind, terminal: i, since: at, until, injected: true };
        if (kind === "battery-aging") {
          fault.since = shanghaiDayStart(at) - (spec.daysAgo ?? 2) * DAY_MS + m.openHour * HOUR_MS;
        }
        if (kind === "location-abnormal" || kind === "relocated") fault.movedTo = elsewhere(rng, m.city);
        sim.addFault(fault);
      }
      return done(picked);
    }
  }
}

/**
 * Terminals a targeted scenario may hit: the given one, else ones that fit (and are in the city)
 * with no current or coming fault and sound firmware, so the new fault is the only thing wrong.
 */
function targets(sim: Simulation, spec: ScenarioSpec, at: number, eligible: (t: Simulation["fleet"]["terminals"][number]) => boolean): number[] {
  const fleet = sim.fleet;
  if (spec.sn) {
    const t = fleet.terminals.find((x) => x.sn === spec.sn);
    if (!t) throw new ScenarioError(`no terminal ${spec.sn} in the simulated fleet`);
    return [t.index];
  }
  const list = fleet.terminals
    .filter((t) => eligible(t) && !sim.faultsOf(t.index).some((f) => f.until === null || f.until > at) && firmwareSound(sim, t.index, at))
    .filter((t) => !spec.city || fleet.merchants[t.merchant]!.city === spec.city)
    .map((t) => t.index);
  if (list.length === 0) throw new ScenarioError(`no healthy terminal fits ${spec.name}${spec.city ? ` in ${spec.city}` : ""}`);
  return list;
}

function firmwareSound(sim: Simulation, terminal: number, at: number): boolean {
  const { version } = sim.firmwareAt(terminal, at);
  return compareVersions(version, sim.policy.minFirmware) !== -1 && !sim.policy.blockedFirmware.some((b) => compareVersions(version, b) === 0);
}

/**
 * Short random faults while the live simulator runs, so a demo keeps changing: `perHour` events,
 * each one fault on one terminal for 30–180 minutes, placed on the simulated clock by the seed.
 */
export function churn(sim: Simulation, from: number, to: number, perHour: number): Injection[] {
  if (perHour <= 0) return [];
  const step = HOUR_MS / perHour;
  const kinds = INDIVIDUAL_FAULTS.filter((k) => k.kind !== "battery-aging"); // a story of days, not minutes
  const out: Injection[] = [];
  for (let k = Math.ceil(from / step); k * step < to; k++) {
    const rng = new Rng(mix(sim.seed, k, 0xc4a2));
    const name = rng.weighted(kinds.map((x) => [x.kind, x.weight] as const));
    try {
      out.push(injectScenario(sim, { name, count: 1, minutes: rng.int(30, 180) }, Math.round(k * step)));
    } catch (err) {
      // Nothing healthy fits this kind right now (e.g. no Wi-Fi terminal left): skip the event.
      if (!(err instanceof ScenarioError)) throw err;
    }
  }
  return out;
}
