import type { CodeCategory, ProblemCategory } from "@/lib/domain/enums";
import type { RereadReason } from "@/lib/rules/facts";

/** What the reattribution needs to know about one code in the window. */
export interface CodeContext {
  code: string;
  category: ProblemCategory;
  /** Most of its incidents happened while the link was weak or failing. */
  onWeakLink: boolean;
  firstIndex: number;
  lastIndex: number;
}

export interface Reread {
  to: ProblemCategory;
  reason: RereadReason;
}

const DOWNLOADS = ["T_TMS_UPDATE_FAIL", "T_KEY_DOWNLOAD_FAIL", "T_CERT_DOWNLOAD_FAIL"];
const KEY_ERRORS = ["A0", "99"];
const SECURITY_FAULTS = ["T_PED_TAMPERED", "T_KEY_DOWNLOAD_FAIL", "T_PINPAD_FAULT"];
const CHIP_REFUSALS = ["45", "T_USE_CHIP"];
const READER_FAULTS = ["T_IC_READER_FAULT", "T_CARD_READ_FAIL"];
const SIGN_IN_PROMPTS = ["T_NOT_SIGNED_IN", "T_MASTER_KEY_MISSING"];

/**
 * The ambiguous codes of the catalogue read in context. Link readings are decided first, and only
 * codes still read as hardware can pull their neighbours to hardware: a key download that failed
 * on a weak link is a network event and says nothing about the security module.
 * `linkTrouble`: the weak-signal rule fires, or a link-failure code recurs, in this window.
 */
export function rereadCodes(codes: readonly CodeContext[], linkTrouble: boolean): Map<string, Reread> {
  const byCode = new Map(codes.map((c) => [c.code, c]));
  const out = new Map<string, Reread>();
  const final = (code: string): ProblemCategory | undefined => out.get(code)?.to ?? byCode.get(code)?.category;
  const weak = (c: CodeContext) => c.onWeakLink || linkTrouble;

  // 1. Link readings.
  for (const c of codes) {
    if ((DOWNLOADS.includes(c.code) || KEY_ERRORS.includes(c.code)) && weak(c)) out.set(c.code, { to: "network", reason: "weak_link" });
  }
  const signinFail = byCode.get("T_SIGNIN_FAIL");
  if (signinFail && byCode.has("T_OPERATOR_PWD_ERR") && !weak(signinFail)) {
    out.set("T_SIGNIN_FAIL", { to: "operation", reason: "operator_password" });
  }
  const keyDownload = byCode.get("T_KEY_DOWNLOAD_FAIL");
  for (const code of SIGN_IN_PROMPTS) {
    const c = byCode.get(code);
    if (!c) continue;
    if (weak(c)) out.set(code, { to: "network", reason: "weak_link" });
    else if (code === "T_MASTER_KEY_MISSING" && keyDownload && keyDownload.firstIndex <= c.lastIndex && final("T_KEY_DOWNLOAD_FAIL") === "hardware") {
      // A key download was tried on a good link and the key is still not there: it does not stick.
      out.set(code, { to: "hardware", reason: "key_still_missing" });
    } else if (final("T_SIGNIN_FAIL") === "network") out.set(code, { to: "network", reason: "signin_failed_on_link" });
  }

  // 2. Hardware readings, from neighbours that are themselves still hardware.
  const hardwareNearby = (list: string[]) => list.some((code) => byCode.has(code) && final(code) === "hardware");
  for (const c of codes) {
    if (out.has(c.code)) continue;
    if (KEY_ERRORS.includes(c.code) && hardwareNearby(SECURITY_FAULTS)) out.set(c.code, { to: "hardware", reason: "security_module" });
    if (CHIP_REFUSALS.includes(c.code) && hardwareNearby(READER_FAULTS)) out.set(c.code, { to: "hardware", reason: "reader_fault" });
  }
  return out;
}

export function isProblemCategory(c: CodeCategory): c is ProblemCategory {
  return c !== "cardholder" && c !== "none";
}
