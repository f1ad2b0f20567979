import { describeCode } from "@/lib/rules/catalog";
import { hasApprovals, hasNetworkCode, isWeak } from "@/lib/rules/findings/link";
import type { Policy } from "@/lib/rules/policy";
import type { RuleHeartbeat } from "@/lib/rules/types";

/** Clean beats with good signal and approved transactions that show a link is working again. */
export const LINK_RECOVERY_BEATS = 3;

const BATTERY_CODES = new Set(["T_BATTERY_LOW"]);
// Codes a successful sign-in clears: approvals need a signed-in terminal with valid working keys.
const SIGN_IN_CODES = new Set(["T_NOT_SIGNED_IN", "T_SIGNIN_FAIL", "T_MASTER_KEY_MISSING", "77", "A0", "99"]);

export type Recovery = "charging" | "signed_in" | "link_clean";

/**
 * Evidence followed by a clear recovery inside the window is resolved: the problem was fixed
 * since. `last` is the index of the last beat that reported `code`.
 */
export function recoveryAfter(code: string, beats: readonly RuleHeartbeat[], last: number, policy: Policy): Recovery | null {
  const after = beats.slice(last + 1);
  if (BATTERY_CODES.has(code)) {
    // On the charger from the beat that reported it, and the level rising.
    const run = beats.slice(last);
    const rising = run.every((b, i) => b.charging && (i === 0 || b.battery >= run[i - 1]!.battery));
    if (run.length >= 2 && rising && run.at(-1)!.battery > run[0]!.battery) return "charging";
  }
  if (SIGN_IN_CODES.has(code) && after.some(hasApprovals)) return "signed_in";
  if (describeCode(code)?.category === "network" && after.length >= LINK_RECOVERY_BEATS) {
    const clean = after.every((b) => !isWeak(b, policy.weakSignalDbm) && !hasNetworkCode(b) && hasApprovals(b));
    if (clean) return "link_clean";
  }
  return null;
}
