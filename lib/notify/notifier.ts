// Delivers the outbox: after each sweep commit (kick) and on a timer for retries. Each channel's
// messages go out in order, one at a time; channels are served in parallel. A message is marked
// delivered only after the receiver accepted it, and carries the same idempotency key on every
// attempt, so a receiver that was down gets each message once when it is back.
import { claimDueHeads, recordAttempt, type DueMessage } from "@/db/alerts-outbox";
import type { Db } from "@/db/client";
import { log } from "@/lib/log";
import { metrics } from "@/lib/metrics";
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from "./backoff";
import { send } from "./deliver";
import type { Message } from "./message";
import { renderRequest } from "./render";
import { DAY_MS, MINUTE_MS } from "@/lib/domain/time";

export interface NotifierOptions {
  now?: () => number;
  random?: () => number;
  backoff?: BackoffOptions;
  timeoutMs?: number;
  /** How often due retries are looked for, ms. */
  intervalMs?: number;
  /** A message still undelivered this long after it was queued is given up, ms. */
  giveUpAfterMs?: number;
  /**
   * How long a claimed message is kept from other notifiers, ms: longer than any attempt takes
   * (default: the timeout plus a minute). A notifier that dies mid-send leaves its claim this long.
   */
  leaseMs?: number;
}

export class Notifier {
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly backoff: BackoffOptions;
  private readonly timeoutMs: number;
  private readonly intervalMs: number;
  private readonly giveUpAfterMs: number;
  private readonly lease: number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private again = false;
  private stopped = false;
  private readonly inflight = new AbortController();

  constructor(
    private readonly db: Db,
    opts: NotifierOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
    this.backoff = opts.backoff ?? DEFAULT_BACKOFF;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.intervalMs = opts.intervalMs ?? 2_000;
    this.giveUpAfterMs = opts.giveUpAfterMs ?? DAY_MS;
    this.lease = Math.max(opts.leaseMs ?? this.timeoutMs + MINUTE_MS, this.timeoutMs + 1_000);
  }

  start(): this {
    this.timer ??= setInterval(() => void this.drain(), this.intervalMs);
    this.timer.unref();
    return this;
  }

  /** Something was committed to the outbox: deliver soon. */
  kick(): void {
    if (!this.stopped) setImmediate(() => void this.drain());
  }

  /** Sends everything due now, following each channel's queue; resolves with the count delivered. */
  drain(): Promise<number> {
    if (this.stopped) return Promise.resolve(0);
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let delivered = 0;
      do {
        this.again = false;
        delivered += await this.drainOnce();
      } while (this.again && !this.stopped);
      return delivered;
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Stops the timer, lets in-flight attempts finish (or cuts them after `graceMs`) and records their outcome. */
  async stop(graceMs = 5_000): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const current = this.running;
    if (!current) return;
    const cut = setTimeout(() => this.inflight.abort(), graceMs);
    await current.catch(() => 0);
    clearTimeout(cut);
  }

  private async drainOnce(): Promise<number> {
    let delivered = 0;
    for (;;) {
      if (this.stopped && delivered > 0) break;
      let heads: DueMessage[];
      try {
        // One short transaction claims the heads; the HTTP calls below run outside it.
        const now = this.now();
        heads = await claimDueHeads(this.db, now, now + this.leaseMs());
      } catch (err) {
        log.error({ err }, "reading the outbox failed");
        return delivered;
      }
      if (heads.length === 0) return delivered;
      const results = await Promise.all(heads.map((h) => this.attempt(h)));
      const n = results.filter(Boolean).length;
      delivered += n;
      // Failed heads wait for their backoff; only successes can uncover more due messages.
      if (n === 0 || this.stopped) return delivered;
    }
    return delivered;
  }

  /** How long a claimed message is kept from other notifiers: longer than any attempt takes. */
  private leaseMs(): number {
    return this.lease;
  }

  private async attempt(h: DueMessage): Promise<boolean> {
    const at = this.now();
    const request = renderRequest({ kind: h.channelKind, url: h.url, secret: h.secret }, JSON.parse(h.message) as Message, { idempotencyKey: h.idempotencyKey, now: at });
    const r = await send(h.channelKind, request, { timeoutMs: this.timeoutMs, secrets: [h.url, h.secret], signal: this.inflight.signal });
    const attempt = { outboxId: h.id, channelId: h.channelId, at, durationMs: r.durationMs, httpStatus: r.status, ok: r.ok, error: r.error };
    try {
      if (r.ok) {
        await recordAttempt(this.db, attempt, { deliveredAt: this.now() });
        return true;
      }
      const failedAt = this.now() - h.createdAt >= this.giveUpAfterMs ? this.now() : null;
      await recordAttempt(this.db, attempt, { nextAttemptAt: this.now() + backoffDelay(h.attempts + 1, this.random(), this.backoff), failedAt });
      metrics().notifyFailures.inc({ channel: h.channelKind });
      log.warn({ channelId: h.channelId, outboxId: h.id, status: r.status, error: r.error, attempts: h.attempts + 1, gaveUp: failedAt !== null }, "notification delivery failed");
    } catch (err) {
      // The channel may have been deleted meanwhile (its messages go with it).
      log.error({ err, channelId: h.channelId, outboxId: h.id }, "recording a delivery attempt failed");
    }
    return false;
  }
}

/**
 * The process's notifier (lib/server/main.ts): retries on its timer, kicked after each sweep.
 * Every instance runs one; on PostgreSQL they share the outbox through claimDueHeads.
 */
export function startNotifier(db: Db, opts: NotifierOptions = {}): Notifier {
  return new Notifier(db, opts).start();
}
