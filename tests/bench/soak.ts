// `npm run bench:soak [-- --minutes 10] [--terminals N] [--write]`: single-heartbeat ingest at half
// the measured maximum for a fixed time, sampling throughput, p99 and server RSS every 30 s, to
// show they stay flat, and the longest event-loop block in the server (its
// pfh_event_loop_block_max_seconds gauge, perf_hooks.monitorEventLoopDelay, scraped every 5 s;
// the sweep runs every minute in the same process, so every sweep of the run is inside it). The
// server logs each database statement of 10 ms or more (SLOW_STATEMENT_MS) on this output, so a
// long block can be matched with the statement that made it. The server gets the heap flags
// `npm start` gives it (lib/server/heap.ts).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { openSqlite } from "@/db/client";
import { createIngestKey } from "@/lib/auth/ingest-keys";
import { heapArgs } from "@/lib/server/heap";
import { startChild } from "../helpers/child";
import { makeBenchFleet } from "./fleet";
import { loadIngest } from "./load";

const { values: args } = parseArgs({ options: { minutes: { type: "string" }, terminals: { type: "string" }, write: { type: "boolean" } } });
const minutes = Number(args.minutes ?? 10);
const terminals = Number(args.terminals ?? 20_000);
const ROUND_S = 30;
const SCRAPE_MS = 5_000;
const BLOCK_TARGET_MS = 20;

/** Reads and resets the server's longest event-loop block since the previous read, ms. */
async function scrapeBlock(url: string): Promise<number> {
  const text = await (await fetch(`${url}/api/metrics`)).text();
  const m = /^pfh_event_loop_block_max_seconds\s+(\S+)$/m.exec(text);
  if (!m) throw new Error("the server's /api/metrics has no pfh_event_loop_block_max_seconds");
  return Number(m[1]) * 1000;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pfh-soak-"));
  const file = path.join(dir, "soak.db");
  const db = openSqlite(file);
  const fleet = await makeBenchFleet(db, terminals, Date.now());
  const key = (await createIngestKey(db, fleet.rootId, "soak", Date.now())).key;
  await db.close();
  const server = await startChild("lib/server/main.ts", { DATABASE_PATH: file, PAGES: "off", NODE_ENV: "production", INGEST_RATE_PER_KEY: "10000000", SLOW_STATEMENT_MS: "10" }, 120_000, heapArgs(terminals));
  const url = `http://127.0.0.1:${server.port}`;
  let seqBase = 1;
  const load = (seconds: number, rate?: number) => {
    const r = loadIngest({ url, key, sns: fleet.sns, perRequest: 1, seconds, connections: 32, seqBase, rate });
    seqBase += 1000;
    return r;
  };
  const max = await load(10);
  const rate = Math.floor(max.heartbeatsPerSec / 2);
  console.log(`max ${Math.round(max.heartbeatsPerSec)}/s; soaking at ${rate}/s for ${minutes} min, ${terminals} terminals`);
  const samples: { t: number; rps: number; p50: number; p99: number; errors: number; rss: number; block: number }[] = [];
  const rounds = Math.max(1, Math.round((minutes * 60) / ROUND_S));
  // The event-loop monitor: one read to start it and drop what the start-up and the maximum load left.
  await scrapeBlock(url);
  let roundBlock = 0;
  const scraper = setInterval(() => {
    scrapeBlock(url).then((ms) => (roundBlock = Math.max(roundBlock, ms)), (err) => console.error(err));
  }, SCRAPE_MS);
  try {
    for (let i = 0; i < rounds; i++) {
      const r = await load(ROUND_S, rate);
      roundBlock = Math.max(roundBlock, await scrapeBlock(url));
      const s = { t: (i + 1) * ROUND_S, rps: Math.round(r.heartbeatsPerSec), p50: r.p50, p99: r.p99, errors: r.errors, rss: Math.round(server.rssMb()), block: Math.round(roundBlock * 10) / 10 };
      roundBlock = 0;
      samples.push(s);
      console.log(`${String(s.t).padStart(5)} s  ${s.rps}/s  p50 ${s.p50} ms  p99 ${s.p99} ms  errors ${s.errors}  rss ${s.rss} MB  longest event-loop block ${s.block} ms`);
    }
  } finally {
    clearInterval(scraper);
  }
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  const third = Math.max(1, Math.floor(samples.length / 3));
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const first = samples.slice(0, third), last = samples.slice(-third);
  const summary = {
    rssFirst: avg(first.map((s) => s.rss)), rssLast: avg(last.map((s) => s.rss)),
    p99First: avg(first.map((s) => s.p99)), p99Last: avg(last.map((s) => s.p99)),
    errors: samples.reduce((a, s) => a + s.errors, 0),
    block: Math.max(...samples.map((s) => s.block)),
  };
  const met = summary.block < BLOCK_TARGET_MS;
  console.log(`RSS first third ${summary.rssFirst.toFixed(0)} MB, last third ${summary.rssLast.toFixed(0)} MB; p99 ${summary.p99First.toFixed(1)} → ${summary.p99Last.toFixed(1)} ms; errors ${summary.errors}`);
  console.log(`target: longest event-loop block during the soak: ${summary.block} ms (target < ${BLOCK_TARGET_MS} ms) ${met ? "MET" : "NOT MET"}${minutes < 10 ? ` (a ${minutes}-minute run; the target is for 10 minutes)` : ""}`);
  if (args.write) {
    const table = samples.map((s) => `| ${s.t} | ${s.rps} | ${s.p50} | ${s.p99} | ${s.errors} | ${s.rss} | ${s.block} |`).join("\n");
    fs.appendFileSync("tests/bench/RESULTS.md",
      `\n## ${new Date().toISOString().slice(0, 10)} — soak, ${minutes} min at ${rate} heartbeats/s (half of the measured ${Math.round(max.heartbeatsPerSec)}/s), ${terminals} terminals\n\n` +
      `Command: \`npm run bench:soak -- ${process.argv.slice(2).join(" ")}\`. RSS first third ${summary.rssFirst.toFixed(0)} MB, last third ${summary.rssLast.toFixed(0)} MB; ` +
      `p99 first third ${summary.p99First.toFixed(1)} ms, last third ${summary.p99Last.toFixed(1)} ms; errors ${summary.errors}. ` +
      `Longest event-loop block in the server: **${summary.block} ms** (target < ${BLOCK_TARGET_MS} ms: ${met ? "met" : "**not met**"}).\n\n` +
      `| t (s) | heartbeats/s | p50 ms | p99 ms | errors | RSS MB | longest event-loop block, ms |\n|---|---|---|---|---|---|---|\n${table}\n`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
