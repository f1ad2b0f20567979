// Measures the activity page's reads at 100,000 terminals on SQLite: the state counts and the
// first page of the idle list, unfiltered and filtered, as the page runs them (db/activity.ts),
// beside the statements they replaced (a scan and sort of the subtree joined to the sales rollup).
// `npx tsx tests/bench/activity-100k.ts [--terminals 100000] [--runs 7]`; prints medians in ms.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { activityCounts, listIdle, positionCounts } from "@/db/activity";
import { openDatabase } from "@/db/client";
import { defaultPolicy } from "@/lib/rules/policy";
import { DAY_MS } from "@/lib/domain/time";
import { makeBenchFleet } from "./fleet";

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const N = arg("terminals", 100_000);
const RUNS = arg("runs", 7);
const NOW = Date.UTC(2026, 11, 1, 4, 0, 0);

// The statements before the clock table: the state of every terminal of the subtree, and the
// first page sorted by the clock start computed per row.
const OLD_STATE = `CASE
    WHEN ta.last_txn_at IS NULL THEN CASE WHEN coalesce(t.activated_at, t.created_at) <= @neverBefore THEN 'never_traded' ELSE 'new' END
    WHEN ta.last_txn_at <= @dormantBefore THEN 'dormant' WHEN ta.last_txn_at <= @quietBefore THEN 'quiet' ELSE 'active' END`;
const OLD_COUNTS = `SELECT ${OLD_STATE} AS state, count(*) AS n FROM terminals t JOIN agents a ON a.id = t.agent_id
   LEFT JOIN terminal_activity ta ON ta.terminal_id = t.id WHERE a.path LIKE @pattern GROUP BY 1`;
const OLD_FROM = `terminals t JOIN agents a ON a.id = t.agent_id JOIN merchants m ON m.id = t.merchant_id
   LEFT JOIN terminal_activity ta ON ta.terminal_id = t.id LEFT JOIN terminal_state s ON s.terminal_id = t.id`;
const OLD_WHERE = `a.path LIKE @pattern AND (ta.last_txn_at <= @quietBefore OR (ta.last_txn_at IS NULL AND coalesce(t.activated_at, t.created_at) <= @neverBefore))`;
const OLD_PAGE = `SELECT t.id, t.sn, m.name, ${OLD_STATE} AS state, s.status FROM ${OLD_FROM} WHERE ${OLD_WHERE}
   ORDER BY coalesce(ta.last_txn_at, t.activated_at, t.created_at), t.id LIMIT 50 OFFSET 0`;
const OLD_TOTAL = `SELECT count(*) AS n FROM ${OLD_FROM} WHERE ${OLD_WHERE}`;

async function median(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pfh-activity-bench-"));
  const db = await openDatabase(path.join(dir, "fleet.db"));
  const t0 = performance.now();
  const fleet = await makeBenchFleet(db, N, NOW - 400 * DAY_MS);
  // 90 % sold at some point: last sales spread over the last 400 days, most within the week.
  await db.run(
    `INSERT INTO terminal_activity (terminal_id, first_txn_at, last_txn_at)
     SELECT id, @now - 400 * @day, @now - CASE WHEN id % 10 < 7 THEN (id * 7919 % 6) * @day ELSE (id * 104729 % 400) * @day END - id % 86400000
       FROM terminals WHERE id % 10 <> 9`,
    { now: NOW, day: DAY_MS },
  );
  // Every terminal has reported; two in three with a position.
  await db.run(
    `INSERT INTO terminal_state (terminal_id, last_seq, last_seen_at, last_device_ts, battery_pct, charging, firmware, signal_dbm, network,
       status, category, severity, diagnosed_at, category_since, lat, lon)
     SELECT id, 1, @now, @now, 80, 0, '2.4.1', -70, '4G', 'online', 'healthy', 'ok', @now, @now,
            CASE WHEN id % 3 = 0 THEN NULL ELSE 30.27 END, CASE WHEN id % 3 = 0 THEN NULL ELSE 120.15 END FROM terminals`,
    { now: NOW },
  );
  await db.run(`ANALYZE`);
  console.log(`fleet of ${fleet.terminalIds.length} terminals written in ${Math.round(performance.now() - t0)} ms`);
  const scope = { agentId: fleet.rootId, agentPath: (await db.get<{ path: string }>(`SELECT path FROM agents WHERE id = ?`, [fleet.rootId]))!.path } as never;
  const sub = await db.get<{ id: number; path: string }>(`SELECT id, path FROM agents WHERE code = 'R2S3'`);
  const params = { pattern: `${(scope as { agentPath: string }).agentPath}%`, quietBefore: NOW - 7 * DAY_MS, dormantBefore: NOW - 30 * DAY_MS, neverBefore: NOW - 15 * DAY_MS };
  const page = { limit: 50, offset: 0 };
  const rows: [string, number][] = [
    ["before: state counts, whole network", await median(() => db.all(OLD_COUNTS, params))],
    ["before: first page + total, unfiltered", await median(async () => { await db.all(OLD_PAGE, params); await db.get(OLD_TOTAL, params); })],
    ["after: state counts, whole network", await median(() => activityCounts(db, scope, defaultPolicy, NOW))],
    ["after: first page + total, unfiltered", await median(() => listIdle(db, scope, {}, defaultPolicy, NOW, page))],
    ["after: first page + total, dormant", await median(() => listIdle(db, scope, { state: "dormant" }, defaultPolicy, NOW, page))],
    ["after: first page + total, never traded", await median(() => listIdle(db, scope, { state: "never_traded" }, defaultPolicy, NOW, page))],
    ["after: first page + total, one sub-agent", await median(() => listIdle(db, scope, { agent: sub!.id }, defaultPolicy, NOW, page))],
    ["after: first page + total, city 杭州", await median(() => listIdle(db, scope, { city: "杭州" }, defaultPolicy, NOW, page))],
    ["positions reported / not, whole network", await median(() => positionCounts(db, scope))],
    ["after: page 100 (offset 4,950), unfiltered", await median(() => listIdle(db, scope, {}, defaultPolicy, NOW, { limit: 50, offset: 4950 }))],
  ];
  for (const [name, ms] of rows) console.log(`${name.padEnd(48)} ${ms.toFixed(1).padStart(8)} ms`);
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
