import { describe, expect, it } from "vitest";
import { diagnose } from "@/lib/rules/diagnose";
import type { RuleHeartbeat } from "@/lib/rules/types";
import { nowAfter, policy, series } from "./helpers";

const P = policy();
type Codes = Record<string, number>;
const run = (n: number, over: (i: number) => Partial<RuleHeartbeat>) => diagnose(series(n, over), P, nowAfter(n));
const ids = (d: ReturnType<typeof diagnose>) => d.findings.map((f) => f.ruleId);
// Weak enough at each code to be "on a weak link", never three weak beats in a row.
const patchy = (i: number) => ({ signalDbm: i % 2 === 0 ? -104 : -96 });

describe("ambiguous codes are read consistently in context", () => {
  it("a key download that failed on a weak link is network and does not drive MAC errors to hardware", () => {
    const d = run(5, (i) => ({ ...patchy(i), errors: { T_KEY_DOWNLOAD_FAIL: 1, A0: 1 } }));
    expect(d.category).toBe("network");
    expect(ids(d)).toEqual(["codes.network"]);
    expect(d.findings[0]!.evidence.values?.reattributed).toEqual({ A0: "weak_link", T_KEY_DOWNLOAD_FAIL: "weak_link" });
  });

  it("the same codes on a good signal point at the security module", () => {
    const d = run(5, () => ({ errors: { T_KEY_DOWNLOAD_FAIL: 1, A0: 1 } }));
    expect(ids(d)).toEqual(["codes.hardware"]);
    expect(d.findings[0]!.evidence.values?.reattributed).toEqual({ A0: "security_module" });
  });

  it("a handful of MAC/key errors on a weak link is network; on a good link operation", () => {
    expect(run(5, (i) => ({ ...patchy(i), errors: (i < 3 ? { A0: 1 } : i === 3 ? { "99": 1 } : {}) as Codes })).category).toBe("network");
    expect(run(5, (i) => ({ errors: (i < 3 ? { A0: 1 } : {}) as Codes })).category).toBe("operation");
  });

  it("wrong operator password -> sign-in failure -> 'please sign in' on a good signal is operation", () => {
    const codes: Codes[] = [{ T_OPERATOR_PWD_ERR: 1 }, { T_SIGNIN_FAIL: 1 }, { T_NOT_SIGNED_IN: 1 }, { T_NOT_SIGNED_IN: 1 }, { T_NOT_SIGNED_IN: 1 }];
    const d = run(5, (i) => ({ errors: codes[i]! }));
    expect(ids(d)).toEqual(["codes.operation"]);
    expect(d.findings[0]!.evidence.values?.reattributed).toEqual({ T_SIGNIN_FAIL: "operator_password" });
    expect(d.findings[0]!.steps.zh[0]).toMatch(/签到/);
  });

  it("the same chain with the sign-in failing on a weak link is network", () => {
    const codes: Codes[] = [{ T_OPERATOR_PWD_ERR: 1 }, { T_SIGNIN_FAIL: 1 }, { T_NOT_SIGNED_IN: 1 }, { T_NOT_SIGNED_IN: 1 }, { T_NOT_SIGNED_IN: 1 }];
    expect(run(5, (i) => ({ ...patchy(i), errors: codes[i]! })).category).toBe("network");
  });

  it("a sign-in failure without a password error on a good signal still reads the prompts as network", () => {
    const codes: Codes[] = [{ T_SIGNIN_FAIL: 1 }, { T_NOT_SIGNED_IN: 1 }, { T_NOT_SIGNED_IN: 1 }, { T_NOT_SIGNED_IN: 1 }];
    expect(run(4, (i) => ({ errors: codes[i]! })).category).toBe("network");
  });

  it("master key still missing after a key download on a good signal is hardware", () => {
    const codes: Codes[] = [{ T_KEY_DOWNLOAD_FAIL: 1 }, { T_MASTER_KEY_MISSING: 1 }, { T_MASTER_KEY_MISSING: 1 }, { T_MASTER_KEY_MISSING: 1 }];
    const d = run(4, (i) => ({ errors: codes[i]! }));
    expect(ids(d)).toEqual(["codes.hardware"]);
    expect(d.findings[0]!.evidence.values?.reattributed).toEqual({ T_MASTER_KEY_MISSING: "key_still_missing" });
  });

  it("master key missing without any key download is operation (sign in to load it); on a weak link network", () => {
    const missing = (i: number) => ({ errors: (i < 3 ? { T_MASTER_KEY_MISSING: 1 } : {}) as Codes });
    expect(run(4, missing).category).toBe("operation");
    expect(run(4, (i) => ({ ...missing(i), ...patchy(i) })).category).toBe("network");
  });

  it("a key download before the prompts, on a weak link, keeps the prompts network, not hardware", () => {
    const codes: Codes[] = [{ T_KEY_DOWNLOAD_FAIL: 1 }, { T_MASTER_KEY_MISSING: 1 }, { T_MASTER_KEY_MISSING: 1 }, { T_MASTER_KEY_MISSING: 1 }];
    const d = run(4, (i) => ({ ...patchy(i), errors: codes[i]! }));
    expect(ids(d)).toEqual(["codes.network"]);
  });
});

describe("severe codes in the policy compare case-insensitively", () => {
  it("a lower-case entry still flags at once", () => {
    const d = diagnose(series(3, (i) => ({ errors: (i === 1 ? { T_PED_TAMPERED: 1 } : {}) as Codes })), policy({ severeCodes: [" t_ped_tampered "] }), nowAfter(3));
    expect([d.category, d.severity]).toEqual(["hardware", "critical"]);
  });
});
