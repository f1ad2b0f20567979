// The gate in front of argon2: never more than its concurrency at once, a short queue, and an
// immediate refusal beyond it.
import { describe, expect, it } from "vitest";
import { HashGate } from "@/lib/auth/password";

describe("HashGate", () => {
  it("runs at most `concurrency` at once, queues `queueLimit` more and refuses the rest at once", async () => {
    const gate = new HashGate(2, 3);
    let running = 0;
    let peak = 0;
    const job = () =>
      gate.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 20));
        running--;
        return "done";
      });
    const started = performance.now();
    const results = await Promise.allSettled(Array.from({ length: 10 }, job));
    const refusedAt = performance.now() - started;
    expect(peak).toBe(2);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused).toHaveLength(5);
    expect(refused.every((r) => (r.reason as { code?: string }).code === "PFH_HASH_GATE_FULL")).toBe(true);
    expect(refusedAt).toBeLessThan(5_000);
    expect(gate.busy).toEqual({ running: 0, queued: 0 });
    // Free again afterwards.
    expect(await job()).toBe("done");
  });

  it("a failing job frees its slot", async () => {
    const gate = new HashGate(1, 0);
    await expect(gate.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(gate.full()).toBe(false);
    expect(await gate.run(() => Promise.resolve(1))).toBe(1);
  });
});
