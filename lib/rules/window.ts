import { windowBeatCapacity, type Policy } from "@/lib/rules/policy";
import { MINUTE_MS } from "@/lib/domain/time";
import type { RuleHeartbeat } from "@/lib/rules/types";

export { MINUTE_MS };

// Ties on `at` are broken by content so that the input order never changes the result.
function tieKey(h: RuleHeartbeat): string {
  const errors = Object.keys(h.errors).sort().map((k) => [k, h.errors[k]]);
  return JSON.stringify([h.battery, h.charging, h.firmware, h.signalDbm, h.network, h.txnCount ?? null, errors]);
}

/**
 * Heartbeats with a usable time, oldest first. Beats stored together share a receive time, so
 * ties go by the terminal's own seq when both carry one, else by content.
 */
export function sortBeats(heartbeats: readonly RuleHeartbeat[]): RuleHeartbeat[] {
  return heartbeats.filter((h) => Number.isFinite(h.at)).sort(compareBeats);
}

function compareBeats(a: RuleHeartbeat, b: RuleHeartbeat): number {
  if (a.at !== b.at) return a.at - b.at;
  if (a.seq !== undefined && b.seq !== undefined && a.seq !== b.seq) return a.seq - b.seq;
  const ka = tieKey(a);
  const kb = tieKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * The beats in [end - windowMinutes, end]: the window is time, whatever the posting interval.
 * At most `windowBeatCapacity` beats are kept (the latest), a cap that only bites on a terminal
 * posting faster than once a minute. The latest beat is always kept, because the current state is
 * judged on it even if a policy makes the window short.
 */
export function selectWindow(sorted: readonly RuleHeartbeat[], end: number, policy: Policy): RuleHeartbeat[] {
  const start = end - policy.windowMinutes * MINUTE_MS;
  const inWindow = sorted.filter((h) => h.at >= start && h.at <= end).slice(-windowBeatCapacity(policy));
  const latest = sorted.filter((h) => h.at <= end).at(-1);
  return inWindow.length > 0 || !latest ? inWindow : [latest];
}

export interface BatteryReading {
  at: number;
  battery: number;
  charging: boolean;
}

export interface BatterySeries {
  /** Readings with single-reading glitches removed, oldest first. */
  readings: BatteryReading[];
  /** Epoch ms of the readings dropped as glitches. */
  glitches: number[];
  /**
   * The latest reading fell by at least the glitch jump since the one before. With no later
   * reading it cannot be told apart from a glitch yet, so findings built on it are low confidence.
   */
  latestUnconfirmed: boolean;
}

/**
 * A reading that sits at least `batteryGlitchPct` away from both neighbours in the same direction
 * (a dip that recovers, a spike that falls back) cannot happen in five minutes: it is a sensor glitch.
 */
export function batterySeries(beats: readonly RuleHeartbeat[], policy: Policy): BatterySeries {
  const jump = policy.batteryGlitchPct;
  const raw = beats.map((h) => ({ at: h.at, battery: h.battery, charging: h.charging }));
  const glitches: number[] = [];
  const readings = raw.filter((r, i) => {
    const before = raw[i - 1];
    const after = raw[i + 1];
    if (!before || !after) return true;
    const dip = before.battery - r.battery >= jump && after.battery - r.battery >= jump;
    const spike = r.battery - before.battery >= jump && r.battery - after.battery >= jump;
    if (dip || spike) glitches.push(r.at);
    return !(dip || spike);
  });
  // Compared with the previous kept reading, so a glitch spike before it does not count.
  const last = readings.at(-1);
  const previous = readings.at(-2);
  const latestUnconfirmed = !!last && !!previous && previous.battery - last.battery >= jump;
  return { readings, glitches, latestUnconfirmed };
}
