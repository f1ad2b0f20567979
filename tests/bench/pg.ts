// Batch ingest on PostgreSQL 15: a raw ceiling and the product's server (one instance, then two
// on the same database), as ratios measured in the same run on a throwaway cluster.
//
// The fleet is seeded once through the store into a template database; every measured row gets a
// fresh copy of it (CREATE DATABASE ... TEMPLATE), so each one starts from the same tables. The
// template already holds a state row per terminal, so every row measures the steady-state path
// (a terminal that has reported before), and today's day partitions, so no row lands in the
// default partition.
import fs from "node:fs";
import pg from "pg";
import { openDatabase } from "@/db/client";
import { ensureHeartbeatPartitions } from "@/db/partitions";
import { createIngestKey } from "@/lib/auth/ingest-keys";
import { startChild, type Child } from "../helpers/child";
import { createTestPgDatabase, startTestCluster } from "../helpers/pg";
import { makeBenchFleet } from "./fleet";
import { loadIngest, type LoadResult } from "./load";
import { benchPages, type PagesOptions } from "./pages";
import type { Reporter } from "./report";


export interface PgBenchOptions {
  terminals: number;
  seconds: number;
  /** Client connections of the batch load, split evenly between instances in the two-instance row. */
  connections: number;
  single: boolean;
  rep: Reporter;
  /** Also run the diagnostic variant (bitmap scans off) of the ingest rows. */
  diagnostic: boolean;
  /** Run the ingest rows (ceiling, one and two instances). */
  ingest: boolean;
  /** Run the page rows (pages.ts) on the same cluster with these settings; null: leave them out. */
  pages: Pick<PagesOptions, "ingestRate" | "perRequest" | "runs" | "reuseBuild" | "seedBeats"> | null;
}

const BATCH = 500;
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const lat = (r: LoadResult) => `p50 ${r.p50} ms, p99 ${r.p99} ms, errors ${r.errors}`;

// ---------------------------------------------------------------- CPU accounting

/** utime + stime of a process in clock ticks (children it has reaped included when `reaped`). */
function ticks(pid: number, reaped = false): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // f[0] is field 3 (state)
    return Number(f[11]) + Number(f[12]) + (reaped ? Number(f[13]) + Number(f[14]) : 0);
  } catch {
    return 0; // exited
  }
}

function ppidOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
}

/** The postmaster and every process it forked (backends, walwriter, checkpointer, autovacuum). */
function postgresTicks(postmaster: number): number {
  let sum = ticks(postmaster, true); // exited backends' time is folded into the postmaster's once reaped
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (ppidOf(Number(entry)) === postmaster) sum += ticks(Number(entry));
    } catch {
      // gone between readdir and read
    }
  }
  return sum;
}

/** Busy ticks of the whole machine (every core), from /proc/stat. */
function machineBusyTicks(): number {
  const f = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = f;
  return user! + nice! + system! + irq! + softirq! + (steal ?? 0);
}

interface CpuSplit {
  postgres: number;
  instances: number[];
  loadGenerator: number;
  other: number;
}

/** Measures where the CPU went while `fn` runs, as % of one core (200 % = both cores of two). */
async function withCpu<T>(postmaster: number, instances: Child[], fn: () => Promise<T>, activityUrl?: string): Promise<{ result: T; cpu: CpuSplit }> {
  const hz = 100; // USER_HZ on Linux
  const activity = activityUrl ? sampleActivity(activityUrl) : null;
  const snap = () => ({
    at: performance.now(),
    pgT: postgresTicks(postmaster),
    inst: instances.map((c) => ticks(c.proc.pid!)),
    self: process.cpuUsage(),
    machine: machineBusyTicks(),
  });
  const a = snap();
  const result = await fn();
  const b = snap();
  if (activity) console.log(`  what the database was doing (active backends, ${await activity.stop()})`);
  const secs = (b.at - a.at) / 1000;
  const pct = (dt: number) => (dt / hz / secs) * 100;
  const selfUs = b.self.user - a.self.user + b.self.system - a.self.system;
  const postgres = pct(b.pgT - a.pgT);
  const inst = instances.map((_, i) => pct(b.inst[i]! - a.inst[i]!));
  const loadGenerator = (selfUs / 1e6 / secs) * 100;
  const other = Math.max(0, pct(b.machine - a.machine) - postgres - inst.reduce((s, x) => s + x, 0) - loadGenerator);
  return { result, cpu: { postgres, instances: inst, loadGenerator, other } };
}

/**
 * Samples pg_stat_activity of the database every 200 ms until stopped; returns the commonest
 * (wait event, statement) pairs of active backends, so a slow row says which statement held it.
 */
