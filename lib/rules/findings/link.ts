import { describeCode } from "@/lib/rules/catalog";
import type { RuleHeartbeat } from "@/lib/rules/types";

/** No service (network NONE or no reading) is the weakest signal there is. */
export function isWeak(h: RuleHeartbeat, weakSignalDbm: number): boolean {
  return h.network === "NONE" || h.signalDbm === null || h.signalDbm <= weakSignalDbm;
}

// A failed sign-in is a consequence to be explained, not evidence of the link on its own.
const NOT_LINK_EVIDENCE = new Set(["T_SIGNIN_FAIL"]);

/** The beat reports a link-failure code of the catalogue's network category (other than `except`). */
export function hasNetworkCode(h: RuleHeartbeat, except?: string): boolean {
  return Object.entries(h.errors).some(([raw, n]) => {
    const info = n > 0 ? describeCode(raw) : undefined;
    return info?.category === "network" && info.code !== except && !NOT_LINK_EVIDENCE.has(info.code);
  });
}

/**
 * Codes are what the terminal saw since its previous beat, so the link at the time is judged on
 * both readings around the interval: either one weak, or a link failure reported with the code.
 */
export function linkWeakAt(beats: readonly RuleHeartbeat[], index: number, weakSignalDbm: number, code?: string): boolean {
  const beat = beats[index]!;
  const before = beats[index - 1];
  return isWeak(beat, weakSignalDbm) || (before !== undefined && isWeak(before, weakSignalDbm)) || hasNetworkCode(beat, code);
}

// Approval outcomes: the host answered and approved online, so the terminal is signed in with
// valid keys and its link works. Offline approvals (Y1, Y3) prove neither.
export const APPROVAL_CODES: ReadonlySet<string> = new Set(["00", "10", "11", "16", "A2", "A4", "A5", "A6"]);

/** The beat shows approved online transactions: a positive txn count or an approval code. */
export function hasApprovals(h: RuleHeartbeat): boolean {
  if (h.txnCount !== undefined && h.txnCount > 0) return true;
  return Object.entries(h.errors).some(([code, n]) => n > 0 && APPROVAL_CODES.has(code.trim().toUpperCase()));
}
