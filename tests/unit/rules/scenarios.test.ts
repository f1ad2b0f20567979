import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { diagnose } from "@/lib/rules/diagnose";
import { parseScenarioLine } from "@/lib/rules/scenario";

const DIR = "tests/fixtures/scenarios";
// The reference examples and the extra cases first; every other file of the folder too.
const FILES = [`${DIR}/examples.jsonl`, `${DIR}/more.jsonl`];
const ALL = [...FILES, ...readdirSync(DIR).filter((f) => f.endsWith(".jsonl")).map((f) => `${DIR}/${f}`).filter((f) => !FILES.includes(f)).sort()];

it("the scenario folder holds the rule files", () => {
  expect(ALL.length).toBeGreaterThanOrEqual(9);
});

for (const file of ALL) {
  const lines = readFileSync(file, "utf8").split("\n").filter((l) => l.trim() !== "");
  describe(file, () => {
    it("has labelled scenarios", () => {
      expect(lines.length).toBeGreaterThanOrEqual(FILES.includes(file) ? 10 : 3);
      for (const line of lines) expect(parseScenarioLine(line).expected).toBeDefined();
    });
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
