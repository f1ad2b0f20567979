import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const DEFAULT_DATABASE_PATH = "data/fleet.db";
export const MIGRATIONS_DIR = path.join(process.cwd(), "db", "migrations");

/**
 * Pragmas chosen for one writer process:
 * - WAL lets pages read while ingest writes.
 * - synchronous=NORMAL in WAL mode: a committed transaction survives a crash of the process
 *   (it is in the WAL file, which the OS holds); a power loss or OS crash may lose the last
 *   transactions before the next checkpoint, never corrupt the file. FULL would fsync every
 *   commit; set DATABASE_SYNCHRONOUS=FULL where power-loss durability outweighs ingest speed.
 * - busy_timeout: the backup CLI or a second reader may hold a lock briefly.
 */
export function applyPragmas(sqlite: Database.Database): void {
  sqlite.pragma("journal_mode = WAL");
  const sync = process.env.DATABASE_SYNCHRONOUS === "FULL" ? "FULL" : "NORMAL";
  sqlite.pragma(`synchronous = ${sync}`);
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("temp_store = MEMORY");
  sqlite.pragma("cache_size = -65536"); // 64 MiB
}

export interface OpenOptions {
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
}

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  applyPragmas(sqlite);
  const db = drizzle(sqlite, { schema }) as Db;
  if (options.migrate !== false) migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  return db;
}

export function databasePath(): string {
  return process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH;
}

// The custom server (loaded by tsx) and Next's bundled server code are separate module graphs
// in one process; keeping the handle on globalThis makes them share one connection: one writer.
const GLOBAL_KEY = Symbol.for("pos-fleet-health.db");
type GlobalWithDb = typeof globalThis & { [GLOBAL_KEY]?: Db };

export function getDb(): Db {
  const g = globalThis as GlobalWithDb;
  g[GLOBAL_KEY] ??= openDatabase(databasePath());
  return g[GLOBAL_KEY];
}

export function closeDb(): void {
  const g = globalThis as GlobalWithDb;
  const db = g[GLOBAL_KEY];
  if (!db) return;
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.close();
  delete g[GLOBAL_KEY];
}
