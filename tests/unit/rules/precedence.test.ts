import { describe, expect, it } from "vitest";
import { diagnose } from "@/lib/rules/diagnose";
import { nowAfter, policy, series } from "./helpers";

const P = policy();
const N = 6;
const run = (over: (i: number) => object) => diagnose(series(N, over), P, nowAfter(N));
// Each of these fires one warning of its category on its own.
const warn = {
  policy_firmware: { firmware: "2.2.0" },
  hardware: { errors: { T_PRINTER_FAULT: 1 } },
  network: { signalDbm: -110 },
  operation: { errors: { T_BATCH_NOT_SETTLED: 1 } },
};
const merge = (...parts: object[]) =>
  parts.reduce<Record<string, unknown>>((acc, part) => {
    const errors = { ...(acc.errors as object), ...((part as { errors?: object }).errors ?? {}) };
    return { ...acc, ...part, errors };
  }, {});

describe("primary category", () => {
  it.each([
    [["operation", "network"], "network"],
    [["network", "hardware"], "hardware"],
    [["hardware", "policy_firmware"], "policy_firmware"],
    [["operation", "policy_firmware"], "policy_firmware"],
    [["operation", "network", "hardware", "policy_firmware"], "policy_firmware"],
  ] as const)("warning tie %j -> %s", (cats, want) => {
    const d = run(() => merge(...cats.map((c) => warn[c])));
    expect(d.category).toBe(want);
    expect(d.findings.length).toBe(cats.length);
  });

  it("each warning alone gives its own category", () => {
    for (const [cat, over] of Object.entries(warn)) expect(run(() => over).category).toBe(cat);
  });

  it("higher severity wins over precedence", () => {
    // Critical battery (hardware) beats a policy_firmware warning.
    const d = run((i) => merge(warn.policy_firmware, { battery: 9 - i }));
    expect([d.category, d.severity]).toEqual(["hardware", "critical"]);
  });

  it("findings are sorted by severity, then precedence", () => {
    const d = run((i) => merge(warn.operation, warn.network, { firmware: "2.3.5", battery: 40 - i * 5 }));
    expect(d.findings.map((f) => `${f.severity}:${f.category}`)).toEqual([
      "critical:policy_firmware",
      "warning:hardware",
      "warning:network",
      "warning:operation",
    ]);
  });

  it("healthy is ok and high confidence", () => {
    const d = run(() => ({}));
    expect([d.category, d.severity, d.confidence, d.findings]).toEqual(["healthy", "ok", "high", []]);
  });
});
