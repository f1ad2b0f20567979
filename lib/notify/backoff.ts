// Retry delays: exponential with "equal jitter" (half fixed, half random), so a receiver that
// comes back is not hit by every channel at the same instant.
import { MINUTE_MS } from "@/lib/domain/time";
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 5_000, maxMs: 10 * MINUTE_MS };

/** Delay before attempt `attempts + 1`, given `attempts` failures so far (≥ 1) and a random number in [0, 1). */
export function backoffDelay(attempts: number, random: number, o: BackoffOptions = DEFAULT_BACKOFF): number {
  const exp = Math.min(o.maxMs, o.baseMs * 2 ** Math.min(30, Math.max(0, attempts - 1)));
  return Math.round(exp / 2 + random * (exp / 2));
}
