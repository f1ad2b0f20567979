// The SQLite server's ingest thread (lib/ingest/thread.ts) and the main connection's lock waiting
// (SqliteDb.waitForLocksAsync): real files, a real worker thread, a second real connection. SQLite
// only, so it opens its own files under `npm run test:pg` too.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openSqlite, type SqliteDb } from "@/db/client";
import { IngestQueue } from "@/lib/ingest/queue";
import { IngestThread } from "@/lib/ingest/thread";
import { defaultPolicy } from "@/lib/rules/policy";
import { beat, count, makeAgent, makeTerminal, T0 } from "../helpers/db";

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pfh-thread-"));
  cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, "fleet.db");
}

function open(file: string): SqliteDb {
  const db = openSqlite(file);
  cleanup.push(() => db.close());
  return db;
}

/** Counts turns of the event loop until `p` settles. */
async function turnsWhile<T>(p: Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  let done = false;
  const spin = () => {
    if (done) return;
    turns++;
    setImmediate(spin);
  };
  setImmediate(spin);
  try {
    return { value: await p, turns };
  } finally {
    done = true;
  }
}

/** A store waiting at most `waitMs` for locks, with table t, and a second connection holding the write lock. */
async function lockedByAnother(waitMs: number): Promise<{ db: SqliteDb; other: Database.Database }> {
  const file = tempFile();
  const db = open(file);
  db.waitForLocksAsync(waitMs);
  await db.exec("CREATE TABLE t (v INTEGER)");
  const other = new Database(file);
  cleanup.push(() => void other.close());
  other.exec("BEGIN IMMEDIATE");
  return { db, other };
}

describe("waiting for another connection's write lock", () => {
  it("keeps the event loop turning while another connection holds the lock, then writes", async () => {
    const { db, other } = await lockedByAnother(5_000);
    other.exec("INSERT INTO t VALUES (1)");
    const inTx = db.transaction(async (tx) => tx.run("INSERT INTO t VALUES (2)"));
    const plain = db.run("INSERT INTO t VALUES (3)");
    const release = new Promise<void>((resolve) => setTimeout(() => (other.exec("COMMIT"), resolve()), 60));
    const { turns } = await turnsWhile(Promise.all([inTx, plain, release]));
    expect(turns).toBeGreaterThan(5);
    expect((await db.all<{ v: number }>("SELECT v FROM t ORDER BY v")).map((r) => r.v)).toEqual([1, 2, 3]);
  });

  it("gives up with SQLITE_BUSY after its limit and writes nothing", async () => {
    const { db, other } = await lockedByAnother(80);
    await expect(db.transaction(async (tx) => tx.run("INSERT INTO t VALUES (1)"))).rejects.toMatchObject({ code: "SQLITE_BUSY" });
    await expect(db.run("INSERT INTO t VALUES (2)")).rejects.toMatchObject({ code: "SQLITE_BUSY" });
    other.exec("ROLLBACK");
    expect(await count(db, "SELECT count(*) AS n FROM t")).toBe(0);
    // The connection is usable again once the lock is free.
    await db.transaction(async (tx) => tx.run("INSERT INTO t VALUES (3)"));
    expect(await count(db, "SELECT count(*) AS n FROM t")).toBe(1);
  });
});

describe("the ingest thread", () => {
  it("stores group commits on its own connection while the main thread keeps serving", async () => {
    const file = tempFile();
    const db = open(file);
    db.waitForLocksAsync();
    const agent = await makeAgent(db, null, { code: "THREADROOT" });
    const terminals = [];
    for (let i = 0; i < 40; i++) terminals.push(await makeTerminal(db, agent.id));
    const thread = new IngestThread(file);
    cleanup.push(() => thread.close());
    await thread.start();
    const queue = new IngestQueue(db, { now: () => T0 + 3_600_000, policy: () => defaultPolicy, commit: thread.commit });
    const scope = { agentId: agent.id, agentPath: agent.path };
    const items = terminals.flatMap((t) => Array.from({ length: 50 }, (_, s) => beat(t.sn, s + 1, { battery_pct: 10 + s })));
    const { value: summary, turns } = await turnsWhile(queue.submit({ scope, items: [...items, beat("NO-SUCH-SN", 1)] }));
    expect(summary.accepted).toBe(2000);
    expect(summary.rejected).toBe(1);
    expect(summary.results.at(-1)).toMatchObject({ status: "rejected", code: "unknown_terminal" });
    // The commit ran elsewhere: this thread's event loop went on turning meanwhile.
    expect(turns).toBeGreaterThan(0);
    // Visible to the main connection once answered, state and diagnosis included.
    expect(await count(db, "SELECT count(*) AS n FROM heartbeats")).toBe(2000);
    expect(await count(db, "SELECT count(*) AS n FROM terminal_state WHERE last_seq = 50 AND battery_pct = 59")).toBe(40);
    // A write on the main connection while the thread commits the duplicates of the same beats.
    const [again] = await Promise.all([
      queue.submit({ scope, items: items.slice(0, 500) }),
      db.transaction(async (tx) => tx.run("UPDATE agents SET name = ? WHERE id = ?", ["改名", agent.id])),
    ]);
    expect(again.duplicate).toBe(500);
    expect(await count(db, "SELECT count(*) AS n FROM heartbeats")).toBe(2000);
  });

  it("answers a commit that fails in the thread with its error and stores nothing of it", async () => {
    const file = tempFile();
    const db = open(file);
    const agent = await makeAgent(db, null, { code: "THREADERR" });
    const t = await makeTerminal(db, agent.id);
    const thread = new IngestThread(file);
    cleanup.push(() => thread.close());
    const scope = { agentId: agent.id, agentPath: agent.path };
    // A policy without its window settings makes the diagnosis throw inside the transaction.
    await expect(thread.commit([{ scope, items: [beat(t.sn, 1)] }], T0, {} as typeof defaultPolicy)).rejects.toThrow();
    expect(await count(db, "SELECT count(*) AS n FROM heartbeats")).toBe(0);
    // The thread survives and takes the next commit.
    const [ok] = await thread.commit([{ scope, items: [beat(t.sn, 1)] }], T0 + 60_000, defaultPolicy);
    expect(ok!.accepted).toBe(1);
  });
});
