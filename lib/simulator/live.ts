// The live simulator's clock loop: every tick it takes the beats that fell due since the last tick
// (on the simulated clock, `speed` times real time) and posts them in batches of at most 500, as a
// gateway forwards what its terminals sent in the same moment.
import type { Poster } from "./poster";
import type { Simulation } from "./simulation";

export interface LiveOptions {
  /** Simulated time at the start, epoch ms. */
  start: number;
  /** Simulated milliseconds per real millisecond. */
  speed: number;
  intervalMs: number;
  tickMs?: number;
  batchMax?: number;
  /** Stop after this much simulated time, ms (absent: run until stopped). */
  durationMs?: number;
  /** Real clock; tests pass their own. */
  realNow?: () => number;
  onFatal?: (err: Error) => void;
  /** Called with each simulated span before its beats are taken (scenario churn hooks in here). */
  onAdvance?: (from: number, to: number) => void;
}

export const BATCH_MAX = 500;

export class LiveRunner {
  private timer: NodeJS.Timeout | null = null;
  private readonly realStart: number;
  private simulatedTo: number;
  private readonly pending = new Set<Promise<void>>();
  private finished: (() => void) | null = null;
  readonly done: Promise<void>;

  constructor(
    private readonly sim: Simulation,
    private readonly poster: Poster,
    private readonly o: LiveOptions,
  ) {
    this.realStart = (o.realNow ?? Date.now)();
    this.simulatedTo = o.start;
    this.done = new Promise((resolve) => (this.finished = resolve));
  }

  /** The simulated clock now. */
  simNow(): number {
    const t = this.o.start + ((this.o.realNow ?? Date.now)() - this.realStart) * this.o.speed;
    return this.o.durationMs === undefined ? t : Math.min(t, this.o.start + this.o.durationMs);
  }

  start(): void {
    this.timer = setInterval(() => this.tick(), this.o.tickMs ?? 1000);
    this.tick();
  }

  /** Posts what fell due since the last tick; returns the number of beats sent. */
  tick(): number {
    const to = this.simNow();
    this.o.onAdvance?.(this.simulatedTo, to);
    const due = this.sim.beatsDue(this.simulatedTo, to, this.o.intervalMs);
    this.simulatedTo = to;
    const max = this.o.batchMax ?? BATCH_MAX;
    for (let i = 0; i < due.length; i += max) {
      const p = this.poster.post(due.slice(i, i + max).map((d) => d.beat)).catch((err: Error) => {
        void this.stop();
        this.o.onFatal?.(err);
      });
      this.pending.add(p);
      void p.finally(() => this.pending.delete(p));
    }
    if (this.o.durationMs !== undefined && to >= this.o.start + this.o.durationMs) void this.stop();
    return due.length;
  }

  get simulatedUntil(): number {
    return this.simulatedTo;
  }

  /** Stops ticking and waits for requests in flight (their retries included). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.pending]);
    this.finished?.();
  }
}
