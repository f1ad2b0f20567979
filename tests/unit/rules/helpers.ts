import { defaultPolicy, type Policy } from "@/lib/rules/policy";
import type { RuleHeartbeat } from "@/lib/rules/types";

export const MIN = 60_000;
export const T0 = Date.UTC(2025, 0, 6, 8, 0, 0); // a fixed Monday morning, epoch ms

/** A healthy heartbeat at `T0 + minute` minutes; override any field. */
export function beat(minute: number, over: Partial<RuleHeartbeat> = {}): RuleHeartbeat {
  return {
    at: T0 + minute * MIN,
    battery: 80,
    charging: false,
    firmware: "2.4.1",
    signalDbm: -70,
    network: "4G",
    errors: {},
    ...over,
  };
}

/** `n` beats every 5 minutes from minute 0; `over(i)` customises beat i. */
export function series(n: number, over: (i: number) => Partial<RuleHeartbeat> = () => ({})): RuleHeartbeat[] {
  return Array.from({ length: n }, (_, i) => beat(i * 5, over(i)));
}

/** The moment just after the last of `n` beats of `series`: still online. */
export function nowAfter(n: number): number {
  return T0 + (n - 1) * 5 * MIN + 5 * MIN;
}

export function policy(over: Partial<Policy> = {}): Policy {
  return { ...defaultPolicy, ...over };
}

/** The last `k` of `n` beats get `over`, the others stay healthy. */
export function lastBeats(n: number, k: number, over: Partial<RuleHeartbeat>): RuleHeartbeat[] {
  return series(n, (i) => (i >= n - k ? over : {}));
}

/** `codes` when `cond` holds, else no codes. */
export function codesIf(cond: boolean, codes: Record<string, number>): Record<string, number> {
  return cond ? codes : {};
}
