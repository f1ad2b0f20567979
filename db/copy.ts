// Copying a SQLite store into a PostgreSQL one (`npm run db:copy`): the SQL of both sides.
//
// Both schemas have the same tables and column names (tests/pg/schema.test.ts holds them to it),
// so a table is copied column by column under its own name. Tables go in foreign-key order, a
// parent before the tables that reference it, read from the source's PRAGMA foreign_key_list and
// the target's pg_constraint together; a table that references itself (agents.parent_id) is read
// parents first. Every row is written with a multi-row INSERT ... ON CONFLICT DO NOTHING and keeps
// its id, and every target table has a primary key, so running the copy again, or after an
// interruption, inserts only what is missing and ends with the same rows.
//
// Rows that change after they are written (terminal_state, alerts, rollup counters, sessions...)
// are upserted instead: a row already in the target takes the source's values when they differ,
// so a second run after the server kept writing brings them up to date. Heartbeats and their
// error counts never change once written and are only inserted. Nothing is ever deleted.
import pg from "pg";
import { DAY_MS, ensureHeartbeatPartitions, utcDayStart } from "./partitions";
import type { Db, PgDb, SqliteDb } from "./sql";

/** drizzle's bookkeeping table on SQLite; the target keeps its own in the drizzle schema. */
const MIGRATIONS_TABLE = "__drizzle_migrations";
/** PostgreSQL accepts at most 65,535 parameters in one statement. */
const MAX_PARAMS = 60_000;

export interface CopyTable {
  name: string;
  /** Column names, in the source's order. */
  columns: string[];
  /** Set when the table references itself: the child column and the parent column it points at. */
  selfRef: { column: string; parent: string } | null;
  /** The target's primary-key columns (filled in by planCopy). */
  key: string[];
  /** The source's INTEGER PRIMARY KEY column (the rowid itself), when it has one. */
  rowidColumn: string | null;
}

/** Tables whose rows are never updated once written: existing rows are skipped, not compared. */
const APPEND_ONLY = new Set(["heartbeats", "heartbeat_errors"]);

const q = (ident: string) => `"${ident.replace(/"/g, '""')}"`;

/** Product tables of the SQLite file (not sqlite_* nor drizzle's), unordered. */
async function sqliteTables(src: SqliteDb): Promise<{ tables: Map<string, CopyTable>; edges: [string, string][] }> {
  const names = await src.all<{ name: string }>(
    // Ordinary tables: not the merchant-name FTS5 index and its shadow tables (PostgreSQL's index is pg_trgm's).
    `SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> ? ORDER BY name`,
    [MIGRATIONS_TABLE],
  );
  const tables = new Map<string, CopyTable>();
  const edges: [string, string][] = []; // [child, parent]
  for (const { name } of names) {
    const cols = await src.all<{ name: string; type: string; pk: number }>(`SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid`, [name]);
    const pk = cols.filter((c) => c.pk > 0);
    const rowidColumn = pk.length === 1 && pk[0]!.type.toUpperCase() === "INTEGER" ? pk[0]!.name : null;
    const fks = await src.all<{ table: string; from: string; to: string | null }>(
      `SELECT "table", "from", "to" FROM pragma_foreign_key_list(?)`,
      [name],
    );
    let selfRef: CopyTable["selfRef"] = null;
    for (const fk of fks) {
      if (fk.table === name) selfRef = { column: fk.from, parent: fk.to ?? "rowid" };
      else edges.push([name, fk.table]);
    }
    tables.set(name, { name, columns: cols.map((c) => c.name), selfRef, key: [], rowidColumn });
  }
  return { tables, edges };
}

/** Foreign keys of the target's tables (partitions excluded), as [child, parent] pairs. */
async function pgForeignKeys(dst: Db): Promise<[string, string][]> {
  const rows = await dst.all<{ child: string; parent: string }>(
    `SELECT c.relname AS child, p.relname AS parent
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
      WHERE k.contype = 'f' AND c.relnamespace = current_schema()::regnamespace AND NOT c.relispartition`,
  );
  return rows.filter((r) => r.child !== r.parent).map((r) => [r.child, r.parent]);
}

