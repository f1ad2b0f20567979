// Opening the store: SQLite by default (DATABASE_PATH, data/fleet.db), PostgreSQL 15 when
// DATABASE_URL=postgres://... is set. Both are migrated with their own committed drizzle-kit
// migrations before use.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { drizzle as drizzleSqlite } from "drizzle-orm/better-sqlite3";
import { migrate as migrateSqlite } from "drizzle-orm/better-sqlite3/migrator";
import { CONFIG, readConfigVar } from "@/lib/domain/config";
import { asPg, PgDb, SqliteDb, type Db } from "./sql";

export type { Db, Dialect, Params, RunResult } from "./sql";
export { asPg, asSqlite, PgDb, SqliteDb } from "./sql";

export const DEFAULT_DATABASE_PATH = CONFIG.DATABASE_PATH.default;
export const MIGRATIONS_DIR = path.join(process.cwd(), "db", "migrations", "sqlite");
export const PG_MIGRATIONS_DIR = path.join(process.cwd(), "db", "migrations", "pg");

/**
 * Pragmas chosen for one writer process:
 * - WAL lets pages read while ingest writes.
 * - synchronous=NORMAL in WAL mode: a committed transaction survives a crash of the process
 *   (it is in the WAL file, which the OS holds); a power loss or OS crash may lose the last
 *   transactions before the next checkpoint, never corrupt the file. FULL would fsync every
 *   commit; set DATABASE_SYNCHRONOUS=FULL where power-loss durability outweighs ingest speed.
 * - busy_timeout: the backup CLI or a second reader may hold a lock briefly.
 */
export function applyPragmas(sqlite: Database.Database, cacheMiB = 64): void {
  sqlite.pragma("journal_mode = WAL");
  const sync = readConfigVar("DATABASE_SYNCHRONOUS", process.env);
  sqlite.pragma(`synchronous = ${sync}`);
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("temp_store = MEMORY");
  sqlite.pragma(`cache_size = ${-Math.round(cacheMiB * 1024)}`); // in KiB
}

export interface OpenOptions {
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
  /** The connection's page cache, MiB (default 64). */
  cacheMiB?: number;
}

/**
 * Checks a SQLite copy (a backup) read-only: the integrity check's verdict ("ok" when sound) and
 * the heartbeats it holds.
 */
export function inspectSqliteCopy(file: string): { integrity: string; heartbeats: number } {
  const copy = new Database(file, { readonly: true });
  try {
    const integrity = String(copy.pragma("integrity_check", { simple: true }));
    const heartbeats = (copy.prepare(`SELECT count(*) AS n FROM heartbeats`).get() as { n: number }).n;
    return { integrity, heartbeats };
  } finally {
    copy.close();
  }
}

/** Opens (and by default migrates) a SQLite file synchronously. */
export function openSqlite(file: string, options: OpenOptions = {}): SqliteDb {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  applyPragmas(sqlite, options.cacheMiB);
  if (options.migrate !== false) migrateSqlite(drizzleSqlite(sqlite), { migrationsFolder: MIGRATIONS_DIR });
  return new SqliteDb(sqlite, file);
}

export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/** A pg pool for `url`, with 64-bit integers and numerics read as JS numbers (epoch ms, counts). */
export function openPostgres(url: string, poolSize = readConfigVar("DATABASE_POOL_SIZE", process.env)): PgDb {
  pg.types.setTypeParser(20, (v: string) => Number(v));
  pg.types.setTypeParser(1700, (v: string) => Number(v));
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on("error", () => {
    // An idle client lost its connection; the pool replaces it on the next checkout.
  });
  return new PgDb(pool, url);
}

/** Applies the committed PostgreSQL migrations, one instance at a time (an advisory lock). */
export async function migratePostgres(db: PgDb): Promise<void> {
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const { migrate } = await import("drizzle-orm/node-postgres/migrator");
  const client = await db.pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock(7340001)");
    try {
      await migrate(drizzle(client), { migrationsFolder: PG_MIGRATIONS_DIR });
    } finally {
      await client.query("SELECT pg_advisory_unlock(7340001)");
    }
  } finally {
    client.release();
  }
}

/** Opens either backend from a file path or a postgres:// URL, migrated unless told otherwise. */
export async function openDatabase(target: string, options: OpenOptions = {}): Promise<Db> {
  if (!isPostgresUrl(target)) return openSqlite(target, options);
  const db = openPostgres(target);
  if (options.migrate !== false) await migratePostgres(db);
  return db;
}

export function databasePath(): string {
  return readConfigVar("DATABASE_PATH", process.env);
}

/** Where the store lives: DATABASE_URL when it is a postgres:// URL, else the SQLite file. */
export function databaseTarget(): string {
  return readConfigVar("DATABASE_URL", process.env) ?? databasePath();
}

/** The target with any password removed, for logs. */
export function describeTarget(target = databaseTarget()): string {
  return isPostgresUrl(target) ? target.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@") : target;
}

// The custom server (loaded by tsx) and Next's bundled server code are separate module graphs
// in one process; keeping the handle on globalThis makes them share one store (one SQLite writer).
const GLOBAL_KEY = Symbol.for("pos-fleet-health.db");
type GlobalWithDb = typeof globalThis & { [GLOBAL_KEY]?: Db };

/**
 * The process's store. SQLite is opened and migrated here; PostgreSQL is migrated by whoever
 * starts the process (`prepareDb()`), since that is asynchronous.
 */
export function getDb(): Db {
  const g = globalThis as GlobalWithDb;
  if (!g[GLOBAL_KEY]) {
    const target = databaseTarget();
    g[GLOBAL_KEY] = isPostgresUrl(target) ? openPostgres(target) : openSqlite(target);
  }
  return g[GLOBAL_KEY];
}

/** getDb(), migrated on either backend. Servers and CLIs call this once at start. */
export async function prepareDb(): Promise<Db> {
  const db = getDb();
  const pgDb = asPg(db);
  if (pgDb) await migratePostgres(pgDb);
  return db;
}

export async function closeDb(): Promise<void> {
  const g = globalThis as GlobalWithDb;
  const db = g[GLOBAL_KEY];
  if (!db) return;
  delete g[GLOBAL_KEY];
  await db.close();
}
