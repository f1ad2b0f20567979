// The demo seed, the history backfill and the demo's ingest key on a real database.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createAgent, createMerchant, createTerminal } from "@/db/fleet";
import { ensureDemoKey } from "@/lib/demo/ingest-key";
import { resetDatabaseFile, seedDemo, SeedError } from "@/lib/demo/seed";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "@/lib/simulator/clock";
import { extendHistory, HISTORY_DEFAULTS } from "@/lib/simulator/history";
import { getPolicy } from "@/db/policy";
import { ingestHeartbeats } from "@/lib/ingest/ingest";
import { rootScope } from "@/lib/simulator/install";
import { readFleetRecord, simulationOf } from "@/lib/simulator/record";
import type { Db } from "@/db/client";
import { count, freshDb } from "../helpers/db";
import { tempDir } from "../helpers/tmp";

const NOW = Date.UTC(2026, 2, 11, 7, 0);
const tables = async (db: Db) => {
  const out: Record<string, number> = {};
  for (const t of ["agents", "merchants", "terminals", "users"]) out[t] = await count(db, `SELECT count(*) n FROM ${t}`);
  return out;
};

describe("seedDemo", () => {
  it("creates the fleet and its accounts once; a second run reuses them", async () => {
    const db = await freshDb();
    const first = await seedDemo(db, { now: NOW, terminals: 80, days: 1 });
    expect(first.created).toBe(true);
    expect(first.users.created).toHaveLength(3);
    const counts = await tables(db);
    expect(counts).toMatchObject({ agents: 14, terminals: 80, users: 3 });
    const again = await seedDemo(db, { now: NOW + HOUR_MS, terminals: 80, days: 1 });
    expect(again.created).toBe(false);
    expect(again.users.created).toEqual([]);
    expect(again.record).toEqual(first.record);
    expect(await tables(db)).toEqual(counts);
  });

  it("refuses a database holding terminals it did not create", async () => {
    const db = await freshDb();
    const a = await createAgent(db, { code: "X", name: "别家" }, NOW);
    await createTerminal(db, { sn: "OTHER1", merchantId: await createMerchant(db, { name: "别家店", agentId: a.id }, NOW), agentId: a.id }, NOW);
    await expect(seedDemo(db, { now: NOW })).rejects.toThrow(SeedError);
    await expect(seedDemo(db, { now: NOW })).rejects.toThrow(/--reset/);
  });
});

describe("extendHistory", () => {
  it("writes history in simulated time, then only what is missing", async () => {
    const db = await freshDb();
    const { record } = await seedDemo(db, { now: NOW, terminals: 60, days: 1 });
    const { record: after, progress } = await extendHistory(db, record, NOW, { recentHours: 2 });
    expect(progress!.rejected).toBe(0);
    expect(progress!.accepted).toBe(await count(db, `SELECT count(*) n FROM heartbeats`));
    // 22 h at the history interval and 2 h at 5 min for 60 terminals, a few lost to faults.
    expect(progress!.accepted).toBeGreaterThan(60 * ((22 * 60) / HISTORY_DEFAULTS.intervalMin + 24) * 0.85);
    expect(progress!.accepted).toBeLessThan(60 * ((22 * 60) / HISTORY_DEFAULTS.intervalMin + 24) * 1.02);
    const span = (await db.get<{ lo: number; hi: number }>(`SELECT min(received_at) lo, max(received_at) hi FROM heartbeats`))!;
    expect(span.lo).toBeLessThan(NOW - DAY_MS + 30 * MINUTE_MS);
    expect(span.hi).toBeLessThanOrEqual(NOW);
    expect(span.hi).toBeGreaterThan(NOW - 5 * MINUTE_MS);
    expect(await count(db, `SELECT count(*) n FROM terminal_state`)).toBe(60);
    expect(after.historyUntil).toBe(NOW);
    expect(await readFleetRecord(db)).toEqual(after);

    expect((await extendHistory(db, after, NOW + 30_000)).progress).toBeNull();
    const before = await count(db, `SELECT count(*) n FROM heartbeats`);
    const later = await extendHistory(db, after, NOW + HOUR_MS);
    expect(later.progress!.duplicate).toBe(0);
    expect(await count(db, `SELECT count(*) n FROM heartbeats`)).toBe(before + later.progress!.accepted);
    expect(await count(db, `SELECT count(*) n FROM heartbeats WHERE received_at <= ?`, NOW)).toBe(before);
  });

  it("starts after beats the live simulator posted past the recorded end", async () => {
    const db = await freshDb();
    const { record } = await seedDemo(db, { now: NOW, terminals: 30, days: 0.1 });
    const { record: after } = await extendHistory(db, record, NOW);
    // The live simulator posts for half an hour; the recorded end stays where the history ended.
    const sim = simulationOf(after);
    const live = sim.beatsDue(NOW, NOW + 30 * MINUTE_MS).map((d) => d.beat);
    expect((await ingestHeartbeats(db, await rootScope(db, sim.fleet), live, NOW + 30 * MINUTE_MS, await getPolicy(db))).accepted).toBe(live.length);
    const gap = (await extendHistory(db, after, NOW + HOUR_MS)).progress!;
    expect(gap.duplicate).toBe(0);
    expect(gap.accepted).toBeGreaterThan(0);
    expect(await count(db, `SELECT count(*) n FROM heartbeats WHERE received_at > ? AND received_at < ?`, NOW, NOW + 30 * MINUTE_MS)).toBe(0);
  });
});

