// Page and API read latency at scale: a fleet of N terminals with current state, open alerts and
// 30 days of rollups, served by the production build, timed over loopback (p50/p95 per URL).
import fs from "node:fs";
import path from "node:path";
import { openDatabase } from "@/db/client";
import { insertUser } from "@/db/queries/auth-users";
import { createSession, SESSION_COOKIE } from "@/lib/auth/sessions";
import { ingestHeartbeats } from "@/lib/ingest/ingest";
import { runSweep } from "@/lib/jobs/sweep";
import { defaultPolicy } from "@/lib/rules/policy";
import { heapArgs } from "@/lib/server/heap";
import { E2E_DIST_DIR, ensureBuild } from "../e2e/harness/build";
import { startChild } from "../helpers/child";
import { beatFor, makeBenchFleet } from "./fleet";

const HOUR = 3_600_000;
const CATEGORIES = ["healthy", "hardware", "network", "operation", "policy_firmware"] as const;
const CODES = ["51", "55", "96", "T_COMM_FAIL", "T_CONNECT_TIMEOUT", "T_NOT_SIGNED_IN", "T_CARD_READ_FAIL", "03", "A0", "T_USE_CHIP"];

/** Faults spread over the fleet so every category and severity has rows. */
function faultFor(i: number): Record<string, unknown> {
  switch (i % 20) {
    case 1: return { signal_dbm: -110, errors: { T_CONNECT_TIMEOUT: 1 } };
    case 2: return { battery_pct: 8, charging: false };
    case 3: return { errors: { T_NOT_SIGNED_IN: 2 } };
    case 4: return { firmware: "2.3.5" };
    case 5: return { firmware: "2.2.0" };
    default: return {};
  }
}

const PUT_CATEGORY = `INSERT INTO rollup_category_hourly (hour_start, agent_id, category, terminals, offline, updated_at) VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (hour_start, agent_id, category) DO UPDATE SET terminals = excluded.terminals, offline = excluded.offline, updated_at = excluded.updated_at`;
const PUT_ERRORS = `INSERT INTO rollup_error_hourly (hour_start, agent_id, code, occurrences) VALUES (?, ?, ?, ?)
  ON CONFLICT (hour_start, agent_id, code) DO UPDATE SET occurrences = excluded.occurrences`;
const PUT_FIRMWARE = `INSERT INTO rollup_firmware_daily (day_start, agent_id, firmware, model, terminals, updated_at) VALUES (?, ?, ?, 'P8', ?, ?)
  ON CONFLICT (day_start, agent_id, firmware, model) DO UPDATE SET terminals = excluded.terminals, updated_at = excluded.updated_at`;

export async function seedForBench(file: string, terminals: number, now: number) {
  const db = await openDatabase(file);
  const fleet = await makeBenchFleet(db, terminals, now - 40 * 24 * HOUR);
  const scope = { agentId: fleet.rootId, agentPath: `/${fleet.rootId}/` };
  // Three beats per terminal, 5 minutes apart, through the real ingest path.
  for (let round = 1; round <= 3; round++) {
    const at = now - (4 - round) * 5 * 60_000;
    for (let i = 0; i < terminals; i += 1000) {
      const items = fleet.sns.slice(i, i + 1000).map((sn, k) => ({ ...beatFor(sn, round, at), errors: {}, ...faultFor(i + k) }));
      await ingestHeartbeats(db, scope, items, at, defaultPolicy);
    }
  }
  // Two weeks of raw history for the terminal whose detail page is timed.
  const detailSn = fleet.sns[1]!;
  for (let k = 0; k < 14 * 288; k += 500) {
    const items = Array.from({ length: 500 }, (_, j) => ({ ...beatFor(detailSn, 1000 + k + j, now - (14 * 288 - k - j) * 300_000), errors: { T_CONNECT_TIMEOUT: 1 } }));
    await ingestHeartbeats(db, scope, items, now - (14 * 288 - k) * 300_000, defaultPolicy);
  }
  await runSweep(db, now + 11 * 60_000); // pending warnings become open alerts
  // 30 days of hourly and daily rollups for every agent.
  const agents = (await db.all<{ id: number }>(`SELECT id FROM agents`)).map((a) => a.id);
  await db.transaction(async (tx) => {
    const perAgent = Math.ceil(terminals / agents.length);
    for (let h = 0; h < 30 * 24; h++) {
      const hour = Math.floor(now / HOUR) * HOUR - h * HOUR;
      for (const a of agents) {
        for (const [ci, c] of CATEGORIES.entries()) await tx.run(PUT_CATEGORY, [hour, a, c, ci === 0 ? perAgent * 0.8 : perAgent * 0.05, ci, now]);
        for (const [ci, code] of CODES.entries()) await tx.run(PUT_ERRORS, [hour, a, code, (h + ci) % 13]);
        if (h % 24 === 0) {
          for (const [vi, v] of ["2.4.1", "2.3.5", "2.2.0", "2.5.0"].entries()) await tx.run(PUT_FIRMWARE, [hour, a, v, perAgent / (vi + 1), now]);
        }
      }
    }
  });
  const userId = await insertUser(db, { email: "bench@example.test", name: "bench", passwordHash: "bench-no-password", role: "admin", agentId: fleet.rootId, mustChangePassword: false }, now);
  const token = (await createSession(db, userId, {}, now)).token;
  await db.close(); // checkpoints the WAL into the file
  return { detailSn, cookie: `${SESSION_COOKIE}=${token}` };
}

