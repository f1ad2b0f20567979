// The store's one way to talk to a database: asynchronous statements and transactions over
// either backend. SQLite (better-sqlite3) stays synchronous inside; PostgreSQL (pg) is a pool.
//
// Statements are SQL text with `?` (array) or `@name` (object) parameters, written once in the
// subset both dialects share; the PostgreSQL backend rewrites the placeholders to `$n`. Where the
// dialects truly differ, a module branches on `db.dialect`, side by side in the same module.
//
// Transactions: `db.transaction(async (tx) => ...)`. Every statement issued inside the callback,
// on `tx` or on `db` itself, joins the transaction (AsyncLocalStorage tracks it), so code that
// takes a `Db` works the same inside and outside one. A nested call becomes a savepoint.
import { AsyncLocalStorage } from "node:async_hooks";
import type Database from "better-sqlite3";
import type { Pool, PoolClient } from "pg";

export type Dialect = "sqlite" | "pg";
export type Params = readonly unknown[] | Readonly<Record<string, unknown>>;

export interface RunResult {
  /** Rows inserted, updated or deleted. */
  changes: number;
}

export interface Db {
  readonly dialect: Dialect;
  all<T = Record<string, unknown>>(sql: string, params?: Params): Promise<T[]>;
  get<T = Record<string, unknown>>(sql: string, params?: Params): Promise<T | undefined>;
  run(sql: string, params?: Params): Promise<RunResult>;
  /** Several statements separated by `;`, no parameters (schema work, pragmas). */
  exec(sql: string): Promise<void>;
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** True while the calling code runs inside one of this store's transactions. */
  inTransaction(): boolean;
  /** Reports every statement (and commit) that takes at least `watch.ms` from now on; null stops it. */
  watchSlowStatements(watch: SlowStatementWatch | null): void;
  close(): Promise<void>;
}

/**
 * Statements slower than `ms` are passed to `report` with their SQL text and duration. On SQLite
 * that is time the calling thread was held (better-sqlite3 is synchronous); on PostgreSQL it is
 * the round trip, which the event loop spends on other work.
 */
export interface SlowStatementWatch {
  ms: number;
  report(sql: string, ms: number): void;
}

function timed<T>(watch: SlowStatementWatch | null, sql: string, f: () => T): T {
  if (!watch) return f();
  const t = performance.now();
  try {
    return f();
  } finally {
    const ms = performance.now() - t;
    if (ms >= watch.ms) watch.report(sql, ms);
  }
}

async function timedAsync<T>(watch: SlowStatementWatch | null, sql: string, f: () => Promise<T>): Promise<T> {
  if (!watch) return f();
  const t = performance.now();
  try {
    return await f();
  } finally {
    const ms = performance.now() - t;
    if (ms >= watch.ms) watch.report(sql, ms);
  }
}

/**
 * The SQLite backend behind `db`, or null on PostgreSQL. Decided by `dialect`, not `instanceof`:
 * Next bundles its own copy of this module, so a store opened by the server process is not an
 * instance of the bundle's class.
 */
export function asSqlite(db: Db): SqliteDb | null {
  return db.dialect === "sqlite" ? (db as SqliteDb) : null;
}

/** The PostgreSQL backend behind `db`, or null on SQLite (see asSqlite). */
export function asPg(db: Db): PgDb | null {
  return db.dialect === "pg" ? (db as PgDb) : null;
}

// ---------------------------------------------------------------- SQLite

interface SqliteTx {
  depth: number;
}

/**
 * One better-sqlite3 connection: the one writer of the file. Statements run synchronously and
 * resolve at once; a transaction holds the connection until its callback settles, and any
 * statement from outside it waits for the commit (as it did when transactions were synchronous).
 */
/** Longest run of statements outside transactions before the event loop gets a turn (SqliteDb.mustYield). */
const STRETCH_MS = 4;

export class SqliteDb implements Db {
  readonly dialect = "sqlite" as const;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly als = new AsyncLocalStorage<SqliteTx>();
  private holder: SqliteTx | null = null;
  private waiters: (() => void)[] = [];
  private lockWaitMs = 0;
  private slow: SlowStatementWatch | null = null;
  /** performance.now() at the first statement since the event loop last turned; 0: none yet. */
  private stretchStart = 0;

  constructor(readonly raw: Database.Database, readonly file: string) {}

  watchSlowStatements(watch: SlowStatementWatch | null): void {
    this.slow = watch;
  }

