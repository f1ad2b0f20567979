import type { ProblemCategory } from "@/lib/domain/enums";

/**
 * Codes whose catalogue category is the usual reading but which another cause explains when
 * certain evidence sits next to them in the same window (the ambiguous rows of the catalogue).
 */
export interface Reattribution {
  codes: string[];
  to: ProblemCategory;
  /** Fires when any of these codes occurs in the window, even once. */
  whenAny?: string[];
  /** Fires when the link is in trouble: the weak-signal rule or the network codes fire on their own. */
  whenNetworkTrouble?: boolean;
  reason: string;
}

export const REATTRIBUTIONS: readonly Reattribution[] = [
  {
    codes: ["A0", "99"],
    to: "hardware",
    whenAny: ["T_PED_TAMPERED", "T_KEY_DOWNLOAD_FAIL", "T_PINPAD_FAULT"],
    reason: "key errors next to PIN-pad or key-storage faults point at the security module, not a missed sign-in",
  },
  {
    codes: ["45", "T_USE_CHIP"],
    to: "hardware",
    whenAny: ["T_IC_READER_FAULT", "T_CARD_READ_FAIL"],
    reason: "swipe refusals next to chip-read failures: the broken chip reader forces the fallback",
  },
  {
    codes: ["T_NOT_SIGNED_IN", "T_MASTER_KEY_MISSING"],
    to: "network",
    whenAny: ["T_SIGNIN_FAIL"],
    whenNetworkTrouble: true,
    reason: "sign-in was attempted and failed on the link, so the missing sign-in is not an operator slip",
  },
  {
    codes: ["T_TMS_UPDATE_FAIL", "T_KEY_DOWNLOAD_FAIL", "T_CERT_DOWNLOAD_FAIL"],
    to: "network",
    whenNetworkTrouble: true,
    reason: "downloads break off because the link does",
  },
];

/** The reattribution that applies to `code`, if any. */
export function reattributionFor(
  code: string,
  present: ReadonlySet<string>,
  networkTrouble: boolean,
): Reattribution | undefined {
  return REATTRIBUTIONS.find(
    (r) =>
      r.codes.includes(code) &&
      ((r.whenAny ?? []).some((c) => present.has(c)) || (r.whenNetworkTrouble === true && networkTrouble)),
  );
}
