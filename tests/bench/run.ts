// `npm run bench [-- --quick] [--write] [--terminals N] [--pg]`: ingest and ceilings over real
// HTTP, as ratios measured in one run, then the page rows (tests/bench/pages.ts) under a background
// ingest load. --pg runs the PostgreSQL rows instead (tests/bench/pg.ts: ingest, then the same page
// rows), on a throwaway cluster; --pg-only is the same. --skip-pages leaves out the page rows,
// --pages-only runs only them; --reuse-build serves an existing build without checking it is current.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { openSqlite } from "@/db/client";
import { createIngestKey } from "@/lib/auth/ingest-keys";
import { ingestHeartbeats } from "@/lib/ingest/ingest";
import { defaultPolicy } from "@/lib/rules/policy";
import { heapArgs } from "@/lib/server/heap";
import { sqliteIngestCeiling } from "./ceilings";
import { startChild } from "../helpers/child";
import { beatFor, makeBenchFleet } from "./fleet";
import { loadIngest, type LoadResult } from "./load";
import { benchPages } from "./pages";
import { benchPg } from "./pg";
import { metText, reporter } from "./report";

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean" }, write: { type: "boolean" }, terminals: { type: "string" }, seconds: { type: "string" },
    pg: { type: "boolean" }, "pg-only": { type: "boolean" }, "pg-connections": { type: "string" }, "pg-diagnostic": { type: "boolean" },
    "skip-pages": { type: "boolean" }, "pages-only": { type: "boolean" }, "reuse-build": { type: "boolean" },
    "ingest-rate": { type: "string" }, "per-request": { type: "string" }, runs: { type: "string" }, "seed-beats": { type: "string" },
  },
});
const quick = !!args.quick;
const terminals = Number(args.terminals ?? (quick ? 5_000 : 100_000));
const seconds = Number(args.seconds ?? (quick ? 6 : 20));
const pgRun = !!(args.pg || args["pg-only"]);
const pagesWanted = !args["skip-pages"];
const pageOpts = {
  ingestRate: Number(args["ingest-rate"] ?? 3300),
  perRequest: Number(args["per-request"] ?? 10),
  runs: Number(args.runs ?? (quick ? 10 : 20)),
  seedBeats: Number(args["seed-beats"] ?? 3),
  reuseBuild: !!args["reuse-build"],
};
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pfh-bench-"));
const rep = reporter();
const report = rep.row;
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const lat = (r: LoadResult) => `p50 ${r.p50} ms, p99 ${r.p99} ms, errors ${r.errors}`;

// The benchmark compares the product with raw SQLite ceilings, so it runs on SQLite files.
async function freshFleetDb(name: string) {
  const db = openSqlite(path.join(dir, `${name}.db`));
  const fleet = await makeBenchFleet(db, terminals, Date.now());
  return { db, fleet, file: path.join(dir, `${name}.db`) };
}

async function main() {
  console.log(`bench: ${quick ? "quick" : "full"}, ${terminals} terminals, ${seconds} s per load, ${os.cpus().length} cores, node ${process.version}`);
  const started = performance.now();
  if (!pgRun) {
    if (!args["pages-only"]) await benchSqlite();
    if (pagesWanted) {
      await benchPages({
        backend: "SQLite", terminals, rep, p95TargetMs: 100, targetTerminals: 100_000, seedConcurrency: 1, ...pageOpts,
        newStore: async (name) => path.join(dir, `${name}.db`),
      });
    }
  } else {
    const connections = Number(args["pg-connections"] ?? 4);
    await benchPg({ terminals, seconds, connections, single: true, rep, diagnostic: !!args["pg-diagnostic"], ingest: !args["pages-only"], pages: pagesWanted ? pageOpts : null });
  }
  const minutes = (performance.now() - started) / 60_000;
  console.log(`bench finished in ${minutes.toFixed(1)} min`);
  if (args.write) writeResults(minutes);
  fs.rmSync(dir, { recursive: true, force: true });
}

