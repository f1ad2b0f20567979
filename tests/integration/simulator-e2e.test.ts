// The simulator against the real product: a 160-terminal fleet with faults of all four causes,
// posted over the real HTTP API (retries included) into a real database on a simulated clock,
// then every terminal's diagnosis compared with the simulator's ground truth.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { getPolicy, savePolicy } from "@/db/policy";
import { CATEGORIES, type Category } from "@/lib/domain/enums";
import { createIngestKey } from "@/lib/auth/ingest-keys";
import { runSweep } from "@/lib/jobs/sweep";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "@/lib/simulator/clock";
import { buildFleet } from "@/lib/simulator/fleet";
import { installFleet, rootScope } from "@/lib/simulator/install";
import { Poster } from "@/lib/simulator/poster";
import { injectScenario, parseScenarioLine } from "@/lib/simulator/scenarios";
import { Simulation } from "@/lib/simulator/simulation";
import { groundTruth } from "@/lib/simulator/truth";
import { count, freshDb } from "../helpers/db";
import { startApi } from "../helpers/server";

const CHECK = Date.UTC(2026, 2, 11, 7, 0); // Wednesday 15:00 Asia/Shanghai: shops are trading
const START = CHECK - 8 * HOUR_MS; // 07:00, before the first shop opens: dying batteries still post first
const fleet = buildFleet(7, 160);
const sim = new Simulation(fleet, { epoch: CHECK - 7 * DAY_MS, plan: { days: 7, faultShare: 0 } });

/** Scenario lines and when they start: all four causes, some at the start, some while it runs. */
const INJECTIONS: [number, string][] = [
  [START + 320 * MINUTE_MS, "carrier-outage city=上海 carrier=中国移动 minutes=240"],
  [START, "battery-aging count=2 days-ago=3"],
  [START, "battery-aging count=2 days-ago=2"],
  [START, "card-reader count=3"],
  [START, "printer-fault count=2"],
  [START, "printer-paper count=2 minutes=600"],
  [START, "ped-tamper count=2"],
  [START, "weak-signal count=3"],
  [START + 240 * MINUTE_MS, "sim-suspended count=3"],
  [START, "wifi-unstable count=3"],
  [START, "cashier-no-signin count=4"],
  [START + 270 * MINUTE_MS, "cashier-swipes-chip count=4"],
  [START, "cashier-no-settlement count=4"],
  [START, "merchant-frozen count=1"],
  [START, "location-abnormal count=3"],
  [START, "firmware-blocked version=2.3.5 count=3"],
  [START + 320 * MINUTE_MS, "firmware-min version=2.3.2"],
];

let db: Db;
let api: Awaited<ReturnType<typeof startApi>>;
let now = START;
let requests = 0;
/** Beats the server accepted in answers the poster never received. */
let acceptedUnheard = 0;

// A gateway whose connection drops after every fifth request was answered: the server has stored
// the beats, the poster never hears so, and sends the same batch (same seq) again.
const flakyFetch: typeof fetch = async (input, init) => {
  const res = await fetch(input, init);
  if (++requests % 5 === 0) {
    acceptedUnheard += ((await res.json()) as { accepted: number }).accepted;
    throw new TypeError("connection reset by peer");
  }
  return res;
};

beforeAll(async () => {
  db = await freshDb();
  await installFleet(db, fleet, CHECK - 30 * DAY_MS);
  api = await startApi(db, () => now);
});
afterAll(async () => {
  await api?.close();
  await db?.close();
});

