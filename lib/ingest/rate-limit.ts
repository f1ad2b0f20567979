import { env } from "@/lib/config";

/**
 * Token bucket per ingest key, counted in heartbeats (a batch of 500 costs 500). In memory: the
 * one server process is the only writer, so there is no other instance to share counts with.
 */
export class RateLimiter {
  private readonly buckets = new Map<number, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {}

  /** Takes `cost` tokens; returns 0 when allowed, else the seconds to wait before retrying. */
  take(key: number, cost: number, now: number): number {
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.perSecond);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= cost) {
      b.tokens -= cost;
      return 0;
    }
    return Math.max(1, Math.ceil((Math.min(cost, this.burst) - b.tokens) / this.perSecond));
  }
}

export function rateLimiterFromEnv(source: NodeJS.ProcessEnv = process.env): RateLimiter {
  const perSecond = env("INGEST_RATE_PER_KEY", source);
  const burst = env("INGEST_BURST_PER_KEY", source) ?? perSecond * 2;
  return new RateLimiter(perSecond, burst);
}
