// Page and API read latency at scale, on either backend: a fleet of N terminals with current
// state (through the real ingest), open alerts and 30 days of rollups, served by the production
// build, timed over loopback while a background process posts heartbeats at the targets' rate
// (3,300 beats/s: a million terminals every 5 minutes). Also: every terminals filter × sort pair
// (the worst reported), growth from N/10 to N terminals for the overview and summary (two servers,
// requests interleaved), and the CSV export's first byte and the server's memory during it.
import { fork } from "node:child_process";
import fs from "node:fs";
import { openDatabase } from "@/db/client";
import { insertUser } from "@/db/queries/auth-users";
import { createIngestKey } from "@/lib/auth/ingest-keys";
import { createSession, SESSION_COOKIE } from "@/lib/auth/sessions";
import { ingestHeartbeats } from "@/lib/ingest/ingest";
import { runSweep } from "@/lib/jobs/sweep";
import { defaultPolicy } from "@/lib/rules/policy";
import { heapArgs } from "@/lib/server/heap";
import { E2E_DIST_DIR, ensureBuild } from "../e2e/harness/build";
import { startChild, type Child } from "../helpers/child";
import { beatFor, faultFor, makeBenchFleet } from "./fleet";
import { quantiles, type Reporter } from "./report";

const HOUR = 3_600_000;
const CODES = ["51", "55", "96", "T_COMM_FAIL", "T_CONNECT_TIMEOUT", "T_NOT_SIGNED_IN", "T_CARD_READ_FAIL", "03", "A0", "T_USE_CHIP"];
const valuesOf = (xs: (string | number)[][]) => xs.map((r) => `(${r.map((v) => (typeof v === "number" ? v : `'${v}'`)).join(", ")})`).join(", ");

export interface Seeded {
  detailSn: string;
  cookie: string;
  /** An ingest key of the fleet's root agent, for the background load. */
  key: string;
}

/** Runs `fn` over `items` with at most `n` at once. */
async function inParallel<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.max(1, n) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

/**
 * Seeds `target` (a SQLite path or a postgres:// URL): the fleet in bulk, three beats per terminal
 * through the real ingest (state, findings, counters, alerts are what the product computes),
 * the sweep, 30 days of hourly and daily rollups per agent (set-based), a session and a key.
 * `concurrency`: ingest calls at once (PostgreSQL takes them on several connections).
 */