/** Kahn's algorithm, ties broken by name so the order is stable; a cycle is an error. */
export function foreignKeyOrder(names: string[], edges: [string, string][]): string[] {
  const known = new Set(names);
  const parents = new Map(names.map((n) => [n, new Set<string>()]));
  for (const [child, parent] of edges) if (known.has(child) && known.has(parent) && child !== parent) parents.get(child)!.add(parent);
  const order: string[] = [];
  const done = new Set<string>();
  while (order.length < names.length) {
    const ready = names.filter((n) => !done.has(n) && [...parents.get(n)!].every((p) => done.has(p))).sort();
    if (ready.length === 0) {
      const left = names.filter((n) => !done.has(n));
      throw new Error(`foreign keys form a cycle among ${left.join(", ")}`);
    }
    for (const n of ready) {
      order.push(n);
      done.add(n);
    }
  }
  return order;
}

export interface CopyPlan {
  /** Source tables in the order to copy them. */
  tables: CopyTable[];
}

/**
 * The tables to copy, parents first, checked against the target: every source table and column
 * must exist there, and every target table must have a primary key (what makes a re-run insert
 * nothing twice).
 */
export async function planCopy(src: SqliteDb, dst: PgDb): Promise<CopyPlan> {
  const { tables, edges } = await sqliteTables(src);
  const targetCols = await dst.all<{ table_name: string; column_name: string }>(
    `SELECT col.table_name, col.column_name
       FROM information_schema.columns col
       JOIN pg_class c ON c.relname = col.table_name AND c.relnamespace = col.table_schema::regnamespace
      WHERE col.table_schema = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition`,
  );
  const byTable = new Map<string, Set<string>>();
  for (const r of targetCols) byTable.set(r.table_name, (byTable.get(r.table_name) ?? new Set()).add(r.column_name));
  const problems: string[] = [];
  for (const t of tables.values()) {
    const cols = byTable.get(t.name);
    if (!cols) problems.push(`table ${t.name} is missing`);
    else for (const c of t.columns) if (!cols.has(c)) problems.push(`column ${t.name}.${c} is missing`);
  }
  const keys = await dst.all<{ name: string; col: string }>(
    `SELECT c.relname AS name, a.attname AS col
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
       JOIN LATERAL unnest(k.conkey) WITH ORDINALITY AS u(attnum, pos) ON true
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = u.attnum
      WHERE k.contype = 'p' AND c.relnamespace = current_schema()::regnamespace AND NOT c.relispartition
      ORDER BY c.relname, u.pos`,
  );
  for (const { name, col } of keys) tables.get(name)?.key.push(col);
  for (const t of tables.values()) {
    if (byTable.has(t.name) && t.key.length === 0) problems.push(`table ${t.name} has no primary key, so a second run could duplicate its rows`);
  }
  if (problems.length > 0) {
    throw new Error(`the target's schema does not match the source (was it migrated by an older version of this product?): ${problems.join("; ")}`);
  }
  // fleet_counters last: the target's triggers count the rows copied before it, then the source's values overwrite them.
  const order = foreignKeyOrder([...tables.keys()], [...edges, ...(await pgForeignKeys(dst)), ...["terminal_state", "terminals", "merchants"].map((p): [string, string] => ["fleet_counters", p])]);
  return { tables: order.map((n) => tables.get(n)!) };
}

/** Rows per table: the source's side of the final comparison, and the progress bars' totals. */
export async function countRows(db: Db, tables: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const t of tables) {
    const row = await db.get<{ n: number | string }>(`SELECT count(*) AS n FROM ${q(t)}`);
    counts.set(t, Number(row?.n ?? 0));
  }
  return counts;
}

/**
 * Where a run into a target that already holds rows may start reading `table`: after the target's
 * largest id, for an append-only table whose id is the source's rowid (heartbeats). Batches are
 * committed in rowid order, so the target holds a prefix of the source and a second run, or one
 * after an interruption, reads only the tail. Null: read the whole table.
 */
