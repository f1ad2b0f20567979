import type { Db } from "@/db/client";
import { AppError } from "@/lib/errors";
import type { Policy } from "@/lib/rules/policy";
import { ingestJobs, type IngestJob, type IngestSummary } from "./ingest";

export interface QueueOptions {
  now: () => number;
  policy: () => Policy | Promise<Policy>;
  /** Most items one shared transaction takes; the rest wait for the next one. */
  maxItemsPerCommit?: number;
  /** Items allowed to wait; beyond it requests are refused with 503 instead of queueing without end. */
  maxPendingItems?: number;
  /** Stores one group commit; ingestJobs on the queue's store when absent (the ingest thread passes its own). */
  commit?: Commit;
}

export type Commit = (jobs: IngestJob[], now: number, policy: Policy) => Promise<IngestSummary[]>;

interface Waiting {
  job: IngestJob;
  resolve: (s: IngestSummary) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit: requests that arrive while the writer is busy share the next transaction.
 * One flush runs at a time: everything that queues up while a flush awaits its commit goes into
 * the following one. Every request is answered only after its commit.
 */
export class IngestQueue {
  private waiting: Waiting[] = [];
  private pendingItems = 0;
  private scheduled = false;
  private flushing = false;
  private closed = false;
  private idle: (() => void) | null = null;
  private readonly maxPerCommit: number;
  private readonly maxPending: number;
  private readonly commit: Commit;

  constructor(
    private readonly db: Db,
    private readonly opts: QueueOptions,
  ) {
    this.maxPerCommit = opts.maxItemsPerCommit ?? 5000;
    this.maxPending = opts.maxPendingItems ?? 50_000;
    this.commit = opts.commit ?? ((jobs, now, policy) => ingestJobs(this.db, jobs, now, policy));
  }

  get depth(): number {
    return this.pendingItems;
  }

  submit(job: IngestJob): Promise<IngestSummary> {
    if (this.closed) return Promise.reject(shuttingDown());
    if (this.pendingItems + job.items.length > this.maxPending) {
      return Promise.reject(new AppError("unavailable", "the server is saturated with heartbeats; retry after the delay given in Retry-After", { retryAfterSeconds: 1 }));
    }
    return new Promise((resolve, reject) => {
      this.waiting.push({ job, resolve, reject });
      this.pendingItems += job.items.length;
      this.schedule();
    });
  }

  /**
   * For shutdown: refuses what has not begun to commit (503 with Retry-After, so the terminal
   * sends it again to this or another instance) and resolves once the commit under way, if any,
   * has finished. After it no statement reaches the store, so the store can be closed: nothing
   * is half-written, and nothing answered 200 is lost.
   */
  close(): Promise<void> {
    this.closed = true;
    const refused = this.waiting.splice(0);
    this.pendingItems = 0;
    for (const w of refused) w.reject(shuttingDown());
    if (!this.flushing) return Promise.resolve();
    return new Promise((resolve) => (this.idle = resolve));
  }

  /** Starts a flush on the next turn unless one is scheduled or still awaiting its commit. */
  private schedule(): void {
    if (this.closed || this.scheduled || this.flushing || this.waiting.length === 0) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    if (this.closed || this.waiting.length === 0) return;
    this.flushing = true;
    let items = 0;
    let take = 0;
    while (take < this.waiting.length && (take === 0 || items + this.waiting[take]!.job.items.length <= this.maxPerCommit)) {
      items += this.waiting[take]!.job.items.length;
      take++;
    }
    const batch = this.waiting.splice(0, take);
    this.pendingItems -= items;
    try {
      const now = this.opts.now();
      const policy = await this.opts.policy();
      const results = await this.commit(batch.map((w) => w.job), now, policy);
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (err) {
      const mapped = isBusy(err)
        ? new AppError("unavailable", "the database is busy; retry after the delay given in Retry-After", { retryAfterSeconds: 1 })
        : err;
      for (const w of batch) w.reject(mapped);
    } finally {
      this.flushing = false;
      if (this.idle) {
        this.idle();
        this.idle = null;
      }
      this.schedule();
    }
  }
}

/** The refusal of a server that is stopping: the sender retries, here or at another instance. */
export function shuttingDown(): AppError {
  return new AppError("unavailable", "the server is shutting down; retry after the delay given in Retry-After", { retryAfterSeconds: 2 });
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  // SQLite: another connection holds the lock. PostgreSQL: serialization failure, deadlock, lock timeout.
  if (code === "SQLITE_BUSY" || code === "SQLITE_LOCKED" || code === "40001" || code === "40P01" || code === "55P03") return true;
  // PostgreSQL: a day partition was attached by the leader while this batch wrote that day into the
  // default partition; the retry lands in the new partition.
  return code === "23514" && /partition constraint/.test((err as { message?: string }).message ?? "");
}