describe("resetDatabaseFile", () => {
  const project = () => tempDir("pfh-project");

  it("deletes a database under the project's data/ directory, WAL and shm included", () => {
    const dir = project();
    fs.mkdirSync(path.join(dir, "data"));
    const file = path.join(dir, "data", "fleet.db");
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.writeFileSync(f, "x");
    expect(resetDatabaseFile(file, dir).deleted).toHaveLength(3);
    expect(fs.existsSync(file)).toBe(false);
  });

  it.each([["/tmp/elsewhere.db"], ["../fleet.db"], ["data/../fleet.db"], ["data"]])("refuses %s", (name) => {
    const dir = project();
    fs.mkdirSync(path.join(dir, "data"));
    const file = path.resolve(dir, name);
    fs.writeFileSync(path.join(dir, "fleet.db"), "keep me");
    expect(() => resetDatabaseFile(file, dir)).toThrow(/refusing to delete/);
    expect(fs.readFileSync(path.join(dir, "fleet.db"), "utf8")).toBe("keep me");
  });

  it("refuses a file reached through a link out of data/", () => {
    const dir = project();
    const outside = project();
    fs.mkdirSync(path.join(dir, "data"));
    fs.symlinkSync(outside, path.join(dir, "data", "link"));
    fs.writeFileSync(path.join(outside, "fleet.db"), "keep me");
    expect(() => resetDatabaseFile(path.join(dir, "data", "link", "fleet.db"), dir)).toThrow(/refusing to delete/);
    expect(fs.existsSync(path.join(outside, "fleet.db"))).toBe(true);
  });
});

describe("ensureDemoKey", () => {
  it("creates the key file with mode 600 and reuses the key while the database knows it", async () => {
    const db = await freshDb();
    await seedDemo(db, { now: NOW, terminals: 5, days: 1 });
    const file = path.join(tempDir("pfh-key"), "data", "demo-ingest-key");
    const first = await ensureDemoKey(db, "ROOT", NOW, file);
    expect(first.created).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, "utf8").trim()).toBe(first.key);
    expect(await ensureDemoKey(db, "ROOT", NOW, file)).toEqual({ key: first.key, created: false });
    await db.run(`UPDATE ingest_keys SET revoked_at = ?`, [NOW]);
    const renewed = await ensureDemoKey(db, "ROOT", NOW, file);
    expect(renewed.created).toBe(true);
    expect(renewed.key).not.toBe(first.key);
  });
});