async function time(url: string, cookie: string, runs: number): Promise<{ p50: number; p95: number; status: number; bytes: number }> {
  const samples: number[] = [];
  let status = 0;
  let bytes = 0;
  for (let i = 0; i < runs + 2; i++) {
    const t = performance.now();
    const res = await fetch(url, { headers: { cookie, "accept-language": "zh-CN" } });
    const body = await res.arrayBuffer();
    if (i >= 2) samples.push(performance.now() - t); // two warm-up requests
    status = res.status;
    bytes = body.byteLength;
  }
  samples.sort((a, b) => a - b);
  const q = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!;
  return { p50: q(0.5), p95: q(0.95), status, bytes };
}

export async function benchPages(dir: string, terminals: number): Promise<[string, string, string][]> {
  const build = ensureBuild(process.cwd());
  console.log(`production build ${build.built ? `made in ${(build.ms / 1000).toFixed(0)} s` : "reused"}`);
  const file = path.join(dir, "pages.db");
  const now = Date.now();
  const t0 = performance.now();
  const { detailSn, cookie } = await seedForBench(file, terminals, now);
  console.log(`seeded ${terminals} terminals, alerts and 30 days of rollups in ${((performance.now() - t0) / 1000).toFixed(0)} s (${(fs.statSync(file).size / 2 ** 20).toFixed(0)} MiB)`);
  const server = await startChild("lib/server/main.ts", { DATABASE_PATH: file, NODE_ENV: "production", NEXT_DIST_DIR: E2E_DIST_DIR }, 120_000, heapArgs(terminals));
  const base = `http://127.0.0.1:${server.port}`;
  const urls: [string, string, number][] = [
    ["overview /", "/", 20],
    ["terminals, filter + sort", "/terminals?category=network&sort=battery&dir=asc", 20],
    ["terminals, search", "/terminals?q=BN0000123", 20],
    ["terminal detail", `/terminals/${detailSn}`, 20],
    ["call queue /alerts", "/alerts", 20],
    ["firmware", "/firmware", 20],
    ["API /api/v1/terminals?category=network", "/api/v1/terminals?category=network", 20],
    ["API /api/v1/fleet/summary", "/api/v1/fleet/summary", 20],
    [`CSV export, all ${terminals} rows`, "/terminals.csv", 3],
  ];
  const rows: [string, string, string][] = [];
  try {
    for (const [name, url, runs] of urls) {
      const r = await time(base + url, cookie, runs);
      rows.push([`page: ${name}`, `p95 ${r.p95.toFixed(0)} ms`, `p50 ${r.p50.toFixed(0)} ms, HTTP ${r.status}, ${(r.bytes / 1024).toFixed(0)} KiB`]);
      console.log(`${name}: p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms (${r.status})`);
    }
    rows.push(["server RSS after page load", `${server.rssMb().toFixed(0)} MB`, `${terminals} terminals`]);
  } finally {
    await server.stop();
  }
  return rows;
}