function sampleActivity(url: string): { stop(): Promise<string> } {
  const counts = new Map<string, number>();
  let samples = 0;
  let running = true;
  const client = new pg.Client({ connectionString: url });
  const loop = (async () => {
    await client.connect();
    while (running) {
      const rows = (await client.query<{ w: string; q: string }>(
        `SELECT coalesce(wait_event_type || ':' || wait_event, 'cpu') AS w, regexp_replace(left(query, 70), '\\s+', ' ', 'g') AS q
           FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'`)).rows;
      samples++;
      for (const r of rows) counts.set(`${r.w} ${r.q}`, (counts.get(`${r.w} ${r.q}`) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await client.end();
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const top = [...counts].sort((x, y) => y[1] - x[1]).slice(0, 4);
      return `${samples} samples): ` + top.map(([k, n]) => `${(n / samples).toFixed(2)} × ${k}`).join(" | ");
    },
  };
}

const cpuNote = (c: CpuSplit) =>
  `CPU % of a core: postgres ${c.postgres.toFixed(0)}, ` +
  (c.instances.length ? `node ${c.instances.map((x) => x.toFixed(0)).join(" + ")}, ` : "") +
  `load generator ${c.loadGenerator.toFixed(0)}, rest of machine ${c.other.toFixed(0)}`;

// ---------------------------------------------------------------- the raw ceiling

// The raw driver on purpose: the cheapest honest way to store a batch, which the product's own
// path is compared with. One statement for the heartbeats, one for the state, one transaction.
const CEILING_HEARTBEATS = `INSERT INTO heartbeats (terminal_id, seq, device_ts, received_at, battery_pct, charging, firmware, signal_dbm, network, txn_count)
  SELECT * FROM unnest($1::int[], $2::int[], $3::bigint[], $4::bigint[], $5::int[], $6::int[], $7::text[], $8::int[], $9::text[], $10::int[])
  ON CONFLICT (terminal_id, seq, device_ts) DO NOTHING`;
const CEILING_STATE = `INSERT INTO terminal_state (terminal_id, last_seq, last_seen_at, last_device_ts, battery_pct, charging, firmware, signal_dbm, network, diagnosed_at, category_since)
  SELECT * FROM unnest($1::int[], $2::int[], $3::bigint[], $4::bigint[], $5::int[], $6::int[], $7::text[], $8::int[], $9::text[], $10::bigint[], $11::bigint[])
  ON CONFLICT (terminal_id) DO UPDATE SET last_seq = excluded.last_seq, last_seen_at = excluded.last_seen_at,
    last_device_ts = excluded.last_device_ts, battery_pct = excluded.battery_pct, charging = excluded.charging,
    firmware = excluded.firmware, signal_dbm = excluded.signal_dbm, network = excluded.network, diagnosed_at = excluded.diagnosed_at`;

/**
 * Batches of 500 for `seconds` over `workers` connections of this process, each worker on its
 * own slice of the terminals (so no two transactions wait on the same state row).
 */
async function pgCeiling(url: string, terminalIds: number[], seconds: number, workers: number, seqBase: number): Promise<number> {
  const clients = await Promise.all(Array.from({ length: workers }, async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query("SET synchronous_commit = on");
    // No triggers (the fleet counters' are the product's work, not the store's), as the SQLite ceiling has none.
    await c.query("SET session_replication_role = replica");
    return c;
  }));
  const deadline = performance.now() + seconds * 1000;
  const t0 = performance.now();
  let stored = 0;
  try {
    await Promise.all(clients.map(async (client, w) => {
      const slice = terminalIds.filter((_, i) => i % workers === w);
      if (slice.length < BATCH) throw new Error(`the ceiling needs at least ${BATCH * workers} terminals`);
      let k = 0;
      while (performance.now() < deadline) {
        const cols: unknown[][] = Array.from({ length: 11 }, () => []);
        const now = Date.now();
        for (let j = 0; j < BATCH; j++, k++) {
          const seq = seqBase + Math.floor(k / slice.length);
          const row = [slice[k % slice.length], seq, now, now, 60 + (seq % 40), seq % 7 === 0 ? 1 : 0, "2.4.1", -70 - (seq % 20), "4G", seq % 5, now];
          row.forEach((v, c) => cols[c]!.push(v));
        }
        await client.query("BEGIN");
        await client.query(CEILING_HEARTBEATS, cols.slice(0, 10));
        await client.query(CEILING_STATE, [cols[0], cols[1], cols[2], cols[3], cols[4], cols[5], cols[6], cols[7], cols[8], cols[10], cols[10]]);
        await client.query("COMMIT");
        stored += BATCH;
      }
    }));
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
  return stored / ((performance.now() - t0) / 1000);
}

// ---------------------------------------------------------------- the run

/**
 * The product as it is, then a diagnostic variant: the same server on a database where the
 * planner may not use bitmap scans. The batch lookup of terminals by serial (sn = ANY(array)) is
 * planned on the pg_trgm GIN index of terminals.sn once the table has statistics, and each probe
 * then walks the posting lists of trigrams every serial shares; the variant shows what ingest
 * does when that lookup uses the unique btree (or a scan) instead.
 */
const VARIANTS: { tag: string; databaseSettings?: string }[] = [
  { tag: "" },
  { tag: "(diagnostic: enable_bitmapscan=off)", databaseSettings: "enable_bitmapscan = off" },
];

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

export async function benchPg(o: PgBenchOptions): Promise<void> {
  const { seconds } = o;
  const report = o.rep.row;
  const cluster = await startTestCluster();
  const children: Child[] = [];
  try {
    if (o.ingest) await ingestRows(o, cluster.url, children, report, seconds);
    if (o.pages) {
      await benchPages({
        backend: "PostgreSQL", terminals: o.terminals, rep: o.rep, p95TargetMs: 150, targetTerminals: 1_000_000, seedConcurrency: 2, ...o.pages,
        newStore: () => createTestPgDatabase(cluster.url),
      });
    }
  } finally {
    for (const c of children) await c.stop();
    await cluster.stop();
  }
}

async function ingestRows(o: PgBenchOptions, clusterUrl: string, children: Child[], report: Reporter["row"], seconds: number): Promise<void> {
  const cluster = { url: clusterUrl };
  {
    const settings = await query<{ name: string; setting: string }>(cluster.url,
      `SELECT name, setting FROM pg_settings WHERE name IN ('server_version', 'synchronous_commit', 'fsync', 'full_page_writes', 'shared_buffers', 'max_connections') ORDER BY name`);
    console.log(`PostgreSQL: ${settings.map((s) => `${s.name}=${s.setting}`).join(", ")}`);
    // The backend's parent, read while its connection is still open (the backend exits with it).
    const probe = new pg.Client({ connectionString: cluster.url });
    await probe.connect();
    const postmaster = ppidOf(Number((await probe.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`)).rows[0]!.pid));
    await probe.end();

    // The template: fleet, one state row per terminal, day partitions, an ingest key.
    const templateUrl = await createTestPgDatabase(cluster.url);
    const template = new URL(templateUrl).pathname.slice(1);
    const t0 = performance.now();
    const db = await openDatabase(templateUrl);
    const now = Date.now();
    const fleet = await makeBenchFleet(db, o.terminals, now);
    // 5,000 per transaction: the state insert trigger adds to the same counter rows (see fleet.ts).
    for (let lo = 0; lo < fleet.terminalIds.length; lo += 5_000) {
      const ids = fleet.terminalIds.slice(lo, lo + 5_000);
      await db.run(
        `INSERT INTO terminal_state (terminal_id, last_seq, last_seen_at, last_device_ts, battery_pct, charging, firmware, signal_dbm, network, diagnosed_at, category_since)
         SELECT id, 0, ?, ?, 80, 0, '2.4.1', -70, '4G', ?, ? FROM terminals WHERE id BETWEEN ? AND ?`,
        [now, now, now, now, ids[0]!, ids[ids.length - 1]!],
      );
    }
    await ensureHeartbeatPartitions(db, now);
    const key = (await createIngestKey(db, fleet.rootId, "bench", now)).key;
    await db.exec("ANALYZE");
    await db.close();
    report(`PostgreSQL: seed ${o.terminals.toLocaleString("en-US")} terminals for the ingest rows`, `${((performance.now() - t0) / 1000).toFixed(0)} s`, "registry in bulk, a state row per terminal, day partitions, ANALYZE");

    let copies = 0;
    const fresh = async () => {
      const url = new URL(cluster.url);
      url.pathname = `/${template}_${++copies}`;
      await query(cluster.url, `CREATE DATABASE "${url.pathname.slice(1)}" TEMPLATE "${template}"`);
      return url.toString();
    };
    const warm = Math.min(3, Math.max(1, Math.round(seconds / 5)));

    // 1. The raw ceiling: one connection (the brief's definition), then as many as the load uses.
    const ceilings: { workers: number; rate: number; cpu: CpuSplit }[] = [];
    for (const workers of [1, o.connections]) {
      const url = await fresh();
      await pgCeiling(url, fleet.terminalIds, warm, workers, 1);
      const { result, cpu } = await withCpu(postmaster, [], () => pgCeiling(url, fleet.terminalIds, seconds, workers, 1000));
      ceilings.push({ workers, rate: result, cpu });
      report(`ceiling: PostgreSQL unnest insert + upsert, ${workers} conn`, `${fmt(result)}/s`, `500 per transaction, synchronous_commit=on; ${cpuNote(cpu)}`);
    }
    const ceiling = Math.max(...ceilings.map((c) => c.rate));
    const ratio = (n: number) => `${(n / ceiling).toFixed(2)}x PostgreSQL ceiling`;

    const serverEnv = (url: string) => ({ DATABASE_URL: url, PAGES: "off", NODE_ENV: "production", INGEST_RATE_PER_KEY: "10000000" });
    const start = async (url: string) => {
      const c = await startChild("lib/server/main.ts", serverEnv(url));
      children.push(c);
      return c;
    };
    const stop = async (c: Child) => {
      await c.stop();
      children.splice(children.indexOf(c), 1);
    };
    const storedRows = async (url: string) => Number((await query<{ n: string }>(url, `SELECT count(*) AS n FROM heartbeats`))[0]!.n);

    for (const variant of o.diagnostic ? VARIANTS : VARIANTS.slice(0, 1)) {
      const tag = variant.tag ? ` ${variant.tag}` : "";
      const fresh2 = async () => {
        const url = await fresh();
        if (variant.databaseSettings) {
          await query(cluster.url, `ALTER DATABASE "${new URL(url).pathname.slice(1)}" SET ${variant.databaseSettings}`);
        }
        return url;
      };

      // 2a. One instance, batches of 500.
      const oneUrl = await fresh2();
      const one = await start(oneUrl);
      const oneBase = `http://127.0.0.1:${one.port}`;
      await loadIngest({ url: oneBase, key, sns: fleet.sns, perRequest: BATCH, seconds: warm, connections: o.connections, seqBase: 1 });
      const b1 = await withCpu(postmaster, [one], () =>
        loadIngest({ url: oneBase, key, sns: fleet.sns, perRequest: BATCH, seconds, connections: o.connections, seqBase: 100_000 }), oneUrl);
      report(`ours${tag}, 1 instance: batches of ${BATCH}`, `${fmt(b1.result.heartbeatsPerSec)}/s`,
        `${ratio(b1.result.heartbeatsPerSec)}; ${o.connections} conn; ${lat(b1.result)}; ${cpuNote(b1.cpu)}`);

      // 3. Single heartbeats per request through the same instance (for comparison).
      if (o.single) {
        await loadIngest({ url: oneBase, key, sns: fleet.sns, perRequest: 1, seconds: warm, connections: 32, seqBase: 200_000 });
        const s1 = await withCpu(postmaster, [one], () =>
          loadIngest({ url: oneBase, key, sns: fleet.sns, perRequest: 1, seconds, connections: 32, seqBase: 300_000 }), oneUrl);
        report(`ours${tag}, 1 instance: single heartbeat per request`, `${fmt(s1.result.heartbeatsPerSec)}/s`,
          `${ratio(s1.result.heartbeatsPerSec)}; 32 conn; ${lat(s1.result)}; ${cpuNote(s1.cpu)}`);
      }
      report(`ours${tag}, 1 instance: server RSS after load`, `${one.rssMb().toFixed(0)} MB`, `${o.terminals} terminals`);
      await stop(one);
      report(`ours${tag}, 1 instance: heartbeats stored`, fmt(await storedRows(oneUrl)), "warm-up and measured loads; a 2xx leaves only after its commit");

      // 2b. Two instances on one database, the terminals and the connections split between them.
      const twoUrl = await fresh2();
      const pair = [await start(twoUrl), await start(twoUrl)];
      const half = Math.ceil(fleet.sns.length / 2);
      const sns = [fleet.sns.slice(0, half), fleet.sns.slice(half)];
      const each = Math.max(1, Math.round(o.connections / 2));
      const both = (secs: number, seqBase: number) =>
        Promise.all(pair.map((c, i) => loadIngest({ url: `http://127.0.0.1:${c.port}`, key, sns: sns[i]!, perRequest: BATCH, seconds: secs, connections: each, seqBase })));
      await both(warm, 1);
      const b2 = await withCpu(postmaster, pair, () => both(seconds, 100_000), twoUrl);
      const rate2 = b2.result.reduce((s, r) => s + r.heartbeatsPerSec, 0);
      const scale = b1.result.heartbeatsPerSec > 0 ? `${(rate2 / b1.result.heartbeatsPerSec).toFixed(2)}x one instance` : "one instance stored nothing";
      report(`ours${tag}, 2 instances: batches of ${BATCH}`, `${fmt(rate2)}/s`,
        `${ratio(rate2)}; ${scale}; ${each}+${each} conn; ` +
        `${b2.result.map((r, i) => `${"AB"[i]}: ${fmt(r.heartbeatsPerSec)}/s ${lat(r)}`).join("; ")}; ${cpuNote(b2.cpu)}`);
      for (const c of [...pair]) await stop(c);
      report(`ours${tag}, 2 instances: heartbeats stored`, fmt(await storedRows(twoUrl)), "");
    }
  }
}