export async function seedForBench(target: string, terminals: number, now: number, opts: { concurrency?: number; beats?: number; log?: boolean } = {}): Promise<Seeded> {
  const db = await openDatabase(target);
  const t0 = performance.now();
  const step = (what: string) => opts.log && console.log(`  seed ${terminals}: ${what} at ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  const fleet = await makeBenchFleet(db, terminals, now - 40 * 24 * HOUR);
  step("registry written");
  const scope = { agentId: fleet.rootId, agentPath: `/${fleet.rootId}/` };
  const starts = Array.from({ length: Math.ceil(terminals / 1000) }, (_, k) => k * 1000);
  const rounds = opts.beats ?? 3;
  for (let round = 1; round <= rounds; round++) {
    const at = now - (rounds + 1 - round) * 5 * 60_000;
    await inParallel(starts, opts.concurrency ?? 1, async (i) => {
      const items = fleet.sns.slice(i, i + 1000).map((sn, k) => ({ ...beatFor(sn, round, at), errors: {}, ...faultFor(i + k) }));
      try {
        await ingestHeartbeats(db, scope, items, at, defaultPolicy);
      } catch {
        await ingestHeartbeats(db, scope, items, at, defaultPolicy); // a lock conflict between parallel batches: once more (idempotent by serial and seq)
      }
    });
    step(`beat round ${round} ingested`);
  }
  // Two weeks of raw history for the terminal whose detail page is timed.
  const detailSn = fleet.sns[1]!;
  for (let k = 0; k < 14 * 288; k += 500) {
    const items = Array.from({ length: 500 }, (_, j) => ({ ...beatFor(detailSn, 1000 + k + j, now - (14 * 288 - k - j) * 300_000), errors: { T_CONNECT_TIMEOUT: 1 } }));
    await ingestHeartbeats(db, scope, items, now - (14 * 288 - k) * 300_000, defaultPolicy);
  }
  await runSweep(db, now + 11 * 60_000); // pending warnings become open alerts
  step("history and sweep done");
  // 30 days of hourly and daily rollups for every agent, one statement per table.
  const agents = Number((await db.get<{ n: number }>(`SELECT count(*) AS n FROM agents`))!.n);
  const perAgent = Math.ceil(terminals / agents);
  const hour = Math.floor(now / HOUR) * HOUR;
  const hours = `WITH RECURSIVE h(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM h WHERE k < ${30 * 24 - 1})`;
  await db.transaction(async (tx) => {
    await tx.run(
      `${hours}, c(ci, name) AS (VALUES ${valuesOf(["healthy", "hardware", "network", "operation", "policy_firmware"].map((c, i) => [i, c]))})
       INSERT INTO rollup_category_hourly (hour_start, agent_id, category, terminals, offline, updated_at)
       SELECT CAST(? AS BIGINT) - CAST(h.k AS BIGINT) * ${HOUR}, a.id, c.name, CASE WHEN c.ci = 0 THEN ${Math.round(perAgent * 0.8)} ELSE ${Math.round(perAgent * 0.05)} END, c.ci, CAST(? AS BIGINT)
         FROM h CROSS JOIN agents a CROSS JOIN c WHERE true
       ON CONFLICT (hour_start, agent_id, category) DO UPDATE SET terminals = excluded.terminals, offline = excluded.offline, updated_at = excluded.updated_at`,
      [hour, now],
    );
    await tx.run(
      `${hours}, c(ci, code) AS (VALUES ${valuesOf(CODES.map((c, i) => [i, c]))})
       INSERT INTO rollup_error_hourly (hour_start, agent_id, code, occurrences)
       SELECT CAST(? AS BIGINT) - CAST(h.k AS BIGINT) * ${HOUR}, a.id, c.code, (h.k + c.ci) % 13 FROM h CROSS JOIN agents a CROSS JOIN c WHERE true
       ON CONFLICT (hour_start, agent_id, code) DO UPDATE SET occurrences = excluded.occurrences`,
      [hour],
    );
    await tx.run(
      `${hours}, v(vi, version) AS (VALUES ${valuesOf(["2.4.1", "2.3.5", "2.2.0", "2.5.0"].map((v, i) => [i, v]))})
       INSERT INTO rollup_firmware_daily (day_start, agent_id, firmware, model, terminals, updated_at)
       SELECT CAST(? AS BIGINT) - CAST(h.k AS BIGINT) * ${HOUR}, a.id, v.version, 'P8', CAST(${perAgent} / (v.vi + 1) AS INTEGER), CAST(? AS BIGINT)
         FROM h CROSS JOIN agents a CROSS JOIN v WHERE h.k % 24 = 0
       ON CONFLICT (day_start, agent_id, firmware, model) DO UPDATE SET terminals = excluded.terminals, updated_at = excluded.updated_at`,
      [hour, now],
    );
  });
  step("rollups written");
  const userId = await insertUser(db, { email: "bench@example.test", name: "bench", passwordHash: "bench-no-password", role: "admin", agentId: fleet.rootId, mustChangePassword: false }, now);
  const token = (await createSession(db, userId, {}, now)).token;
  const key = (await createIngestKey(db, fleet.rootId, "bench-background", now)).key;
  if (db.dialect === "pg") await db.exec("ANALYZE");
  await db.close(); // on SQLite: checkpoints the WAL into the file
  return { detailSn, cookie: `${SESSION_COOKIE}=${token}`, key };
}

// ---------------------------------------------------------------- timing

interface Timed {
  p50: number;
  p95: number;
  status: number;
  bytes: number;
}

async function fetchOnce(url: string, cookie: string): Promise<{ ms: number; status: number; bytes: number }> {
  const t = performance.now();
  const res = await fetch(url, { headers: { cookie, "accept-language": "zh-CN" } });
  const body = await res.arrayBuffer();
  return { ms: performance.now() - t, status: res.status, bytes: body.byteLength };
}

/** `runs` timed requests after two warm-up ones; every answer must be 200. */
async function time(url: string, cookie: string, runs: number): Promise<Timed> {
  const samples: number[] = [];
  let last = { ms: 0, status: 0, bytes: 0 };
  for (let i = 0; i < runs + 2; i++) {
    last = await fetchOnce(url, cookie);
    if (last.status !== 200) throw new Error(`${url} answered ${last.status}`);
    if (i >= 2) samples.push(last.ms);
  }
  const q = quantiles(samples);
  return { p50: q.p50, p95: q.p95, status: last.status, bytes: last.bytes };
}

/** One streamed CSV download: time to the first body byte, total time, the server's RSS before and at its peak (sampled every 20 ms). */
async function csvOnce(url: string, cookie: string, server: Child) {
  const before = server.rssMb();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, server.rssMb())), 20);
  const t = performance.now();
  try {
    const res = await fetch(url, { headers: { cookie, "accept-language": "zh-CN" } });
    if (res.status !== 200 || !res.body) throw new Error(`${url} answered ${res.status}`);
    const reader = res.body.getReader();
    let first = 0;
    let bytes = 0;
    let lines = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!first) first = performance.now() - t;
      bytes += value.byteLength;
      for (const b of value) if (b === 10) lines++;
    }
    return { ttfb: first, total: performance.now() - t, bytes, lines, before, peak: Math.max(peak, server.rssMb()) };
  } finally {
    clearInterval(sampler);
  }
}

// ---------------------------------------------------------------- background ingest

interface Background {
  stop(): Promise<{ seconds: number; beatsPerSec: number; errors: number; worstP99: number }>;
}

function startBackground(url: string, key: string, terminals: number, rate: number, perRequest: number): Promise<Background> {
  return new Promise((resolve, reject) => {
    const proc = fork("tests/bench/background-load.ts", [], {
      execArgv: ["--import", "tsx"],
      env: { ...process.env, BG_URL: url, BG_KEY: key, BG_TERMINALS: String(terminals), BG_RATE: String(rate), BG_PER_REQUEST: String(perRequest) },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    proc.once("exit", (code) => reject(new Error(`background load exited with ${code}`)));
    proc.once("message", () => {
      resolve({
        stop: () => new Promise((done) => {
          const none = { seconds: 0, beatsPerSec: 0, errors: 0, worstP99: 0 };
          proc.removeAllListeners("exit");
          if (proc.exitCode !== null || !proc.connected) return done(none);
          proc.once("exit", () => done(none)); // died before reporting: nothing measured
          proc.on("message", (m: { done?: boolean; seconds: number; beatsPerSec: number; errors: number; worstP99: number }) => m.done && done(m));
          proc.send("stop");
        }),
      });
    });
  });
}

// ---------------------------------------------------------------- the rows

export interface PagesOptions {
  backend: "SQLite" | "PostgreSQL";
  terminals: number;
  /** A new, empty store for a fleet: a SQLite path or a postgres:// URL. */
  newStore: (name: string) => Promise<string>;
  rep: Reporter;
  /** p95 target of each page at the target fleet size, ms. */
  p95TargetMs: number;
  /** The fleet size the targets are stated for; a smaller run reports its figures as not comparable. */
  targetTerminals: number;
  ingestRate: number;
  perRequest: number;
  seedConcurrency: number;
  /** Beats per terminal through ingest when seeding (3). */
  seedBeats: number;
  runs: number;
  reuseBuild: boolean;
}

const FILTERS: [string, string][] = [
  ["no filter", ""], ["status=offline", "status=offline"], ["category=network", "category=network"], ["severity=critical", "severity=critical"],
  ["problem=1", "problem=1"], ["firmware=2.3.5", "firmware=2.3.5"], ["compliance=below_min", "compliance=below_min"], ["battery=0-10", "battery=0-10"],
  ["signal=very_weak", "signal=very_weak"], ["code=T_CONNECT_TIMEOUT", "code=T_CONNECT_TIMEOUT"], ["city=宁波", `city=${encodeURIComponent("宁波")}`],
  ["q=serial prefix", "q=BN0000123"], ["q=merchant name", `q=${encodeURIComponent("商户1234")}`],
];
const SORTS = ["problems", "sn", "merchant", "city", "agent", "status", "category", "severity", "battery", "signal", "firmware", "lastSeen"];

const envFor = (target: string): Record<string, string> => (/^postgres(ql)?:\/\//.test(target) ? { DATABASE_URL: target } : { DATABASE_PATH: target });

export async function benchPages(o: PagesOptions): Promise<void> {
  const { rep, backend } = o;
  const tag = backend === "SQLite" ? "" : `${backend}: `;
  const comparable = o.terminals >= o.targetTerminals;
  const judge = (ok: boolean) => (comparable ? ok : null);
  const build = o.reuseBuild && fs.existsSync(`${E2E_DIST_DIR}/BUILD_ID`) ? { built: false, ms: 0 } : ensureBuild(process.cwd());
  console.log(`production build ${build.built ? `made in ${(build.ms / 1000).toFixed(0)} s` : "reused"} (${E2E_DIST_DIR})`);

  const now = Date.now();
  const seeded: { target: string; seed: Seeded; n: number }[] = [];
  for (const n of [o.terminals, Math.max(1000, Math.round(o.terminals / 10))]) {
    const target = await o.newStore(`pages-${n}`);
    const t0 = performance.now();
    const seed = await seedForBench(target, n, now, { concurrency: o.seedConcurrency, beats: o.seedBeats, log: true });
    const secs = (performance.now() - t0) / 1000;
    rep.row(`${tag}seed: ${n.toLocaleString("en-US")} terminals`, `${secs.toFixed(0)} s`,
      `registry in bulk, ${o.seedBeats} beats each through lib/ingest (${o.seedConcurrency} at once), sweep, 30 days of rollups; ${fmtRate((o.seedBeats * n) / secs)} beats/s overall`);
    seeded.push({ target, seed, n });
  }
  const [big, small] = seeded as [typeof seeded[0], typeof seeded[0]];
  const serverEnv = (target: string) => ({ ...envFor(target), NODE_ENV: "production", NEXT_DIST_DIR: E2E_DIST_DIR, INGEST_RATE_PER_KEY: "10000000" });
  const bigServer = await startChild("lib/server/main.ts", serverEnv(big.target), 180_000, heapArgs(big.n));
  const smallServer = await startChild("lib/server/main.ts", serverEnv(small.target), 180_000, heapArgs(small.n));
  const base = `http://127.0.0.1:${bigServer.port}`;
  const smallBase = `http://127.0.0.1:${smallServer.port}`;
  const cookie = big.seed.cookie;
  let background: Background | null = null;
  try {
    // Growth, before the load: the same two reads from N/10 and N terminals, interleaved so drift of the machine hits both alike.
    for (const [name, url] of [["overview /", "/"], ["API /api/v1/fleet/summary", "/api/v1/fleet/summary"]] as const) {
      const a: number[] = [];
      const b: number[] = [];
      for (let i = 0; i < o.runs + 2; i++) {
        const s = await fetchOnce(smallBase + url, small.seed.cookie);
        const l = await fetchOnce(base + url, cookie);
        if (s.status !== 200 || l.status !== 200) throw new Error(`${url} answered ${s.status} / ${l.status}`);
        if (i >= 2) {
          a.push(s.ms);
          b.push(l.ms);
        }
      }
      const qa = quantiles(a), qb = quantiles(b);
      const ratio = qb.p50 / qa.p50;
      rep.row(`${tag}growth ${small.n.toLocaleString("en-US")} → ${big.n.toLocaleString("en-US")}: ${name}`, `${ratio.toFixed(2)}x`,
        `median ${qa.p50.toFixed(0)} → ${qb.p50.toFixed(0)} ms, p95 ${qa.p95.toFixed(0)} → ${qb.p95.toFixed(0)} ms; interleaved, no ingest load`);
      rep.target(`${backend} growth ${small.n.toLocaleString("en-US")} → ${big.n.toLocaleString("en-US")} terminals: ${name}`, `${ratio.toFixed(2)}× (median)`, "< 1.5×", judge(ratio < 1.5));
    }

    const quiet = await time(`${base}/api/health`, cookie, o.runs);
    rep.row(`${tag}baseline: GET /api/health, no load`, `p95 ${quiet.p95.toFixed(0)} ms`, `p50 ${quiet.p50.toFixed(0)} ms; the server's cheapest read, the floor of every page row`);

    background = await startBackground(base, big.seed.key, big.n, o.ingestRate, o.perRequest);
    await new Promise((r) => setTimeout(r, 3000)); // let the load settle
    const loaded = await time(`${base}/api/health`, cookie, o.runs);
    const floor = `baseline /api/health p95 ${loaded.p95.toFixed(0)} ms under the same load`;
    rep.row(`${tag}baseline: GET /api/health, under ingest`, `p95 ${loaded.p95.toFixed(0)} ms`, `p50 ${loaded.p50.toFixed(0)} ms; ${o.ingestRate} beats/s in ${o.perRequest}-beat requests`);

    const pages: [string, string, boolean][] = [
      ["overview /", "/", true],
      ["API /api/v1/fleet/summary", "/api/v1/fleet/summary", true],
      ["call queue /alerts", "/alerts", true],
      ["firmware", "/firmware", true],
      ["terminal detail", `/terminals/${big.seed.detailSn}`, false],
      ["activity /activity", "/activity", false],
      ["batteries to replace /batteries", "/batteries", false],
      ["API /api/v1/terminals?category=network", "/api/v1/terminals?category=network", false],
    ];
    for (const [name, url, targeted] of pages) {
      const r = await time(base + url, cookie, o.runs);
      rep.row(`${tag}page: ${name}`, `p95 ${r.p95.toFixed(0)} ms`, `p50 ${r.p50.toFixed(0)} ms, ${(r.bytes / 1024).toFixed(0)} KiB; ${floor}`);
      if (targeted) rep.target(`${backend} ${name} at ${big.n.toLocaleString("en-US")} under ingest`, `p95 ${r.p95.toFixed(0)} ms`, `< ${o.p95TargetMs} ms`, judge(r.p95 < o.p95TargetMs));
    }

    // Every filter × sort of the terminals page, first page, fewer runs each; the worst pair is the figure.
    const pairRuns = Math.max(3, Math.round(o.runs / 4));
    const pairs: { name: string; p95: number; p50: number }[] = [];
    for (const [fname, fq] of FILTERS) {
      for (const sort of SORTS) {
        const url = `/terminals?${fq ? `${fq}&` : ""}sort=${sort}&dir=asc`;
        const r = await time(base + url, cookie, pairRuns);
        pairs.push({ name: `${fname}, sort=${sort}`, p95: r.p95, p50: r.p50 });
      }
    }
    pairs.sort((x, y) => y.p95 - x.p95);
    console.log(`terminals filter × sort, slowest first: ${pairs.slice(0, 10).map((p) => `${p.name} ${p.p95.toFixed(0)} ms`).join("; ")}`);
    const search = pairs.filter((p) => p.name.startsWith("q="));
    const table = pairs.filter((p) => !p.name.startsWith("q="));
    const worstTable = table[0]!, worstSearch = search[0]!;
    const median = quantiles(table.map((p) => p.p95)).p50;
    rep.row(`${tag}page: terminals, worst filter + sort`, `p95 ${worstTable.p95.toFixed(0)} ms`,
      `${worstTable.name}; ${table.length} pairs × ${pairRuns} runs, median pair p95 ${median.toFixed(0)} ms; next: ${table.slice(1, 4).map((p) => `${p.name} ${p.p95.toFixed(0)}`).join(", ")}; ${floor}`);
    rep.target(`${backend} terminals, any filter + any sort (worst of ${table.length}) at ${big.n.toLocaleString("en-US")} under ingest`, `p95 ${worstTable.p95.toFixed(0)} ms (${worstTable.name})`, `< ${o.p95TargetMs} ms`, judge(worstTable.p95 < o.p95TargetMs));
    rep.row(`${tag}page: terminals, worst search + sort`, `p95 ${worstSearch.p95.toFixed(0)} ms`,
      `${worstSearch.name}; serial prefix and merchant name × ${SORTS.length} sorts; ${floor}`);
    rep.target(`${backend} search (serial prefix, merchant name; any sort) at ${big.n.toLocaleString("en-US")} under ingest`, `p95 ${worstSearch.p95.toFixed(0)} ms (${worstSearch.name})`, `< ${o.p95TargetMs} ms`, judge(worstSearch.p95 < o.p95TargetMs));

    // CSV of every row: first byte and the server's memory during the export, at N and at N/10.
    for (const [server, sbase, n, ck] of [[bigServer, base, big.n, cookie], [smallServer, smallBase, small.n, small.seed.cookie]] as const) {
      await csvOnce(`${sbase}/terminals.csv`, ck, server); // warm-up: the route's first call
      const runs = [];
      for (let i = 0; i < 3; i++) runs.push(await csvOnce(`${sbase}/terminals.csv`, ck, server));
      const ttfb = Math.max(...runs.map((r) => r.ttfb));
      const rise = Math.max(...runs.map((r) => r.peak - r.before));
      const last = runs[runs.length - 1]!;
      rep.row(`${tag}CSV export, ${n.toLocaleString("en-US")} rows: first byte`, `${ttfb.toFixed(0)} ms`,
        `worst of 3; whole file ${last.total.toFixed(0)} ms, ${(last.bytes / 2 ** 20).toFixed(1)} MiB, ${(last.lines - 1).toLocaleString("en-US")} rows${server === bigServer ? `; ${floor}` : "; no load"}`);
      rep.row(`${tag}CSV export, ${n.toLocaleString("en-US")} rows: server RSS during it`, `+${rise.toFixed(0)} MB`,
        `largest rise of 3 over the RSS before (${last.before.toFixed(0)} MB), sampled every 20 ms`);
      if (server === bigServer) {
        rep.target(`${backend} CSV of ${n.toLocaleString("en-US")} rows: first byte`, `${ttfb.toFixed(0)} ms`, "< 200 ms", judge(ttfb < 200));
        rep.target(`${backend} CSV of ${n.toLocaleString("en-US")} rows: memory flat`, `RSS +${rise.toFixed(0)} MB during the export`, "flat (< 50 MB rise)", judge(rise < 50));
      }
    }
    const bg = await background.stop();
    background = null;
    rep.row(`${tag}background ingest during the page rows`, `${fmtRate(bg.beatsPerSec)}/s`,
      `asked ${o.ingestRate}/s for ${bg.seconds} s, ${o.perRequest} per request, errors ${bg.errors}, worst window p99 ${bg.worstP99} ms`);
    if (bg.beatsPerSec < o.ingestRate * 0.95) console.log(`note: the background load reached only ${fmtRate(bg.beatsPerSec)} of ${o.ingestRate} beats/s`);
    rep.row(`${tag}server RSS after the page rows`, `${bigServer.rssMb().toFixed(0)} MB`, `${big.n} terminals, heap limit ${heapArgs(big.n).join(" ") || "(NODE_OPTIONS)"}`);
  } finally {
    if (background) await background.stop();
    await bigServer.stop();
    await smallServer.stop();
  }
}

const fmtRate = (n: number) => Math.round(n).toLocaleString("en-US");
