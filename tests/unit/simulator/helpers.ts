import type { HeartbeatInput } from "@/lib/ingest/schema";
import { codeCategory } from "@/lib/rules/catalog";
import { DAY_MS, HOUR_MS } from "@/lib/simulator/clock";
import { buildFleet } from "@/lib/simulator/fleet";
import { injectScenario, parseScenarioLine } from "@/lib/simulator/scenarios";
import { Simulation, type DueBeat } from "@/lib/simulator/simulation";

/** Wednesday 2026-03-11 00:00 Asia/Shanghai. */
export const DAY0 = Date.UTC(2026, 2, 10, 16, 0);
export const at = (hour: number, day = 0) => DAY0 + day * DAY_MS + hour * HOUR_MS;

/** A fleet with nothing planned: only the firmware spread of a real fleet. */
export function quietSim(size = 300, seed = 11): Simulation {
  return new Simulation(buildFleet(seed, size), { epoch: at(0, -7), plan: false });
}

/** Injects one scenario line and returns the beats of the hit terminals over [from, to). */
export function withFault(line: string, injectAt: number, from: number, to: number, sim = quietSim()) {
  const inj = injectScenario(sim, parseScenarioLine(line), injectAt);
  const hit = new Set(inj.terminals);
  const beats = sim.beatsDue(from, to).filter((b) => hit.has(b.beat.sn));
  return { sim, inj, beats, bySn: groupBySn(beats) };
}

export function groupBySn(beats: DueBeat[]): Map<string, HeartbeatInput[]> {
  const m = new Map<string, HeartbeatInput[]>();
  for (const b of beats) (m.get(b.beat.sn) ?? m.set(b.beat.sn, []).get(b.beat.sn)!).push(b.beat);
  return m;
}

/** Occurrences of codes of `category` in the beats. */
export function codesOf(beats: HeartbeatInput[], category: string): number {
  let n = 0;
  for (const b of beats) for (const [code, c] of Object.entries(b.errors ?? {})) if (codeCategory(code) === category) n += c;
  return n;
}

export function code(beats: HeartbeatInput[], name: string): number {
  return beats.reduce((s, b) => s + (b.errors?.[name] ?? 0), 0);
}
