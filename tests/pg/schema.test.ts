// The PostgreSQL schema against the SQLite one: migrations, tables and columns, fw_compliance,
// and the heartbeat day partitions. Runs on a throwaway cluster (or PFH_TEST_PG_URL's).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migratePostgres, openPostgres, openSqlite, PG_MIGRATIONS_DIR, type PgDb } from "@/db/client";
import { complianceOf } from "@/db/queries/buckets";
import { compareVersions } from "@/lib/rules/version";
import { DAY_MS, dropExpiredHeartbeatPartitions, ensureHeartbeatPartitions, listHeartbeatPartitions, partitionName, pruneDefaultHeartbeats } from "@/db/partitions";
import { createTestPgDatabase, startTestCluster, type TestCluster } from "../helpers/pg";

let cluster: TestCluster | undefined;
let baseUrl = "";
const open: PgDb[] = [];
const tempDirs: string[] = [];

beforeAll(async () => {
  baseUrl = process.env.PFH_TEST_PG_URL ?? (cluster = await startTestCluster()).url;
});

afterAll(async () => {
  for (const db of open) await db.close();
  await cluster?.stop();
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function freshPg(): Promise<PgDb> {
  const db = openPostgres(await createTestPgDatabase(baseUrl), 4);
  open.push(db);
  await migratePostgres(db);
  return db;
}

function sqliteFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pfh-pg-schema-"));
  tempDirs.push(dir);
  return path.join(dir, "fleet.db");
}

// [version, blocked, min], judged by complianceOf in TS and by fw_compliance in SQL.
const VERSION_CASES: [string, string[], string][] = [
  ["2.3.5", ["2.3.5"], "2.0.0"],
  ["v2.3.5", ["2.3.5"], "2.0.0"],
  ["V2.3.5", ["2.3.5"], "2.0.0"],
  ["2.3.5", ["v2.3.5"], "2.0.0"],
  ["2.3.5.0", ["2.3.5"], "2.0.0"],
  ["2.3.5", ["2.3.5.0.0"], "2.0.0"],
  ["2.3", ["2.3.0"], "1"],
  ["02.03.005", ["2.3.5"], "2.0"],
  ["2.3.5", ["2.3.6", "2.3.4"], "2.0.0"],
  ["2.3.5", [], "2.3.5"],
  ["2.3.4", [], "2.3.5"],
  ["2.3.6", [], "2.3.5"],
  ["2.10.0", [], "2.9.0"],
  ["2.9.0", [], "2.10.0"],
  ["2.9", [], "2.10"],
  ["10.0", [], "9.99.99"],
  ["1.0.0", [], "1"],
  ["0.9.9.9", [], "1"],
  ["1.0.0.1", [], "1"],
  ["2.2.7-rc1", [], "2.2.7"],
  ["2.2.7", ["2.2.7-rc1"], "2.3"],
  ["", [], "2.0"],
  ["   ", [], "2.0"],
  [" 2.1 ", [], "2.2"],
  ["\t2.1\n", ["2.1"], "2.2"],
  ["\u00a02.1\u3000", ["2.1"], "1"],
  ["\ufeff2.1", [], "2.2"],
  ["2.1", [], " 2.2 "],
  ["2. 1", [], "2.2"],
  ["2..1", [], "2.2"],
  ["2.1.", [], "2.2"],
  [".2.1", [], "2.2"],
  ["vv2.1", [], "2.2"],
  ["v", [], "2.2"],
  ["abc", ["abc"], "2.2"],
  ["2.1", [], "junk"],
  ["2.1", [], ""],
  ["2.1.x", [], "2.2"],
  ["+2.1", [], "2.2"],
  ["-2.1", [], "2.2"],
  ["2.1e3", [], "2.2"],
  ["٢.١", [], "2.2"],
  ["9007199254740991", [], "9007199254740992"],
  ["9007199254740991", ["9007199254740991.0"], "1"],
  ["9007199254740992", [], "9999999999999999999"],
  ["1.9007199254740992", [], "2"],
  ["1.00009007199254740991", [], "2"],
  ["1.99999999999999999999999", [], "2"],
  ["3.0.1", ["3.0.1", "3.0.2"], "4.0"],
  ["3.0.2", ["3.0.1", "3.0.2"], "4.0"],
  ["3.0.3", ["3.0.1", "3.0.2"], "4.0"],
  ["3.0.3", ["junk", "3.0.3"], "1"],
  ["4.0", ["3.0.1"], "4.0.0.0"],
  ["0", [], "0.0.1"],
  ["0.0.0", ["0"], "0.0.1"],
  // Pre-release tags and build metadata.
  ["2.2.7-rc1", [], "2.3.0"],
  ["2.2.7-rc1", ["2.2.7"], "1"],
  ["2.2.7-rc1", ["2.2.7-RC1"], "1"],
  ["2.2.7-rc1", ["v2.2.7.0-rc1"], "1"],
  ["2.2.7-rc2", [], "2.2.7-rc10"],
  ["2.2.7-rc10", [], "2.2.7-rc2"],
  ["2.2.7-rc.2", [], "2.2.7-rc.10"],
  ["2.2.7-alpha", [], "2.2.7-beta"],
  ["2.2.7-beta", [], "2.2.7-alpha"],
  ["2.2.7-Alpha", [], "2.2.7-alpha"],
  ["2.2.7-alpha", [], "2.2.7-Alpha"],
  ["2.2.7-ALPHA", ["2.2.7-alpha"], "1"],
  ["2.2.7-alpha", [], "2.2.7-alpha.1"],
  ["2.2.7-alpha.1", [], "2.2.7-alpha"],
  ["2.2.7-1", [], "2.2.7-alpha"],
  ["2.2.7-alpha", [], "2.2.7-1"],
  ["2.2.7-rc-1", [], "2.2.7-rc-2"],
  ["2.2.7-rc-1", [], "2.2.7-rc"],
  ["2.2.7-rc", [], "2.2.7-rc-1"],
  ["2.2.7-rc1a", [], "2.2.7-rc1b"],
  ["2.2.7-rc01", ["2.2.7-rc1"], "1"],
  ["2.2.7-rc9007199254740993", ["2.2.7-rc9007199254740992"], "1"],
  ["2.2.7-rc9007199254740993", [], "2.2.7-rc9007199254740994"],
  ["2.2.7+build.5", ["2.2.7"], "1"],
  ["2.2.7-rc1+build.5", ["2.2.7-rc1+other"], "1"],
  ["2.2.7+build", [], "2.2.8"],
  ["2.2.7-", [], "2.3"],
  ["2.2.7-rc..1", [], "2.3"],
  ["2.2.7+", [], "2.3"],
  ["2.2.7-rc_1", [], "2.3"],
  ["2.2.7-rc1", [], "2.2.7-rc1"],
  [" v2.2.7-rc1 ", [], "2.2.7"],
  ["2.2.6", ["2.2.7-rc1"], "2.2.7-rc1"],
  ["2.2.7-rc1", ["2.2.7-rc1"], "3"],
];

describe("PostgreSQL schema", () => {
  it("applies the migrations on an empty database, and again as a no-op", async () => {
    const db = await freshPg();
    await migratePostgres(db);
    const journal = JSON.parse(fs.readFileSync(path.join(PG_MIGRATIONS_DIR, "meta", "_journal.json"), "utf8")) as { entries: unknown[] };
    const applied = await db.get<{ n: number }>(`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`);
    expect(applied?.n).toBe(journal.entries.length);
    const kind = await db.get<{ relkind: string }>(`SELECT relkind FROM pg_class WHERE oid = to_regclass('heartbeats')`);
    expect(kind?.relkind).toBe("p");
    // A second, concurrent pair of migrators on another fresh database: the advisory lock serialises them.
    const other = openPostgres(await createTestPgDatabase(baseUrl), 4);
    open.push(other);
    const twin = openPostgres(other.url, 2);
    open.push(twin);
    await Promise.all([migratePostgres(other), migratePostgres(twin)]);
    expect((await other.get<{ n: number }>(`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`))?.n).toBe(journal.entries.length);
  });

  it("has the same tables, columns and named indexes as SQLite", async () => {
    const db = await freshPg();
    const lite = openSqlite(sqliteFile());
    try {
      const liteTables = lite.raw
        // Ordinary tables only: the merchant-name FTS5 table and its shadow tables are SQLite's search index (PostgreSQL's is merchants_name_trgm_idx).
        .prepare(`SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__drizzle_migrations' ORDER BY name`)
        .all() as { name: string }[];
      const liteColumns = new Map<string, string[]>();
      for (const { name } of liteTables) {
        const cols = lite.raw.prepare(`SELECT name FROM pragma_table_info(?)`).all(name) as { name: string }[];
        liteColumns.set(name, cols.map((c) => c.name).sort());
      }

      // Tables of the current schema, partitions excluded (they are heartbeats, not tables of their own).
      const pgCols = await db.all<{ table_name: string; column_name: string }>(
        `SELECT col.table_name, col.column_name
           FROM information_schema.columns col
           JOIN pg_class c ON c.relname = col.table_name AND c.relnamespace = col.table_schema::regnamespace
          WHERE col.table_schema = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
          ORDER BY col.table_name, col.column_name`,
      );
      const pgColumns = new Map<string, string[]>();
      for (const r of pgCols) pgColumns.set(r.table_name, [...(pgColumns.get(r.table_name) ?? []), r.column_name]);
      for (const cols of pgColumns.values()) cols.sort();

      expect([...pgColumns.keys()].sort()).toEqual([...liteColumns.keys()].sort());
      expect(Object.fromEntries(pgColumns)).toEqual(Object.fromEntries(liteColumns));

      // Every explicit SQLite index (unique or not) exists under the same name; PostgreSQL adds
      // only primary keys and the trigram indexes.
      const liteIndexes = (lite.raw.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`).all() as { name: string }[]).map((r) => r.name).sort();
      const pgIndexes = await db.all<{ name: string; isprimary: boolean; isunique: boolean }>(
        `SELECT c.relname AS name, i.indisprimary AS isprimary, i.indisunique AS isunique
           FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
          WHERE t.relnamespace = current_schema()::regnamespace AND NOT t.relispartition`,
      );
      // PostgreSQL-only search index: trigram on merchant names (SQLite's is the FTS5 table).
      const searchOnly = new Set(["merchants_name_trgm_idx"]);
      const pgNamed = pgIndexes.filter((r) => !r.isprimary && !searchOnly.has(r.name)).map((r) => r.name).sort();
      expect(pgNamed).toEqual(liteIndexes);
      const liteUnique = (lite.raw.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND sql LIKE 'CREATE UNIQUE%'`).all() as { name: string }[]).map((r) => r.name).sort();
      expect(pgIndexes.filter((r) => r.isunique && !r.isprimary).map((r) => r.name).sort()).toEqual(liteUnique);
      expect(pgIndexes.map((r) => r.name)).toEqual(expect.arrayContaining([...searchOnly]));
      // No trigram index on serials: it answers equality too, and the planner took it over the
      // unique btree for ingest's batch lookup (sn = ANY(...)).
      expect(pgIndexes.map((r) => r.name)).not.toContain("terminals_sn_trgm_idx");
    } finally {
      await lite.close();
    }
  });

  it("fw_compliance is complianceOf, and immutable", async () => {
    const db = await freshPg();
    expect(VERSION_CASES.length).toBeGreaterThanOrEqual(40);
    const rows = await db.all<{ i: number; c: string; cmp: number | null; rev: number | null }>(
      `SELECT v.i::int AS i, fw_compliance(v.version, v.blocked, v.min) AS c,
              fw_version_cmp(v.version, v.min) AS cmp, fw_version_cmp(v.min, v.version) AS rev
         FROM json_to_recordset(?::json) AS v(i int, version text, blocked text, min text)`,
      [JSON.stringify(VERSION_CASES.map(([version, blocked, min], i) => ({ i, version, blocked: JSON.stringify(blocked), min })))],
    );
    const got = rows.sort((a, b) => a.i - b.i).map((r) => [...VERSION_CASES[r.i]!, r.c, r.cmp, r.rev]);
    const want = VERSION_CASES.map(([version, blocked, min]) => [
      version, blocked, min, complianceOf(version, { minFirmware: min, blockedFirmware: blocked }), compareVersions(version, min), compareVersions(min, version),
    ]);
    expect(got).toEqual(want);
    // Every entry of every blocked list against its version, too.
    const pairs = VERSION_CASES.flatMap(([version, blocked]) => blocked.map((b) => [version, b] as const));
    const cmp = await db.all<{ c: number | null }>(
      `SELECT fw_version_cmp(p.a, p.b) AS c FROM json_to_recordset(?::json) AS p(i int, a text, b text) ORDER BY p.i`,
      [JSON.stringify(pairs.map(([a, b], i) => ({ i, a, b })))],
    );
    expect(cmp.map((r) => r.c)).toEqual(pairs.map(([a, b]) => compareVersions(a, b)));
    // The table exercises every outcome.
    expect(new Set(want.map((w) => w[3]))).toEqual(new Set(["ok", "below_min", "blocked"]));
    expect(await db.get(`SELECT fw_compliance(NULL, NULL, NULL) AS c`)).toEqual({ c: "ok" });
    const vol = await db.all<{ proname: string; provolatile: string }>(
      `SELECT proname, provolatile FROM pg_proc WHERE proname IN ('fw_compliance', 'fw_compliance_key', 'fw_version_cmp', 'fw_version_key', 'fw_version_keys')`,
    );
    expect(vol.map((r) => r.proname).sort()).toEqual(["fw_compliance", "fw_compliance_key", "fw_version_cmp", "fw_version_key", "fw_version_keys"]);
    expect(vol.filter((r) => r.provolatile !== "i")).toEqual([]);
  });

  it("keeps day partitions: ensure, retried beats, the default partition, drop", async () => {
    const db = await freshPg();
    const now = Date.UTC(2026, 11, 1, 15, 30); // 2026-12-01 15:30 UTC
    const day = Date.UTC(2026, 11, 1);
    const insert = (terminalId: number, seq: number, deviceTs: number, receivedAt = now) =>
      db.get<{ id: number }>(
        `INSERT INTO heartbeats (terminal_id, seq, device_ts, received_at, battery_pct, charging, firmware, signal_dbm, network, txn_count)
         VALUES (?, ?, ?, ?, 80, 0, '2.4.1', -70, '4G', 1)
         ON CONFLICT (terminal_id, seq, device_ts) DO NOTHING RETURNING id`,
        [terminalId, seq, deviceTs, receivedAt],
      );
    const where = async (id: number) =>
      (await db.get<{ p: string }>(`SELECT tableoid::regclass::text AS p FROM heartbeats WHERE id = ?`, [id]))?.p;

    // Before any day partition exists everything lands in the default partition.
    const early = (await insert(1, 1, day + 3600_000))!.id;
    const future = (await insert(1, 2, day + 10 * DAY_MS))!.id; // a clock 10 days ahead
    await db.run(`INSERT INTO heartbeat_errors (heartbeat_id, code, count) VALUES (?, '51', 2), (?, '51', 1)`, [early, future]);
    expect(await where(early)).toBe("heartbeats_default");

    // Two instances racing: each day is created once; today's beat moves out of the default partition.
    const second = openPostgres(db.url, 2);
    open.push(second);
    const [a, b] = await Promise.all([ensureHeartbeatPartitions(db, now), ensureHeartbeatPartitions(second, now)]);
    const expected = [-1, 0, 1, 2, 3].map((k) => partitionName(day + k * DAY_MS));
    expect([...a, ...b].sort()).toEqual(expected);
    expect(expected[1]).toBe("heartbeats_p20261201");
    expect(await ensureHeartbeatPartitions(db, now)).toEqual([]);
    expect(await where(early)).toBe("heartbeats_p20261201");
    expect(await where(future)).toBe("heartbeats_default");

    const parts = await listHeartbeatPartitions(db);
    expect(parts.map((p) => p.name)).toEqual([...expected, "heartbeats_default"]);
    expect(parts[1]).toEqual({ name: "heartbeats_p20261201", from: day, to: day + DAY_MS, isDefault: false });
    expect(parts.at(-1)).toEqual({ name: "heartbeats_default", from: null, to: null, isDefault: true });

    // A retried beat (same terminal, seq and device time) conflicts even when received days later.
    expect(await insert(1, 1, day + 3600_000, now + 2 * DAY_MS)).toBeUndefined();
    // A beat far in the past (a reset clock) lands in the default partition, never fails.
    const ancient = (await insert(2, 1, Date.UTC(1970, 0, 2)))!.id;
    expect(await where(ancient)).toBe("heartbeats_default");
    const kept = (await insert(2, 2, day + 2 * DAY_MS + 5))!.id;
    expect(await where(kept)).toBe("heartbeats_p20261203");

    // Nine days later: the rows of the future day move out of the default partition on creation.
    const later = await ensureHeartbeatPartitions(db, now + 9 * DAY_MS);
    expect(later).toEqual([-1, 0, 1, 2, 3].map((k) => partitionName(day + (9 + k) * DAY_MS)));
    expect(await where(future)).toBe(partitionName(day + 10 * DAY_MS));

    // Retention: every day ending by the cutoff goes, with its error rows; the default partition stays.
    const cutoff = day + 2 * DAY_MS; // end of 2026-12-02
    const dropped = await dropExpiredHeartbeatPartitions(db, cutoff);
    expect(dropped).toEqual(["heartbeats_p20261130", "heartbeats_p20261201", "heartbeats_p20261202"]);
    expect(await dropExpiredHeartbeatPartitions(db, cutoff)).toEqual([]);
    expect(await where(early)).toBeUndefined();
    expect(await db.get(`SELECT count(*)::int AS n FROM heartbeat_errors`)).toEqual({ n: 1 }); // only the future beat's
    expect(await where(kept)).toBe("heartbeats_p20261203");
    const left = (await listHeartbeatPartitions(db)).map((p) => p.name);
    expect(left).toContain("heartbeats_default");
    expect(left).not.toContain("heartbeats_p20261201");

    // Rows of the default partition expire by receive time.
    await insert(3, 1, Date.UTC(1999, 0, 1), now - 30 * DAY_MS);
    expect(await pruneDefaultHeartbeats(db, now - 14 * DAY_MS)).toBe(1);
    expect(await where(ancient)).toBe("heartbeats_default");
  });

  it("does nothing on SQLite", async () => {
    const lite = openSqlite(sqliteFile());
    try {
      expect(await ensureHeartbeatPartitions(lite, Date.now())).toEqual([]);
      expect(await dropExpiredHeartbeatPartitions(lite, Date.now())).toEqual([]);
      expect(await listHeartbeatPartitions(lite)).toEqual([]);
      expect(await pruneDefaultHeartbeats(lite, Date.now())).toBe(0);
    } finally {
      await lite.close();
    }
  });
});
