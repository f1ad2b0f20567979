// Ingest in a worker thread (SQLite). better-sqlite3 runs every statement synchronously, so a group
// commit of a few dozen beats held the server's one event loop for 20-75 ms at 100,000 terminals
// (each beat moves entries of terminal_state's indexes on random pages), and every page request
// that arrived meanwhile waited. Here the commits run on their own thread and connection; the
// main thread keeps its connection for pages, the sweep and admin writes, which take SQLite's
// write lock in turn with this one (WAL: reads never wait for it). Still one writer process per
// file. See docs/architecture.md, "Ingest thread".
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { AppError, type ErrorCode } from "@/lib/domain/errors";
import { log } from "@/lib/log";
import type { Policy } from "@/lib/rules/policy";
import type { IngestJob, IngestSummary } from "./ingest";

export interface ThreadData {
  file: string;
  /** Statements of the thread's connection this slow (ms) are sent back as SlowReply; 0: none. */
  slowMs: number;
}

/** A slow statement of the thread's connection (see SlowStatementWatch in db/sql.ts). */
export interface SlowReply {
  slow: { sql: string; ms: number };
}

export interface ThreadOptions {
  slowMs?: number;
  onSlow?: (sql: string, ms: number) => void;
}

export interface CommitRequest {
  id: number;
  jobs: IngestJob[];
  now: number;
  policy: Policy;
}

export type CommitReply =
  | { id: number; results: IngestSummary[]; error?: undefined }
  | { id: number; results?: undefined; error: { message: string; name: string; code?: string; details?: Record<string, unknown> } };

interface Pending {
  resolve: (r: IngestSummary[]) => void;
  reject: (e: unknown) => void;
}

const ENTRY = pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), "thread-entry.ts")).href;
// The thread loads its TypeScript through tsx's API: a worker does not inherit the parent's
// `--import tsx` loader on Node 20, and this runs the same way under tsx, vitest and `npm start`.
const BOOT = `import("tsx/esm/api").then((tsx) => tsx.tsImport(${JSON.stringify(ENTRY)}, ${JSON.stringify(ENTRY)}))`;

/** The main thread's handle on the ingest thread: `commit` is an IngestQueue's commit function. */
export class IngestThread {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closing = false;

  constructor(private readonly file: string, private readonly opts: ThreadOptions = {}) {}

  /** Starts the thread (or restarts it after a crash) and resolves once its connection is open. */
  start(): Promise<void> {
    if (this.ready) return this.ready;
    const worker = new Worker(BOOT, { eval: true, workerData: { file: this.file, slowMs: this.opts.slowMs ?? 0 } satisfies ThreadData });
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      worker.once("message", () => resolve());
      worker.once("error", reject);
    });
    worker.on("message", (m: CommitReply | SlowReply | { ready: true }) => {
      if ("slow" in m) return this.opts.onSlow?.(m.slow.sql, m.slow.ms);
      if (!("id" in m)) return;
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error) p.reject(rebuild(m.error));
      else p.resolve(m.results);
    });
    worker.on("error", (err) => log.error({ err }, "the ingest thread failed"));
    worker.on("exit", (code) => {
      this.worker = null;
      this.ready = null;
      const lost = [...this.pending.values()];
      this.pending.clear();
      // Nothing of a commit in flight is half-stored: SQLite rolls back what the thread did not commit.
      for (const p of lost) p.reject(new AppError("unavailable", "the ingest thread stopped; retry after the delay given in Retry-After", { retryAfterSeconds: 1 }));
      if (!this.closing) log.error({ code }, "the ingest thread exited; it starts again with the next commit");
    });
    return this.ready;
  }

  readonly commit = async (jobs: IngestJob[], now: number, policy: Policy): Promise<IngestSummary[]> => {
    await this.start();
    const id = this.nextId++;
    return new Promise<IngestSummary[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker!.postMessage({ id, jobs, now, policy } satisfies CommitRequest);
    });
  };

  /** Closes the thread's connection (after the commit in flight) and ends the thread. */
  async close(): Promise<void> {
    this.closing = true;
    const worker = this.worker;
    if (!worker) return;
    await new Promise<void>((resolve) => {
      worker.once("exit", () => resolve());
      worker.postMessage({ close: true });
    });
  }
}

function rebuild(e: NonNullable<CommitReply["error"]>): Error {
  if (e.name === "AppError" && e.code) return new AppError(e.code as ErrorCode, e.message, e.details);
  const err = new Error(e.message) as Error & { code?: string };
  err.name = e.name;
  if (e.code) err.code = e.code;
  return err;
}