async function benchSqlite() {

  // 1. The SQLite ceiling, in process, 1,000 per transaction.
  const c = await freshFleetDb("ceiling");
  sqliteIngestCeiling(c.db, c.fleet.terminalIds, 20_000, 1000, 1);
  const ceiling = sqliteIngestCeiling(c.db, c.fleet.terminalIds, quick ? 100_000 : 300_000, 1000, 100);
  report("ceiling: SQLite insert + state upsert", `${fmt(ceiling.rowsPerSec)}/s`, "prepared statements, 1,000 per transaction");
  await c.db.close();

  // 2. Direct ingest through lib/ingest (no HTTP): the backfill path.
  const d = await freshFleetDb("direct");
  const scope = { agentId: d.fleet.rootId, agentPath: `/${d.fleet.rootId}/` };
  let n = 0;
  const directStart = performance.now();
  const directTotal = quick ? 60_000 : 200_000;
  while (n < directTotal) {
    const items = Array.from({ length: 1000 }, () => { const k = n++; return beatFor(d.fleet.sns[k % terminals]!, 1 + Math.floor(k / terminals), Date.now()); });
    await ingestHeartbeats(d.db, scope, items, Date.now(), defaultPolicy);
  }
  const direct = directTotal / ((performance.now() - directStart) / 1000);
  report("lib/ingest direct (1,000 per call)", `${fmt(direct)}/s`, `${(direct / ceiling.rowsPerSec).toFixed(2)}x ceiling`);
  await d.db.close();

  // 3. Plain node:http + SQLite single-heartbeat server: the per-request ceiling.
  const p = await freshFleetDb("plain");
  await p.db.close();
  const plain = await startChild("tests/bench/plain-server.ts", { DATABASE_PATH: p.file });
  await loadIngest({ url: `http://127.0.0.1:${plain.port}`, key: null, sns: p.fleet.sns, perRequest: 1, seconds: 2, connections: 32, seqBase: 1 });
  const plainSingle = await loadIngest({ url: `http://127.0.0.1:${plain.port}`, key: null, sns: p.fleet.sns, perRequest: 1, seconds, connections: 32, seqBase: 1000 });
  report("ceiling: plain node:http + SQLite, single", `${fmt(plainSingle.heartbeatsPerSec)}/s`, lat(plainSingle));
  await plain.stop();

  // 4. The product's server (API only), single and batch.
  const o = await freshFleetDb("ours");
  const key = (await createIngestKey(o.db, o.fleet.rootId, "bench", Date.now())).key;
  await o.db.close();
  // Started as `npm start` starts it: with the heap limit sized from the fleet (lib/server/heap.ts).
  const ours = await startChild("lib/server/main.ts", { DATABASE_PATH: o.file, PAGES: "off", NODE_ENV: "production", INGEST_RATE_PER_KEY: "10000000" }, 120_000, heapArgs(terminals));
  const url = `http://127.0.0.1:${ours.port}`;
  await loadIngest({ url, key, sns: o.fleet.sns, perRequest: 1, seconds: 2, connections: 32, seqBase: 1 });
  const single = await loadIngest({ url, key, sns: o.fleet.sns, perRequest: 1, seconds, connections: 32, seqBase: 1000 });
  report("ours: single heartbeat per request", `${fmt(single.heartbeatsPerSec)}/s`, `${(single.heartbeatsPerSec / plainSingle.heartbeatsPerSec).toFixed(2)}x plain; ${lat(single)}`);
  const batch = await loadIngest({ url, key, sns: o.fleet.sns, perRequest: 500, seconds, connections: 4, seqBase: 100_000 });
  report("ours: batches of 500", `${fmt(batch.heartbeatsPerSec)}/s`, `${(batch.heartbeatsPerSec / ceiling.rowsPerSec).toFixed(2)}x SQLite ceiling; ${lat(batch)}`);
  const rss = ours.rssMb();
  report("ours: server RSS after load", `${rss.toFixed(0)} MB`, `${terminals} terminals, after the single and batch loads`);
  const comparable = terminals >= 100_000 ? true : null;
  const ratio = batch.heartbeatsPerSec / ceiling.rowsPerSec;
  rep.target(`SQLite batch ingest at ${fmt(terminals)}, counters kept`, `${ratio.toFixed(2)}× the SQLite ceiling (${fmt(batch.heartbeatsPerSec)}/s against ${fmt(ceiling.rowsPerSec)}/s)`,
    "≥ 0.15× (aim ≥ 0.3×)", comparable && ratio >= 0.15);
  rep.target(`SQLite server RSS under batch load at ${fmt(terminals)}`, `${rss.toFixed(0)} MB`, "< 400 MB", comparable && rss < 400);
  await ours.stop();

  const check = openSqlite(o.file);
  const stored = (await check.get<{ n: number }>(`SELECT count(*) AS n FROM heartbeats`))!.n;
  // SQLite-only: the dbstat virtual table.
  const bytes = (await check.get<{ b: number }>(
    `SELECT sum(pgsize) AS b FROM dbstat WHERE name IN ('heartbeats', 'heartbeats_terminal_id_seq_idx', 'heartbeat_errors')`,
  ))!.b;
  report("bytes per stored heartbeat (incl. indexes)", `${(bytes / stored).toFixed(1)} B`, `${fmt(stored)} rows`);
  await check.close();
}

function writeResults(minutes: number) {
  const file = "tests/bench/RESULTS.md";
  const cell = (x: string) => x.replace(/\|/g, "\\|");
  const what = args["pages-only"] ? "page rows only" : args["skip-pages"] ? "ingest rows only" : "run";
  const head = `## ${new Date().toISOString().slice(0, 10)} — ${quick ? "quick" : "full"} ${what}, ${pgRun ? "PostgreSQL" : "SQLite"}, ${terminals} terminals\n\n` +
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ` +
    `load average ${os.loadavg()[0]!.toFixed(1)} at the end; the run took ${minutes.toFixed(0)} min. ` +
    `Command: \`npm run bench -- ${process.argv.slice(2).join(" ")}\`\n\n`;
  const targets = rep.targets.length
    ? `| target | result | target value | |\n|---|---|---|---|\n${rep.targets.map((t) => `| ${cell(t.measure)} | ${cell(t.result)} | ${cell(t.target)} | ${metText(t.met)} |`).join("\n")}\n\n`
    : "";
  const body = `| measure | value | note |\n|---|---|---|\n${rep.rows.map((r) => `| ${r.map(cell).join(" | ")} |`).join("\n")}\n`;
  const prev = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "# Benchmark results\n\n";
  fs.writeFileSync(file, prev.replace(/\n*$/, "\n\n") + head + targets + body);
  console.log(`appended to ${file}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
