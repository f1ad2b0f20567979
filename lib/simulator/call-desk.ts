// A simulated call desk for the demo history, so the learning from calls has numbers to show
// (docs/alerts.md, "Rules that learn from the calls"). Two parts:
// - blips: short-lived look-alikes of real faults (a run of bad cards for an hour, a neighbour's
//   works dimming the signal) that raise an alert and are gone by the time someone calls;
// - the desk: at every sweep of the history, a person calls each alert that has been open a while,
//   and what the merchant says follows what is really wrong with the terminal (the simulation's
//   faults), with a realistic share of unanswered calls, declines and "it is fine now".
// The calls go through the ordinary verbs (lib/alerts/actions.ts), at the history's time.
import type { Db } from "@/db/client";
import { alertsAwaitingCall } from "@/db/rule-outcomes";
import { logCall, resolveAlert } from "@/lib/alerts/actions";
import type { CallOutcome } from "@/lib/domain/alerts";
import type { ProblemCategory } from "@/lib/domain/enums";
import type { Scope } from "@/lib/domain/scope";
import { AppError } from "@/lib/errors";
import { DAY_MS, HOUR_MS, MINUTE_MS, shanghaiDayStart } from "./clock";
import { FAULT_KINDS, type FaultInstance } from "./faults";
import { WIFI_CARRIER } from "./fleet";
import { mix, Rng } from "./random";
import type { Simulation } from "./simulation";

/** Share of terminals that get one blip over the history, per look-alike. */
export const BLIP_SHARES = { "card-reader": 0.1, "weak-signal": 0.04 } as const;
/** How long a blip lasts, minutes: three or four heartbeats of the older history. */
const BLIP_MIN = [65, 110] as const;
/** A fault that lasts less than this is gone before anyone could fix it: the merchant says it is fine. */
const TRANSIENT_MS = 3 * HOUR_MS;
/** How long an alert waits in the queue before the desk calls. */
export const CALL_AFTER_MS = 20 * MINUTE_MS;

/** Adds the blips to a simulation, on terminals without any other fault; returns how many. */
export function addBlips(sim: Simulation, from: number, to: number): number {
  const rng = new Rng(mix(sim.seed, sim.fleet.size, 0xb11b));
  let added = 0;
  for (const t of sim.fleet.terminals) {
    if (sim.faultsOf(t.index).length > 0) continue;
    for (const [kind, share] of Object.entries(BLIP_SHARES) as [keyof typeof BLIP_SHARES, number][]) {
      if (kind === "weak-signal" && t.carrier === WIFI_CARRIER) continue;
      if (!rng.chance(share)) continue;
      // Bad cards only show while cards are taken: during the merchant's trading hours.
      const m = sim.fleet.merchants[t.merchant]!;
      let since = shanghaiDayStart(rng.range(from, to)) + m.openHour * HOUR_MS + rng.int(0, Math.max(0, (m.closeHour - m.openHour - 3) * 60)) * MINUTE_MS;
      if (since < from + 2 * HOUR_MS) since += DAY_MS;
      if (since > to - 4 * HOUR_MS) continue;
      sim.addFault({ kind, terminal: t.index, since, until: since + rng.int(BLIP_MIN[0], BLIP_MIN[1]) * MINUTE_MS });
      added++;
      break;
    }
  }
  return added;
}

type Answer = { call: CallOutcome } | { resolve: "not_a_problem" };

/** What the merchant's answer is, by what is really wrong, as shares that add up to one. */
const ANSWERS: Record<ProblemCategory | "fine", readonly (readonly [Answer, number])[]> = {
  hardware: [[{ call: "visit_needed" }, 0.55], [{ call: "fixed_on_phone" }, 0.15], [{ call: "merchant_declined" }, 0.1], [{ call: "no_answer" }, 0.15], [{ resolve: "not_a_problem" }, 0.05]],
  network: [[{ call: "fixed_on_phone" }, 0.4], [{ call: "visit_needed" }, 0.2], [{ call: "merchant_declined" }, 0.15], [{ call: "no_answer" }, 0.2], [{ resolve: "not_a_problem" }, 0.05]],
  operation: [[{ call: "fixed_on_phone" }, 0.7], [{ call: "merchant_declined" }, 0.1], [{ call: "no_answer" }, 0.2]],
  policy_firmware: [[{ call: "visit_needed" }, 0.4], [{ call: "fixed_on_phone" }, 0.3], [{ call: "merchant_declined" }, 0.15], [{ call: "no_answer" }, 0.15]],
  // Nothing (or nothing lasting) is wrong: the merchant says so, or does not pick up.
  fine: [[{ resolve: "not_a_problem" }, 0.7], [{ call: "merchant_declined" }, 0.1], [{ call: "no_answer" }, 0.2]],
};

export interface DeskResult {
  calls: number;
  resolved: number;
}

/** The fault behind an alert of `category` on terminal `index` at `at`, if one is active and lasting. */
function lastingFault(sim: Simulation, index: number, category: ProblemCategory, at: number): FaultInstance | undefined {
  return sim
    .faultsOf(index)
    .find((f) => FAULT_KINDS[f.kind].category === category && f.since <= at && (f.until === null || at < f.until) && (f.until === null || f.until - f.since >= TRANSIENT_MS));
}

/**
 * Calls every alert in `caller`'s subtree that has been open for CALL_AFTER_MS without a call:
 * one call (or one "not a problem") per alert, decided by a seeded draw per alert.
 */
export async function workCallDesk(db: Db, sim: Simulation, caller: Scope, now: number): Promise<DeskResult> {
  const bySn = new Map(sim.fleet.terminals.map((t) => [t.sn, t.index]));
  const result: DeskResult = { calls: 0, resolved: 0 };
  for (const a of await alertsAwaitingCall(db, caller, now - CALL_AFTER_MS, 500)) {
    const index = bySn.get(a.sn);
    if (index === undefined) continue;
    // Firmware and place problems are the terminal's state, not a passing fault: always real.
    const real = a.category === "policy_firmware" || lastingFault(sim, index, a.category, now) !== undefined;
    const answer = new Rng(mix(sim.seed, a.id, 0xca11)).weighted(ANSWERS[real ? a.category : "fine"]);
    try {
      if ("resolve" in answer) {
        await resolveAlert(db, caller, { id: a.id, outcome: answer.resolve, note: "" }, now);
        result.resolved++;
      } else {
        await logCall(db, caller, { id: a.id, outcome: answer.call, note: "" }, now);
        result.calls++;
      }
    } catch (err) {
      // The alert moved on meanwhile (resolved by the sweep): nothing to call about.
      if (!(err instanceof AppError)) throw err;
    }
  }
  return result;
}
