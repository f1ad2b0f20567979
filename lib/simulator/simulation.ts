// A running model of the fleet: the fleet, its faults and firmware history, and the heartbeats
// that follow from them. Every beat is a pure function of (seed, terminal, scheduled time, faults),
// so the backfill and the live simulator produce the same beat for the same moment.
import type { HeartbeatInput } from "@/lib/ingest/schema";
import { defaultPolicy } from "@/lib/rules/policy";
import { batteryAt, fadeStart } from "./battery";
import { isOpen, MINUTE_MS, salesPerMinute } from "./clock";
import { activityPlan, DEFAULT_ACTIVITY_SHARES, sellsAt, type ActivityProfile, type ActivityShares } from "./activity";
import { applyFault, FAULT_KINDS, tradingAttempts, type Draft, type FaultInstance } from "./faults";
import { clamp, WIFI_CARRIER, type Fleet, type SimTerminal } from "./fleet";
import { addDeclines, addStrays } from "./noise";
import { baselinePlan, type PlanOptions } from "./plan";
import { mix, Rng } from "./random";

export interface FirmwareChange {
  at: number; // epoch ms
  version: string;
}

/** The firmware rules the simulator's ground truth assumes the server applies. */
export interface FirmwarePolicy {
  minFirmware: string;
  blockedFirmware: string[];
}

export interface SimulationOptions {
  /** Start of the simulated history, epoch ms; the baseline faults start after it. */
  epoch: number;
  /** The baseline plan (faults, outages, rollouts), or false for a fleet with only its firmware spread. */
  plan?: Omit<PlanOptions, "epoch"> | false;
  policy?: FirmwarePolicy;
  /** Shares of dormant and never-activated terminals among the planned fleet (defaults: 2 % and 1 %), or false for none. */
  activity?: Partial<ActivityShares> | false;
}

export interface DueBeat {
  due: number; // epoch ms, when the terminal posts it (its `ts`)
  terminal: number;
  beat: HeartbeatInput;
}

export const DEFAULT_INTERVAL_MS = 5 * MINUTE_MS;
const MAX_JITTER_MS = 20_000;

export class Simulation {
  readonly fleet: Fleet;
  readonly epoch: number;
  readonly policy: FirmwarePolicy;
  private readonly faults: FaultInstance[][];
  private readonly firmware: FirmwareChange[][];
  private readonly perMerchant: number[];
  private readonly profiles = new Map<number, ActivityProfile>();

  constructor(fleet: Fleet, options: SimulationOptions) {
    this.fleet = fleet;
    this.epoch = options.epoch;
    const policy = options.policy ?? defaultPolicy;
    this.policy = { minFirmware: policy.minFirmware, blockedFirmware: [...policy.blockedFirmware] };
    this.faults = fleet.terminals.map(() => []);
    this.firmware = fleet.terminals.map(() => []);
    this.perMerchant = fleet.merchants.map(() => 0);
    for (const t of fleet.terminals) this.perMerchant[t.merchant]!++;
    if (options.plan !== false) {
      const plan = baselinePlan(fleet, { epoch: options.epoch, ...options.plan });
      for (const f of plan.faults) this.addFault(f);
      for (const c of plan.firmware) this.addFirmwareChange(c.terminal, c);
      if (options.activity !== false) {
        const free = (i: number) => this.faults[i]!.length === 0 && this.firmware[i]!.length === 0;
        const profiles = activityPlan(fleet, options.epoch, options.plan?.days ?? 7, free, { ...DEFAULT_ACTIVITY_SHARES, ...options.activity });
        for (const [i, p] of profiles) this.profiles.set(i, p);
      }
    }
  }

  get seed(): number {
    return this.fleet.seed;
  }

  addFault(f: FaultInstance): void {
    this.faults[f.terminal]!.push(f);
  }

  addFirmwareChange(terminal: number, change: FirmwareChange): void {
    const list = this.firmware[terminal]!;
    list.push({ at: change.at, version: change.version });
    list.sort((a, b) => a.at - b.at);
  }

  /** Dormant and never-activated terminals by index (lib/simulator/activity.ts). */
  get activityProfiles(): ReadonlyMap<number, ActivityProfile> {
    return this.profiles;
  }

  setActivity(terminal: number, profile: ActivityProfile): void {
    this.profiles.set(terminal, profile);
  }

  /** Ends every injected fault still active at `at`; returns the terminals it healed. */
  healAll(at: number): number[] {
    const healed = new Set<number>();
    for (const list of this.faults) {
      for (const f of list) {
        if (f.injected && f.since <= at && (f.until === null || f.until > at)) {
          f.until = at;
          healed.add(f.terminal);
        }
      }
    }
    return [...healed];
  }

  /** Every fault the terminal ever had, current or past. */
  faultsOf(terminal: number): readonly FaultInstance[] {
    return this.faults[terminal]!;
  }

