import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NETWORKS } from "@/lib/domain/enums";
import { allCodes } from "@/lib/rules/catalog";
import { diagnose } from "@/lib/rules/diagnose";
import { APPROVAL_CODES } from "@/lib/rules/findings/link";
import { isSevere } from "@/lib/rules/policy";
import type { RuleHeartbeat } from "@/lib/rules/types";
import { MIN, T0, policy } from "./helpers";

const P = policy();
const codes = allCodes();
// Approvals are not noise: they show that sales go through again, which resolves earlier prompts.
const harmless = codes.filter((c) => (c.category === "cardholder" || c.category === "none") && !APPROVAL_CODES.has(c.code)).map((c) => c.code);
const problem = codes.filter((c) => c.category !== "cardholder" && c.category !== "none").map((c) => c.code);

const errorsArb = fc.dictionary(fc.constantFrom(...problem, ...harmless, "ZZ"), fc.integer({ min: 1, max: 3 }), { maxKeys: 3 });
const beatArb: fc.Arbitrary<RuleHeartbeat> = fc.record({
  // On a 5-minute grid so that beats often share a time and the tie-break is exercised.
  at: fc.integer({ min: 0, max: 48 }).map((k) => T0 + k * 5 * MIN),
  battery: fc.integer({ min: 0, max: 100 }),
  charging: fc.boolean(),
  firmware: fc.constantFrom("2.2.7", "2.3.0", "2.3.5", "2.4.1", "2.10", "junk"),
  signalDbm: fc.option(fc.integer({ min: -120, max: -40 }), { nil: null }),
  network: fc.constantFrom(...NETWORKS),
  errors: errorsArb,
});
const beatsArb = fc.array(beatArb, { maxLength: 30 });
const nowArb = fc.integer({ min: T0, max: T0 + 6 * 60 * MIN });

describe("properties", () => {
  it("a burst of one code inside one heartbeat never flags a terminal unless the code is severe", () => {
    fc.assert(
      fc.property(fc.constantFrom(...problem), fc.integer({ min: 1, max: 500 }), fc.integer({ min: 0, max: 5 }), (code, n, at) => {
        const beats = Array.from({ length: 6 }, (_, i) => ({
          at: T0 + i * 5 * MIN, battery: 80, charging: false, firmware: "2.4.1", signalDbm: -70, network: "4G" as const,
          errors: i === at ? { [code]: n } : {},
        }));
        const d = diagnose(beats, P, T0 + 30 * MIN);
        expect(d.category === "healthy").toBe(!isSevere(P, code));
      }),
    );
  });

  it("different codes once each never add up to a pattern", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...problem.filter((c) => !isSevere(P, c))), { minLength: 1, maxLength: 6 }), (list) => {
        const beats = Array.from({ length: 6 }, (_, i) => ({
          at: T0 + i * 5 * MIN, battery: 80, charging: false, firmware: "2.4.1", signalDbm: -70, network: "4G" as const,
          errors: list[i] ? { [list[i]!]: 1 } : {},
        }));
        expect(diagnose(beats, P, T0 + 30 * MIN).category).toBe("healthy");
      }),
    );
  });

  it("adding cardholder/none codes anywhere never changes the diagnosis' category, status or findings", () => {
    const noiseArb = fc.array(fc.dictionary(fc.constantFrom(...harmless), fc.integer({ min: 1, max: 50 })), { maxLength: 30 });
    fc.assert(
      fc.property(beatsArb, noiseArb, nowArb, (beats, noise, now) => {
        const noisy = beats.map((b, i) => {
          const extra = noise[i] ?? {};
          const errors = { ...b.errors };
          for (const [code, n] of Object.entries(extra)) errors[code] = (errors[code] ?? 0) + n;
          return { ...b, errors };
        });
        const a = diagnose(beats, P, now);
        const b = diagnose(noisy, P, now);
        expect(b.category).toBe(a.category);
        expect([b.status, b.severity, b.confidence]).toEqual([a.status, a.severity, a.confidence]);
        expect(b.findings.map((f) => f.ruleId)).toEqual(a.findings.map((f) => f.ruleId));
      }),
      { numRuns: 400 },
    );
  });

  it("is deterministic and ignores the input order", () => {
    fc.assert(
      fc.property(beatsArb, nowArb, fc.integer(), (beats, now, seed) => {
        const shuffled = fc.sample(fc.shuffledSubarray(beats, { minLength: beats.length, maxLength: beats.length }), {
          numRuns: 1,
          seed,
        })[0]!;
        const first = diagnose(beats, P, now);
        expect(diagnose(beats, P, now)).toEqual(first);
        expect(diagnose(shuffled, P, now)).toEqual(first);
        expect(diagnose([...beats].reverse(), P, now)).toEqual(first);
      }),
      { numRuns: 300 },
    );
  });

  it("a silent terminal is offline exactly when the silence exceeds offlineAfterMin", () => {
    fc.assert(
      fc.property(
        fc.array(beatArb, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 0, max: 3 * 60 * MIN }),
        fc.integer({ min: 1, max: 120 }),
        (beats, silence, offlineAfterMin) => {
          const last = Math.max(...beats.map((b) => b.at));
          const d = diagnose(beats, policy({ offlineAfterMin }), last + silence);
          expect(d.status).toBe(silence > offlineAfterMin * MIN ? "offline" : "online");
          expect(d.status === "offline").toBe(d.findings.some((f) => f.ruleId === "offline"));
          if (d.status === "offline") expect(d.severity).toBe("critical");
        },
      ),
      { numRuns: 400 },
    );
  });

  it("every diagnosis is well formed: primary = first finding, healthy = no findings", () => {
    fc.assert(
      fc.property(beatsArb, nowArb, (beats, now) => {
        const d = diagnose(beats, P, now);
        if (d.findings.length === 0) expect([d.category, d.severity]).toEqual(["healthy", "ok"]);
        else expect([d.category, d.severity]).toEqual([d.findings[0]!.category, d.findings[0]!.severity]);
        for (const f of d.findings) {
          expect(f.message.zh.length * f.message.en.length).toBeGreaterThan(0);
          expect(f.steps.zh.length).toBe(f.steps.en.length);
          expect(f.steps.en.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});
