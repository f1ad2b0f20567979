import { describe, expect, it } from "vitest";
import { HEAP_MAX_MB, HEAP_MIN_MB, heapArgs, heapLimitMb, SEMI_SPACE_MB, userChoseHeap } from "@/lib/server/heap";

describe("the server's heap limit", () => {
  it("grows with the fleet between its floor and its ceiling", () => {
    expect(heapLimitMb(0)).toBe(HEAP_MIN_MB);
    expect(heapLimitMb(100_000)).toBeGreaterThan(HEAP_MIN_MB);
    expect(heapLimitMb(100_000)).toBeLessThan(400);
    expect(heapLimitMb(1_000_000)).toBeGreaterThan(heapLimitMb(100_000));
    expect(heapLimitMb(100_000_000)).toBe(HEAP_MAX_MB);
  });

  it("is passed to node unless the user already chose one", () => {
    const semi = `--max-semi-space-size=${SEMI_SPACE_MB}`;
    expect(heapArgs(100_000, undefined, [])).toEqual([`--max-old-space-size=${heapLimitMb(100_000)}`, semi]);
    expect(heapArgs(100_000, "--max-old-space-size=4096", [])).toEqual([semi]);
    expect(heapArgs(100_000, "--enable-source-maps", ["--max-old-space-size=512"])).toEqual([semi]);
    expect(heapArgs(100_000, "--max-semi-space-size=16 --max-old-space-size=900", [])).toEqual([]);
    expect(heapArgs(100_000, undefined, ["--max-semi-space-size", "8"])).toEqual([`--max-old-space-size=${heapLimitMb(100_000)}`]);
    expect(userChoseHeap("--enable-source-maps", [])).toBe(false);
    expect(userChoseHeap("--max-old-space-size 900", [])).toBe(true);
  });
});
