// The demo's progress display: next build's stage lines mapped to a moving bar, and the plain-line
// form used when the output is a file, one line per tenth plus each step's closing summary.
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { buildStage, steps } from "@/lib/demo/progress";

describe("buildStage", () => {
  it("moves forward through the stages next build prints", () => {
    const lines = [
      "  Creating an optimized production build ...",
      "✓ Compiled successfully in 71s",
      "  Skipping validation of types",
      "  Collecting page data using 1 worker ...",
      "  Generating static pages using 1 worker (3/7) ",
      "✓ Generating static pages using 1 worker (7/7) in 395ms",
      "  Finalizing page optimization ...",
      "Route (app)",
      "✓ Finished writing to filesystem cache in 13.1s",
    ];
    const fractions = lines.map((l) => buildStage(l.trim())?.fraction);
    expect(fractions.every((f) => typeof f === "number" && f > 0 && f < 1)).toBe(true);
    expect([...fractions].sort((a, b) => a! - b!)).toEqual(fractions);
    expect(buildStage("Generating static pages using 1 worker (3/7)")?.detail).toBe("static pages 3/7");
  });

  it("ignores lines that name no stage", () => {
    expect(buildStage("├ ƒ /alerts")).toBeNull();
    expect(buildStage("")).toBeNull();
  });
});

describe("steps without a terminal", () => {
  it("prints each tenth once and the closing summary", () => {
    const out = new PassThrough();
    let text = "";
    out.on("data", (c: Buffer) => (text += c.toString()));
    const s = steps(out as unknown as NodeJS.WriteStream);
    const bar = s.add("history");
    for (let i = 0; i <= 100; i++) bar(i / 100, `${i} beats`);
    bar(1, "4,000 heartbeats in 3 s");
    bar(1, "4,000 heartbeats in 3 s");
    s.stop();
    const lines = text.trim().split("\n");
    expect(lines).toHaveLength(12);
    expect(lines[0]).toBe("history:   0% 0 beats");
    expect(lines[5]).toBe("history:  50% 50 beats");
    expect(lines[11]).toBe("history: 100% 4,000 heartbeats in 3 s");
  });
});
