// The ingest thread's own side (started by lib/ingest/thread.ts): a second connection to the
// SQLite file that runs the group commits, so their synchronous statements never hold the
// thread that serves pages. Commits arrive one at a time (the queue runs one flush at a time).
import { parentPort, workerData } from "node:worker_threads";
import { openSqlite } from "@/db/client";
import type { ErrorCode } from "@/lib/domain/errors";
import { ingestJobs } from "./ingest";
import type { CommitReply, CommitRequest, SlowReply, ThreadData } from "./thread";

const { file, slowMs } = workerData as ThreadData;
// A smaller page cache than the main connection's 64 MiB: ingest touches a few pages per beat, the
// OS keeps the file's pages anyway, and the process holds both caches (docs/operations.md, "Memory").
const db = openSqlite(file, { migrate: false, cacheMiB: 16 });
const port = parentPort!;
if (slowMs > 0) db.watchSlowStatements({ ms: slowMs, report: (sql, ms) => port.postMessage({ slow: { sql, ms } } satisfies SlowReply) });

port.on("message", (m: CommitRequest | { close: true }) => {
  if ("close" in m) {
    void db.close().then(() => port.close());
    return;
  }
  ingestJobs(db, m.jobs, m.now, m.policy).then(
    (results) => port.postMessage({ id: m.id, results } satisfies CommitReply),
    (err: unknown) => {
      const e = err as { message?: string; code?: string | ErrorCode; name?: string; details?: Record<string, unknown> };
      port.postMessage({
        id: m.id,
        error: { message: String(e?.message ?? err), name: e?.name ?? "Error", code: e?.code, details: e?.details },
      } satisfies CommitReply);
    },
  );
});
port.postMessage({ ready: true });