  private prepare(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.raw.prepare(sql);
      if (this.statements.size > 2000) this.statements.clear();
      this.statements.set(sql, st);
    }
    return st;
  }

  /**
   * Another connection of this process writes the file too (the ingest thread, lib/ingest/thread.ts):
   * wait for its write lock by polling between turns of the event loop, at most `ms`, instead of
   * SQLite's busy handler, which sleeps on the calling thread and would stall every request.
   */
  waitForLocksAsync(ms = 5000): void {
    this.raw.pragma("busy_timeout = 0");
    this.lockWaitMs = ms;
  }

  /**
   * Whether a statement outside any transaction should wait for the next turn of the event loop:
   * an awaited statement resolves in a microtask, so a chain of them (the sweep's steps, a page's
   * reads) never lets the loop run, and at 20,000 terminals the sweep's chains held it for 36-48 ms.
   * After STRETCH_MS of such a stretch the next statement lets pending I/O run first.
   */
  private mustYield(): boolean {
    const now = performance.now();
    if (this.stretchStart === 0) {
      this.stretchStart = now;
      setImmediate(() => (this.stretchStart = 0));
      return false;
    }
    return now - this.stretchStart >= STRETCH_MS;
  }

  /** Runs `fn` now when the connection is free or ours; otherwise after the open transaction ends. */
  private when<T>(fn: () => T, retryBusy = true): Promise<T> {
    if (this.holder === null && this.mustYield()) return new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.when(fn, retryBusy));
    if (this.holder === null || this.als.getStore() === this.holder) {
      try {
        return Promise.resolve(fn());
      } catch (err) {
        // Outside a transaction a write may find the other connection's lock taken: try again later.
        if (retryBusy && this.holder === null && this.lockWaitMs > 0 && isSqliteBusy(err)) return this.retryWhenFree(() => this.when(fn, false));
        return Promise.reject(err);
      }
    }
    return new Promise<void>((resolve) => this.waiters.push(resolve)).then(() => this.when(fn, retryBusy));
  }

  /** Calls `attempt` again after short pauses while it fails with SQLITE_BUSY, for at most lockWaitMs. */
  private async retryWhenFree<T>(attempt: () => T | Promise<T>): Promise<T> {
    const deadline = performance.now() + this.lockWaitMs;
    for (let pause = 1; ; pause = Math.min(pause * 2, 8)) {
      await new Promise((resolve) => setTimeout(resolve, pause));
      try {
        return await attempt();
      } catch (err) {
        if (!isSqliteBusy(err) || performance.now() >= deadline) throw err;
      }
    }
  }

  private begin(): void | Promise<void> {
    try {
      this.raw.exec("BEGIN IMMEDIATE");
    } catch (err) {
      if (this.lockWaitMs === 0 || !isSqliteBusy(err)) throw err;
      return this.retryWhenFree(() => void this.raw.exec("BEGIN IMMEDIATE"));
    }
  }

  /** Synchronous read for the few callers that must not yield (the ingest hot path's cache fill). */
  allSync<T>(sql: string, params?: Params): T[] {
    return bind(this.prepare(sql), params, "all") as T[];
  }

  all<T>(sql: string, params?: Params): Promise<T[]> {
    return this.when(() => timed(this.slow, sql, () => bind(this.prepare(sql), params, "all") as T[]));
  }

  get<T>(sql: string, params?: Params): Promise<T | undefined> {
    return this.when(() => timed(this.slow, sql, () => bind(this.prepare(sql), params, "get") as T | undefined));
  }

  run(sql: string, params?: Params): Promise<RunResult> {
    return this.when(() => timed(this.slow, sql, () => ({ changes: (bind(this.prepare(sql), params, "run") as Database.RunResult).changes })));
  }

  exec(sql: string): Promise<void> {
    return this.when(() => timed(this.slow, sql, () => void this.raw.exec(sql)));
  }

  inTransaction(): boolean {
    return this.holder !== null && this.als.getStore() === this.holder;
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    const own = this.als.getStore();
    if (own && own === this.holder) {
      const name = `sp${++own.depth}`;
      this.raw.exec(`SAVEPOINT ${name}`);
      try {
        const result = await fn(this);
        this.raw.exec(`RELEASE ${name}`);
        return result;
      } catch (err) {
        this.raw.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
        throw err;
      } finally {
        own.depth--;
      }
    }
    if (this.mustYield()) await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.holder !== null) await new Promise<void>((resolve) => this.waiters.push(resolve));
    const tx: SqliteTx = { depth: 0 };
    this.holder = tx;
    try {
      await this.begin();
      try {
        const result = await this.als.run(tx, () => fn(this));
        timed(this.slow, "COMMIT", () => this.raw.exec("COMMIT"));
        return result;
      } catch (err) {
        if (this.raw.inTransaction) this.raw.exec("ROLLBACK");
        throw err;
      }
    } finally {
      this.holder = null;
      const waiting = this.waiters;
      this.waiters = [];
      for (const wake of waiting) wake();
    }
  }

  async close(): Promise<void> {
    while (this.holder !== null) await new Promise<void>((resolve) => this.waiters.push(resolve));
    if (!this.raw.open) return;
    if (this.file !== ":memory:") this.raw.pragma("wal_checkpoint(TRUNCATE)");
    this.raw.close();
  }
}

