import { describe, expect, it } from "vitest";
import { dryRunPolicy } from "@/lib/rules/dry-run";
import { nowAfter, policy, series } from "./helpers";

describe("dryRunPolicy", () => {
  const now = nowAfter(4);
  const fleet = [
    { sn: "A", heartbeats: series(4, () => ({ firmware: "2.4.1" })), currentCategory: "healthy" as const },
    { sn: "B", heartbeats: series(4, () => ({ firmware: "2.2.0" })), currentCategory: "policy_firmware" as const },
    { sn: "C", heartbeats: series(4, () => ({ signalDbm: -98 })), currentCategory: "healthy" as const },
  ];

  it("the current policy changes nothing", () => {
    expect(dryRunPolicy(fleet, policy(), now)).toEqual({ changed: 0, total: 3, items: [] });
  });

  it("lists only the terminals whose category would change", () => {
    const candidate = policy({ minFirmware: "2.0.0", weakSignalDbm: -95 });
    expect(dryRunPolicy(fleet, candidate, now)).toEqual({
      changed: 2,
      total: 3,
      items: [
        { sn: "B", from: "policy_firmware", to: "healthy" },
        { sn: "C", from: "healthy", to: "network" },
      ],
    });
  });

  it("an empty fleet is no change", () => {
    expect(dryRunPolicy([], policy(), now)).toEqual({ changed: 0, total: 0, items: [] });
  });
});