export async function resumeAfter(dst: PgDb, table: CopyTable): Promise<number | null> {
  if (!APPEND_ONLY.has(table.name) || !table.rowidColumn) return null;
  const row = await dst.get<{ id: number | null }>(`SELECT max(${q(table.rowidColumn)}) AS id FROM ${q(table.name)}`);
  return row?.id == null ? null : Number(row.id);
}

/** Source rows of `table` past `after` (its rowid), for the progress bar's total. */
export async function countRowsAfter(src: SqliteDb, table: string, after: number): Promise<number> {
  const row = await src.get<{ n: number }>(`SELECT count(*) AS n FROM ${q(table)} WHERE rowid > ?`, [after]);
  return Number(row?.n ?? 0);
}

/** Starts the read snapshot: every batch and count read afterwards sees the file as it was now. */
export async function beginSnapshot(src: SqliteDb): Promise<void> {
  await src.exec("BEGIN DEFERRED");
  await src.get(`SELECT count(*) AS n FROM sqlite_master`); // a deferred read transaction starts at its first read
}

export async function endSnapshot(src: SqliteDb): Promise<void> {
  if (src.raw.inTransaction) await src.exec("COMMIT");
}

/**
 * The source's rows of `table` in batches of `batch`, in an order that puts a parent before its
 * children: rowid order from after `from`, or tree depth for a table that references itself
 * (rows whose parent is missing count as roots, so they are copied and the target's foreign key
 * reports them; `from` does not apply).
 */
export async function* readBatches(src: SqliteDb, table: CopyTable, batch: number, from = Number.MIN_SAFE_INTEGER): AsyncGenerator<unknown[][]> {
  const cols = table.columns.map(q).join(", ");
  if (table.selfRef) {
    const { column, parent } = table.selfRef;
    const t = q(table.name);
    const sql = `WITH RECURSIVE tree(rid, depth) AS (
                   SELECT rowid, 0 FROM ${t} WHERE ${q(column)} IS NULL OR ${q(column)} NOT IN (SELECT ${q(parent)} FROM ${t})
                   UNION
                   SELECT c.rowid, tree.depth + 1 FROM tree JOIN ${t} p ON p.rowid = tree.rid JOIN ${t} c ON c.${q(column)} = p.${q(parent)}
                    WHERE tree.depth < 10000
                 )
                 SELECT ${table.columns.map((c) => `x.${q(c)}`).join(", ")}
                   FROM (SELECT rid, min(depth) AS depth FROM tree GROUP BY rid) d JOIN ${t} x ON x.rowid = d.rid
                  ORDER BY d.depth, d.rid LIMIT ? OFFSET ?`;
    for (let offset = 0; ; offset += batch) {
      const rows = await src.all<Record<string, unknown>>(sql, [batch, offset]);
      if (rows.length === 0) return;
      yield rows.map((r) => table.columns.map((c) => r[c]));
      if (rows.length < batch) return;
    }
  }
  const sql = `SELECT rowid AS "__copy_rowid", ${cols} FROM ${q(table.name)} WHERE rowid > ? ORDER BY rowid LIMIT ?`;
  let after = from;
  for (;;) {
    const rows = await src.all<Record<string, unknown>>(sql, [after, batch]);
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.__copy_rowid as number;
    yield rows.map((r) => table.columns.map((c) => r[c]));
    if (rows.length < batch) return;
  }
}

const insertSql = new Map<string, string>();

/**
 * ON CONFLICT clause of `table`: rows already there are skipped (append-only tables, or when every
 * column is in the key), or else take the source's values where they differ.
 */
function onConflict(table: CopyTable): string {
  const rest = table.columns.filter((c) => !table.key.includes(c));
  if (APPEND_ONLY.has(table.name) || rest.length === 0) return "ON CONFLICT DO NOTHING";
  return `ON CONFLICT (${table.key.map(q).join(", ")}) DO UPDATE SET ${rest.map((c) => `${q(c)} = EXCLUDED.${q(c)}`).join(", ")}
          WHERE (${rest.map((c) => `cur.${q(c)}`).join(", ")}) IS DISTINCT FROM (${rest.map((c) => `EXCLUDED.${q(c)}`).join(", ")})`;
}

