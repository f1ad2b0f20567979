// Server-side cost of the overview's problem codes, the fleet summary and the terminals search at
// scale, timed in-process on the real queries (no HTTP, no build): p50/p95 over repeated calls.
//   npx tsx tests/bench/counters-search.ts --file /tmp/fleet-100k.db [--terminals 100000] [--runs 30]
// The file is seeded once (through the real ingest, as the page bench seeds) and reused, so a
// later run measures the same data after new migrations are applied on open.
import fs from "node:fs";
import { performance } from "node:perf_hooks";
import { openDatabase } from "@/db/client";
import { codeCounts, fleetSummary } from "@/db/queries/overview";
import { listTerminals } from "@/db/queries/terminals";
import { terminalListSchema } from "@/db/queries/terminal-filters";
import { seedForBench } from "./pages";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const file = arg("file", "/tmp/pfh-fleet-100k.db");
const terminals = Number(arg("terminals", "100000"));
const runs = Number(arg("runs", "30"));
const only = arg("only", "");

async function timeIt(label: string, fn: () => Promise<unknown>): Promise<void> {
  if (only && !label.includes(only)) return;
  await fn();
  const samples: number[] = [];
  let out: unknown;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    out = await fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  const q = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!.toFixed(1);
  const note = out && typeof out === "object" && "total" in out ? ` (${(out as { total: number }).total} rows)` : "";
  console.log(`${label.padEnd(44)} p50 ${q(0.5).padStart(7)} ms  p95 ${q(0.95).padStart(7)} ms${note}`);
}

async function main() {
  const now = Date.now();
  if (!fs.existsSync(file)) {
    const t = performance.now();
    await seedForBench(file, terminals, now);
    console.log(`seeded ${terminals} terminals in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  }
  const db = await openDatabase(file);
  const root = await db.get<{ id: number; path: string }>(`SELECT id, path FROM agents WHERE code = 'BENCH'`);
  const scope = { agentId: root!.id, agentPath: root!.path, role: "admin" as const, userId: null };
  const stamp = await db.get<{ at: number }>(`SELECT max(last_seen_at) AS at FROM terminal_state`);
  const at = Number(stamp!.at);
  await timeIt("fleet summary (counters)", () => fleetSummary(db, scope));
  await timeIt("problem codes, 24 h", () => codeCounts(db, scope, { now: at }));
  const list = (q: Record<string, unknown>) => () => listTerminals(db, scope, terminalListSchema.parse({ size: 50, ...q }));
  await timeIt("search serial prefix BN0000123", list({ q: "BN0000123" }));
  await timeIt("search serial prefix BN0000123, sort battery", list({ q: "BN0000123", sort: "battery" }));
  await timeIt("search merchant 商户4242 (contains)", list({ q: "商户4242" }));
  await timeIt("search merchant 户4242 (contains), problems", list({ q: "户4242", sort: "problems" }));
  await timeIt("search merchant 户99 (many)", list({ q: "户99" }));
  await timeIt("search 商 (1 char)", list({ q: "商" }));
  await timeIt("search merchant 42 (2 characters, inside the names)", list({ q: "42" }));
  await timeIt("search nothing matches zzz", list({ q: "zzz" }));
  await timeIt("sort merchant", list({ sort: "merchant" }));
  await timeIt("sort city", list({ sort: "city" }));
  await timeIt("sort agent", list({ sort: "agent" }));
  await db.close();
}

void main();
