import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { diagnose } from "@/lib/rules/diagnose";
import { parseScenarioLine } from "@/lib/rules/scenario";

const FILES = ["tests/fixtures/scenarios/examples.jsonl", "tests/fixtures/scenarios/more.jsonl"];

for (const file of FILES) {
  const lines = readFileSync(file, "utf8").split("\n").filter((l) => l.trim() !== "");
  describe(file, () => {
    it("has labelled scenarios", () => expect(lines.length).toBeGreaterThanOrEqual(10));
    for (const line of lines) {
      const s = parseScenarioLine(line);
      it(`${s.id}: ${s.expected?.category} — ${s.description ?? ""}`, () => {
        expect(diagnose(s.heartbeats, s.policy, s.now).category).toBe(s.expected?.category);
      });
    }
  });
}

describe("the own scenarios cover every category and the offline branches", () => {
  const scenarios = readFileSync(FILES[1]!, "utf8").split("\n").filter(Boolean).map((l) => parseScenarioLine(l));
  it("at least two per category", () => {
    for (const category of ["healthy", "hardware", "network", "operation", "policy_firmware"]) {
      expect(scenarios.filter((s) => s.expected?.category === category).length).toBeGreaterThanOrEqual(2);
    }
  });
  it("offline inference by power, link and unknown", () => {
    const causes = scenarios
      .map((s) => diagnose(s.heartbeats, s.policy, s.now).findings.find((f) => f.ruleId === "offline")?.evidence.values?.cause)
      .filter(Boolean);
    expect(new Set(causes)).toEqual(new Set(["power", "link", "unknown"]));
  });
});
