import type { Db } from "@/db/client";
import { AppError } from "@/lib/errors";
import type { Policy } from "@/lib/rules/policy";
import { ingestJobs, type IngestJob, type IngestSummary } from "./ingest";

export interface QueueOptions {
  now: () => number;
  policy: () => Policy;
  /** Most items one shared transaction takes; the rest wait for the next one. */
  maxItemsPerCommit?: number;
  /** Items allowed to wait; beyond it requests are refused with 503 instead of queueing without end. */
  maxPendingItems?: number;
}

interface Waiting {
  job: IngestJob;
  resolve: (s: IngestSummary) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit: requests that arrive while the writer is busy share the next transaction.
 * better-sqlite3 is synchronous, so a flush runs to completion and everything that queued up
 * meanwhile goes into the following one. Every request is answered only after its commit.
 */
export class IngestQueue {
  private waiting: Waiting[] = [];
  private pendingItems = 0;
  private scheduled = false;
  private readonly maxPerCommit: number;
  private readonly maxPending: number;

  constructor(
    private readonly db: Db,
    private readonly opts: QueueOptions,
  ) {
    this.maxPerCommit = opts.maxItemsPerCommit ?? 5000;
    this.maxPending = opts.maxPendingItems ?? 50_000;
  }

  get depth(): number {
    return this.pendingItems;
  }

  submit(job: IngestJob): Promise<IngestSummary> {
    if (this.pendingItems + job.items.length > this.maxPending) {
      return Promise.reject(new AppError("unavailable", "the server is saturated with heartbeats; retry after the delay given in Retry-After", { retryAfterSeconds: 1 }));
    }
    return new Promise((resolve, reject) => {
      this.waiting.push({ job, resolve, reject });
      this.pendingItems += job.items.length;
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    let items = 0;
    let take = 0;
    while (take < this.waiting.length && (take === 0 || items + this.waiting[take]!.job.items.length <= this.maxPerCommit)) {
      items += this.waiting[take]!.job.items.length;
      take++;
    }
    const batch = this.waiting.splice(0, take);
    this.pendingItems -= items;
    if (this.waiting.length > 0) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    try {
      const results = ingestJobs(this.db, batch.map((w) => w.job), this.opts.now(), this.opts.policy());
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (err) {
      const mapped = isBusy(err)
        ? new AppError("unavailable", "the database is busy; retry after the delay given in Retry-After", { retryAfterSeconds: 1 })
        : err;
      for (const w of batch) w.reject(mapped);
    }
  }
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === "SQLITE_BUSY" || code === "SQLITE_LOCKED";
}