function isSqliteBusy(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === "SQLITE_BUSY";
}

function bind(st: Database.Statement, params: Params | undefined, how: "all" | "get" | "run"): unknown {
  if (params === undefined) return st[how]();
  if (Array.isArray(params)) return st[how](...(params as unknown[]));
  return st[how](params);
}

// ---------------------------------------------------------------- PostgreSQL

interface PgTx {
  client: PoolClient;
  depth: number;
}

/** A pg pool. Transactions check out one client; statements inside them use it. */
export class PgDb implements Db {
  readonly dialect = "pg" as const;
  private readonly als = new AsyncLocalStorage<PgTx>();

  private slow: SlowStatementWatch | null = null;

  constructor(readonly pool: Pool, readonly url: string) {}

  watchSlowStatements(watch: SlowStatementWatch | null): void {
    this.slow = watch;
  }

  private target(): Pool | PoolClient {
    return this.als.getStore()?.client ?? this.pool;
  }

  async all<T>(sql: string, params?: Params): Promise<T[]> {
    const q = toPg(sql, params);
    const r = await timedAsync(this.slow, sql, () => this.target().query(q.text, q.values));
    return r.rows as T[];
  }

  async get<T>(sql: string, params?: Params): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async run(sql: string, params?: Params): Promise<RunResult> {
    const q = toPg(sql, params);
    const r = await timedAsync(this.slow, sql, () => this.target().query(q.text, q.values));
    return { changes: r.rowCount ?? 0 };
  }

  async exec(sql: string): Promise<void> {
    await timedAsync(this.slow, sql, () => this.target().query(sql));
  }

  inTransaction(): boolean {
    return this.als.getStore() !== undefined;
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    const own = this.als.getStore();
    if (own) {
      const name = `sp${++own.depth}`;
      await own.client.query(`SAVEPOINT ${name}`);
      try {
        const result = await fn(this);
        await own.client.query(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (err) {
        await own.client.query(`ROLLBACK TO SAVEPOINT ${name}`);
        throw err;
      } finally {
        own.depth--;
      }
    }
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query("BEGIN");
      try {
        const result = await this.als.run({ client, depth: 0 }, () => fn(this));
        await timedAsync(this.slow, "COMMIT", () => client.query("COMMIT"));
        return result;
      } catch (err) {
        try {
          await client.query("ROLLBACK");
        } catch {
          broken = true;
        }
        throw err;
      }
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

interface PgQuery {
  text: string;
  values: unknown[];
}

const translated = new Map<string, { text: string; names: string[] | null; count: number }>();

/**
 * `?` and `@name` placeholders to `$n`, skipping quoted strings, identifiers and comments.
 * A name used twice binds one parameter.
 */
export function toPg(sql: string, params?: Params): PgQuery {
  let t = translated.get(sql);
  if (!t) {
    t = translatePlaceholders(sql);
    if (translated.size > 5000) translated.clear();
    translated.set(sql, t);
  }
  if (params === undefined) return { text: t.text, values: [] };
  if (Array.isArray(params)) return { text: t.text, values: (params as unknown[]).map(pgValue) };
  const obj = params as Record<string, unknown>;
  const values = (t.names ?? []).map((n) => {
    if (!(n in obj)) throw new Error(`missing named parameter "${n}"`);
    return pgValue(obj[n]);
  });
  return { text: t.text, values };
}

function pgValue(v: unknown): unknown {
  if (typeof v === "boolean") return v ? 1 : 0;
  // PostgreSQL text cannot hold NUL; such a value can match nothing stored, so it is bound as U+FFFD.
  if (typeof v === "string" && v.includes("\u0000")) return v.replaceAll("\u0000", "\uFFFD");
  return v;
}

function translatePlaceholders(sql: string): { text: string; names: string[] | null; count: number } {
  let out = "";
  let n = 0;
  const names: string[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      const stop = end === -1 ? sql.length : end + 1;
      out += sql.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      const stop = end === -1 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === "?") {
      out += `$${++n}`;
      i++;
      continue;
    }
    if (c === "@" && /[A-Za-z_]/.test(sql[i + 1] ?? "")) {
      let j = i + 1;
      while (j < sql.length && /[A-Za-z0-9_]/.test(sql[j]!)) j++;
      const name = sql.slice(i + 1, j);
      let k = names.indexOf(name);
      if (k === -1) k = names.push(name) - 1;
      out += `$${k + 1}`;
      i = j;
      continue;
    }
    out += c;
    i++;
  }
  if (n > 0 && names.length > 0) throw new Error("a statement mixes ? and @name placeholders");
  return { text: out, names: names.length > 0 ? names : null, count: n || names.length };
}