/**
 * Writes `rows` (values in `table.columns` order) in one transaction, in as many multi-row
 * INSERTs as the parameter limit needs. Returns the rows inserted or brought up to date (rows
 * already there and equal are not counted).
 */
export async function insertBatch(dst: PgDb, table: CopyTable, rows: unknown[][]): Promise<number> {
  const width = table.columns.length;
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / width));
  return dst.transaction(async (tx) => {
    let inserted = 0;
    for (let i = 0; i < rows.length; i += perStatement) {
      const chunk = rows.slice(i, i + perStatement);
      const key = `${table.name}\u0000${chunk.length}`;
      let sql = insertSql.get(key);
      if (!sql) {
        const tuple = `(${new Array(width).fill("?").join(", ")})`;
        sql = `INSERT INTO ${q(table.name)} AS cur (${table.columns.map(q).join(", ")}) VALUES ${new Array(chunk.length).fill(tuple).join(", ")} ${onConflict(table)}`;
        if (insertSql.size > 200) insertSql.clear();
        insertSql.set(key, sql);
      }
      inserted += (await tx.run(sql, chunk.flat())).changes;
    }
    return inserted;
  });
}

/**
 * Creates the heartbeat day partitions the copied rows need, so they land in their own day and
 * not in heartbeats_default: one ensureHeartbeatPartitions call per UTC day that holds beats
 * (each call also covers the day before it). Days are taken within the span the beats were
 * received in, from the day before the first to three days after the last, which is what a live
 * server creates around its clock; beats whose device clock lies outside it stay in the default
 * partition, as they would have on PostgreSQL from the start. Returns the partitions created.
 */
export async function preparePartitions(src: SqliteDb, dst: PgDb): Promise<string[]> {
  const span = await src.get<{ lo: number | null; hi: number | null }>(`SELECT min(received_at) AS lo, max(received_at) AS hi FROM heartbeats`);
  if (span?.lo == null || span.hi == null) return [];
  const from = utcDayStart(span.lo) - DAY_MS;
  const to = utcDayStart(span.hi) + 4 * DAY_MS;
  const days = await src.all<{ day: number }>(
    `SELECT DISTINCT device_ts / ${DAY_MS} AS day FROM heartbeats WHERE device_ts >= ? AND device_ts < ? ORDER BY day`,
    [from, to],
  );
  const created: string[] = [];
  for (const { day } of days) created.push(...(await ensureHeartbeatPartitions(dst, day * DAY_MS, 0)));
  return created;
}

/**
 * Moves every identity or serial sequence of the copied tables past the largest id, so the next
 * row the product inserts gets a fresh id. Returns the sequences set.
 */
export async function resetSequences(dst: PgDb, tables: readonly string[]): Promise<string[]> {
  const cols = await dst.all<{ table_name: string; column_name: string; seq: string }>(
    `SELECT table_name, column_name, pg_get_serial_sequence(quote_ident(table_name), column_name) AS seq
       FROM information_schema.columns
      WHERE table_schema = current_schema() AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')
        AND pg_get_serial_sequence(quote_ident(table_name), column_name) IS NOT NULL`,
  );
  const wanted = new Set(tables);
  const set: string[] = [];
  for (const c of cols) {
    if (!wanted.has(c.table_name)) continue;
    // setval(seq, max, true): the next value is max + 1; an empty table starts again at 1.
    await dst.get(
      `SELECT setval(?::regclass, coalesce(max(${q(c.column_name)}), 1), max(${q(c.column_name)}) IS NOT NULL) FROM ${q(c.table_name)}`,
      [c.seq],
    );
    set.push(c.seq);
  }
  return set;
}

/**
 * Connects once with a timeout and runs a trivial query, so an unreachable server, a wrong
 * password or a missing database fails fast with PostgreSQL's own reason (the pool would wait).
 */
export async function probePostgres(url: string, timeoutMs = 10_000): Promise<{ version: string }> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on("error", () => undefined);
  try {
    await client.connect();
    const r = await client.query<{ version: string }>(`SELECT current_setting('server_version') AS version`);
    return { version: r.rows[0]!.version };
  } finally {
    await client.end().catch(() => undefined);
  }
}
