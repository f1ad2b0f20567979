import { describe, expect, it } from "vitest";
import { compareVersions, parseVersion } from "@/lib/rules/version";

describe("compareVersions", () => {
  it.each([
    ["2.10.0", "2.9.0", 1],
    ["2.9.0", "2.10.0", -1],
    ["2.3", "2.3.0", 0],
    ["2.3.0.0", "2.3", 0],
    ["2.03.0", "2.3.0", 0],
    ["v2.3.1", "2.3.1", 0],
    ["V2.3.1", "2.3.0", 1],
    [" 2.4.1 ", "2.4.1", 0],
    ["10", "9.9.9", 1],
    ["2.2.7", "2.3.0", -1],
    ["2.2.7-rc1", "2.3.0", -1],
    ["2.3.0-rc1", "2.3.0", -1],
    ["2.3.0", "2.3.0-rc1", 1],
    ["2.3.0-rc2", "2.3.0-rc10", -1],
    ["2.3.0-alpha", "2.3.0-beta", -1],
    ["2.3.0-rc.1", "2.3.0-rc", 1],
    ["2.3.0-1", "2.3.0-rc", -1],
    ["2.3.5.0", "2.3.5", 0],
    ["2.3.5.0-rc1", "2.3.5-rc1", 0],
    ["2.3.5+build7", "2.3.5", 0],
  ] as const)("%s vs %s -> %i", (a, b, want) => {
    expect(compareVersions(a, b)).toBe(want);
  });

  it.each(["", "abc", "2.x.1", "2..3", "2.3.", "2.4.1-", "2.4.1-rc_1", "vv2", "-1.0", "1e3", "9".repeat(40)])(
    "unreadable %j compares as null and does not throw",
    (junk) => {
      expect(parseVersion(junk)).toBeNull();
      expect(compareVersions(junk, "2.3.0")).toBeNull();
      expect(compareVersions("2.3.0", junk)).toBeNull();
    },
  );
});