  activeFaults(terminal: number, at: number): FaultInstance[] {
    return this.faults[terminal]!.filter((f) => f.since <= at && (f.until === null || at < f.until));
  }

  /** The version installed at `at` and since when (null: since the fleet was built). */
  firmwareAt(terminal: number, at: number): { version: string; since: number | null } {
    let current = { version: this.fleet.terminals[terminal]!.firmware, since: null as number | null };
    for (const c of this.firmware[terminal]!) if (c.at <= at) current = { version: c.version, since: c.at };
    return current;
  }

  /** The beat terminal `index` posts for its slot at `slot`, or null when it posts nothing then. */
  beat(index: number, slot: number, intervalMs = DEFAULT_INTERVAL_MS): DueBeat | null {
    const t = this.fleet.terminals[index]!;
    const m = this.fleet.merchants[t.merchant]!;
    const seed = this.seed;
    const rng = new Rng(mix(seed, index, slot / 1000, 0xbea7));
    const intervalMin = intervalMs / MINUTE_MS;
    const open = isOpen(m, slot);
    // Drawn either way, so a terminal that stops selling leaves the rest of its beat as it was.
    const sales = rng.poisson(salesPerMinute(m, this.perMerchant[t.merchant]!, slot) * intervalMin) * (sellsAt(this.profiles.get(index), slot) ? 1 : 0);
    const active = this.activeFaults(index, slot);
    // An aging battery fades for weeks before its fault starts (battery.ts), so look past `active`.
    const aging = this.faults[index]!.find((f) => f.kind === "battery-aging" && fadeStart(f) <= slot && (f.until === null || slot < f.until));
    const battery = batteryAt(seed, t, m, slot, aging);
    if (battery.dead) return null;
    const wifi = t.carrier === WIFI_CARRIER;
    const jitter = wifi ? 3 : 4;
    const draft: Draft = {
      battery: battery.pct,
      charging: battery.charging,
      signal: clamp(t.signalBase + rng.int(-jitter, jitter), wifi ? -75 : -97, -40),
      network: wifi ? "WIFI" : "4G",
      errors: {},
      txns: sales,
      lat: t.lat,
      lon: t.lon,
      silent: false,
    };
    for (const f of active) {
      const attempts = FAULT_KINDS[f.kind].trading ? tradingAttempts(sales, open) : sales;
      applyFault(f, { at: slot, intervalMin, attempts, rng }, draft);
    }
    if (draft.silent) return null;
    addDeclines(draft, draft.txns, rng);
    if (active.length === 0) addStrays(draft, draft.txns, rng, wifi);
    const due = slot + jitterMs(seed, index, slot, intervalMs);
    return { due, terminal: index, beat: this.wire(t, slot, due, draft) };
  }

  /** Beats due in [from, to) at the given interval, in posting order. */
  beatsDue(from: number, to: number, intervalMs = DEFAULT_INTERVAL_MS): DueBeat[] {
    const out: DueBeat[] = [];
    for (const t of this.fleet.terminals) out.push(...this.beatsOf(t.index, from, to, intervalMs));
    return out.sort((a, b) => a.due - b.due || a.terminal - b.terminal);
  }

  /** One terminal's beats due in [from, to), oldest first. */
  beatsOf(index: number, from: number, to: number, intervalMs = DEFAULT_INTERVAL_MS): DueBeat[] {
    const out: DueBeat[] = [];
    const maxJitter = Math.min(MAX_JITTER_MS, intervalMs / 10);
    const phase = Math.floor(this.fleet.terminals[index]!.phase * intervalMs);
    for (let k = Math.floor((from - phase - maxJitter) / intervalMs); ; k++) {
      const slot = k * intervalMs + phase;
      if (slot >= to) break;
      if (slot + maxJitter < from) continue;
      const due = slot + jitterMs(this.seed, index, slot, intervalMs);
      if (due < from || due >= to) continue;
      const b = this.beat(index, slot, intervalMs);
      if (b) out.push(b);
    }
    return out;
  }

  private wire(t: SimTerminal, slot: number, due: number, d: Draft): HeartbeatInput {
    return {
      sn: t.sn,
      // Time-based, so a restarted simulator continues the sequence without asking the server.
      seq: Math.floor(due / 1000),
      ts: due,
      battery_pct: d.battery,
      charging: d.charging,
      firmware: this.firmwareAt(t.index, slot).version,
      signal_dbm: d.network === "NONE" ? null : d.signal,
      network: d.network,
      txn_count: d.txns,
      errors: d.errors,
      model: t.model,
      app_version: t.appVersion,
      lat: d.lat,
      lon: d.lon,
    };
  }
}

function jitterMs(seed: number, index: number, slot: number, intervalMs: number): number {
  return mix(seed, index, slot / 1000, 0x717) % Math.min(MAX_JITTER_MS, intervalMs / 10);
}