describe("simulated fleet through the real HTTP API", () => {
  // 40-65 s on PostgreSQL on a loaded two-core machine (every beat is a round trip to the server).
  it("stores every beat once, retries included, and the diagnoses agree with the ground truth", { timeout: 120_000 }, async () => {
    const started = performance.now();
    const key = (await createIngestKey(db, (await rootScope(db, fleet)).agentId, "simulator e2e", START)).key;
    const poster = new Poster({ url: api.base, key, fetch: flakyFetch, baseDelayMs: 1, maxDelayMs: 5, onProblem: () => {} });
    const pending = [...INJECTIONS].sort((a, b) => a[0] - b[0]);
    let replayed = 0;

    for (let t = START + MINUTE_MS; t <= CHECK; t += MINUTE_MS) {
      while (pending.length && pending[0]![0] < t) {
        const [at, line] = pending.shift()!;
        const inj = injectScenario(sim, parseScenarioLine(line), at);
        expect(inj.terminals.length, line).toBeGreaterThan(0);
        // The acquirer raised the minimum: the server's policy says so too.
        if (line.startsWith("firmware-min")) await savePolicy(db, { ...(await getPolicy(db)), minFirmware: "2.3.2" }, at);
      }
      now = t;
      const due = sim.beatsDue(t - MINUTE_MS, t).map((d) => d.beat);
      for (let i = 0; i < due.length; i += 500) await poster.post(due.slice(i, i + 500));
      // A gateway that replays its last minute after a restart.
      if (t % (37 * MINUTE_MS) === 0 && due.length > 0) {
        await poster.post(due);
        replayed += due.length;
      }
      if (t % (5 * MINUTE_MS) === 0) await runSweep(db, t);
    }
    await runSweep(db, CHECK);

    const s = poster.stats;
    const rows = await count(db, `SELECT count(*) n FROM heartbeats`);
    const distinct = await count(db, `SELECT count(*) n FROM (SELECT DISTINCT terminal_id, seq FROM heartbeats) d`);
    expect(s.rejected).toBe(0);
    expect(s.dropped).toBe(0);
    expect(s.errors).toBeGreaterThan(10);
    expect(s.duplicate).toBeGreaterThanOrEqual(replayed);
    expect(replayed).toBeGreaterThan(0);
    expect(rows).toBe(distinct);
    expect(acceptedUnheard).toBeGreaterThan(0);
    expect(rows).toBe(s.accepted + acceptedUnheard);
    // Each beat was acknowledged exactly once: accepted on the first try, or a duplicate of one
    // stored on an attempt whose answer was lost (or of a replay).
    expect(s.accepted + s.duplicate).toBe(s.posted);

    const got = new Map(
      (await db.all<{ sn: string; category: Category | null }>(`SELECT t.sn, s.category FROM terminals t LEFT JOIN terminal_state s ON s.terminal_id = t.id`))
        .map((r) => [r.sn, r.category ?? "none"]),
    );
    const truth = groundTruth(sim, CHECK);
    const matrix = new Map<string, number>();
    const misses: string[] = [];
    for (const tr of truth) {
      const g = got.get(tr.sn)!;
      matrix.set(`${tr.category}→${g}`, (matrix.get(`${tr.category}→${g}`) ?? 0) + 1);
      if (g !== tr.category) misses.push(`${tr.sn}: expected ${tr.category} (${tr.fault}), got ${g}`);
    }
    const cols = [...CATEGORIES, "none"];
    const table = [
      `expected \\ got   ${cols.map((c) => c.slice(0, 9).padStart(9)).join(" ")}`,
      ...CATEGORIES.map((e) => `${e.padEnd(16)} ${cols.map((c) => String(matrix.get(`${e}→${c}`) ?? "").padStart(9)).join(" ")}`),
    ].join("\n");
    const byFault = new Map<string, [number, number]>();
    for (const tr of truth) {
      const k = tr.fault ?? "healthy";
      const [ok, all] = byFault.get(k) ?? [0, 0];
      byFault.set(k, [ok + (got.get(tr.sn) === tr.category ? 1 : 0), all + 1]);
    }
    const faults = [...byFault].sort().map(([k, [ok, all]]) => `${k} ${ok}/${all}`).join(", ");
    const agreement = truth.filter((tr) => got.get(tr.sn) === tr.category).length / truth.length;
    console.log(
      `confusion matrix at ${new Date(CHECK).toISOString()} (${truth.length} terminals, ${rows} heartbeats, ` +
        `${s.duplicate} duplicates from ${s.errors} dropped responses and replays, ${((performance.now() - started) / 1000).toFixed(1)} s)\n` +
        `${table}\nby fault: ${faults}\nagreement ${(agreement * 100).toFixed(1)} %${misses.length ? `\n${misses.join("\n")}` : ""}`,
    );

    // Every cause is really exercised, not a fleet that is healthy by default.
    for (const c of ["hardware", "network", "operation", "policy_firmware"] as const) {
      expect(truth.filter((tr) => tr.category === c).length, c).toBeGreaterThanOrEqual(6);
    }
    expect(agreement).toBeGreaterThanOrEqual(0.98);
  });
});
