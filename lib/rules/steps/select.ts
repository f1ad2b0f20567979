import type { ProblemCategory } from "@/lib/domain/enums";
import type { RereadReason } from "@/lib/rules/facts";
import { HARDWARE_CODE_STEPS, HARDWARE_DEFAULT } from "@/lib/rules/steps/hardware";
import {
  GOOD_SIGNAL_LINK_STEPS,
  NETWORK_CODE_STEPS,
  NETWORK_DEFAULT,
  WEAK_LINK_SIGN_IN_STEPS,
  WEAK_SIGNAL_STEPS,
} from "@/lib/rules/steps/network";
import { OPERATION_CODE_STEPS, OPERATION_DEFAULT } from "@/lib/rules/steps/operation";
import { POLICY_CODE_STEPS, POLICY_DEFAULT } from "@/lib/rules/steps/policy";
import { stepsFor, type CodeSteps, type Steps } from "@/lib/rules/steps/types";

const TABLES: Record<ProblemCategory, { table: readonly CodeSteps[]; fallback: Steps }> = {
  hardware: { table: HARDWARE_CODE_STEPS, fallback: HARDWARE_DEFAULT },
  network: { table: NETWORK_CODE_STEPS, fallback: NETWORK_DEFAULT },
  operation: { table: OPERATION_CODE_STEPS, fallback: OPERATION_DEFAULT },
  policy_firmware: { table: POLICY_CODE_STEPS, fallback: POLICY_DEFAULT },
};

const SIGN_IN_CODES = ["T_SIGNIN_FAIL", "T_NOT_SIGNED_IN", "T_MASTER_KEY_MISSING", "T_KEY_DOWNLOAD_FAIL", "T_CERT_DOWNLOAD_FAIL", "A0", "99"];
// Their own steps hold whatever the signal: the cause is named by the code.
const SIGNAL_INDEPENDENT = ["T_SIM_SUSPENDED", "T_WIFI_DISCONNECTED"];
// Codes whose own steps say the signal is fine: only true on a good link.
const GOOD_LINK_ONLY = ["T_HOST_CONFIG_ERR", "T_CONNECT_FAIL"];

export interface StepContext {
  /** The link was weak or failing when the leading code was seen. */
  linkWeak: boolean;
  reason?: RereadReason;
}

/**
 * Steps for a code finding: the leading code's steps, chosen so they never contradict the
 * evidence (no "the signal is fine" on a weak link), falling back to the category default.
 */
export function codeSteps(category: ProblemCategory, lead: string, ctx: StepContext): Steps {
  if (category === "network" && !SIGNAL_INDEPENDENT.includes(lead)) {
    if (ctx.linkWeak) return SIGN_IN_CODES.includes(lead) ? WEAK_LINK_SIGN_IN_STEPS : WEAK_SIGNAL_STEPS;
    if (!GOOD_LINK_ONLY.includes(lead) && !SIGN_IN_CODES.includes(lead) && !NETWORK_CODE_STEPS.some((s) => s.codes.includes(lead))) {
      return GOOD_SIGNAL_LINK_STEPS;
    }
  }
  const { table, fallback } = TABLES[category];
  return stepsFor(table, lead, fallback);
}
