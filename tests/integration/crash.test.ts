// Kills the server with SIGKILL mid-stream several times; every acknowledged heartbeat must be
// stored exactly once and nothing twice, with the client retrying unacknowledged beats by seq.
import fs from "node:fs";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { openDatabase, SqliteDb } from "@/db/client";
import { createIngestKey } from "@/lib/auth/ingest-keys";
import { startChild, type Child } from "../helpers/child";
import { beat, count, dbEnv, freshDb, makeAgent, makeTerminal } from "../helpers/db";

const KILLS = 5;
const TERMINALS = 40;
const BEATS_PER_TERMINAL = 60; // 2,400 heartbeats in all
const db = await freshDb();
let server: Child | undefined;
afterAll(async () => {
  await server?.stop();
  if (db instanceof SqliteDb) fs.rmSync(path.dirname(db.file), { recursive: true, force: true });
});

it(`keeps every acknowledged heartbeat across ${KILLS} SIGKILLs`, { timeout: 120_000 }, async () => {
  const agent = await makeAgent(db, null, { code: "CRASH" });
  const sns: string[] = [];
  for (let i = 0; i < TERMINALS; i++) sns.push((await makeTerminal(db, agent.id)).sn);
  const key = (await createIngestKey(db, agent.id, "crash", Date.now())).key;
  await db.close();

  const all = sns.flatMap((sn) => Array.from({ length: BEATS_PER_TERMINAL }, (_, i) => beat(sn, i + 1, { ts: Date.now() })));
  const pending = [...all];
  const acked = new Set<string>();
  const env = { ...dbEnv(db), PAGES: "off", NODE_ENV: "production" };
  server = await startChild("lib/server/main.ts", env);
  let kills = 0;
  let failedRequests = 0;

  // Four concurrent senders of 10-beat batches; a killer SIGKILLs the server every ~400 ms.
  const send = async () => {
    while (pending.length > 0) {
      const batch = pending.splice(0, 10);
      try {
        const res = await fetch(`http://127.0.0.1:${server!.port}/api/v1/heartbeats`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
          body: JSON.stringify({ heartbeats: batch }),
        });
        if (res.status !== 200) throw new Error(`status ${res.status}`);
        const body = (await res.json()) as { results: { sn: string; seq: number; status: string }[] };
        for (const r of body.results) {
          expect(["accepted", "duplicate"]).toContain(r.status);
          acked.add(`${r.sn}#${r.seq}`);
        }
      } catch {
        failedRequests++;
        pending.push(...batch); // not acknowledged: retry later with the same seq
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };
  let killing = true;
  const killer = (async () => {
    while (killing && kills < KILLS) {
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 300));
      if (!killing) break;
      server!.proc.kill("SIGKILL");
      await new Promise((r) => server!.proc.once("exit", r));
      kills++;
      server = await startChild("lib/server/main.ts", env);
    }
  })();
  // Senders keep going until everything is acknowledged, restarts included.
  while (pending.length > 0 || kills < KILLS) {
    await Promise.all([send(), send(), send(), send()]);
    if (pending.length === 0 && kills < KILLS) {
      // Everything went through before all kills happened: replay a slice as retries (the very
      // same beats: a retry carries the seq and device time it was first sent with).
      pending.push(...all.slice(0, 5 * BEATS_PER_TERMINAL).filter((b) => b.seq === 1));
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  killing = false;
  await killer;
  await server.stop();

  const check = await openDatabase(db.file);
  const stored = await check.all<{ sn: string; seq: number }>(`SELECT t.sn AS sn, h.seq AS seq FROM heartbeats h JOIN terminals t ON t.id = h.terminal_id`);
  const keys = stored.map((r) => `${r.sn}#${r.seq}`);
  const distinct = new Set(keys);
  expect(distinct.size).toBe(keys.length); // nothing stored twice
  for (const k of acked) expect(distinct.has(k)).toBe(true); // every acknowledged beat stored
  expect(acked.size).toBe(TERMINALS * BEATS_PER_TERMINAL);
  if (check instanceof SqliteDb) expect(check.raw.pragma("integrity_check", { simple: true })).toBe("ok");
  else {
    // PostgreSQL's counterpart: amcheck verifies every B-tree index against its table (every heap
    // row indexed), the unique (terminal_id, seq, device_ts) one included; it raises on damage.
    await check.exec("CREATE EXTENSION IF NOT EXISTS amcheck");
    const checked = await check.all<{ name: string }>(
      `SELECT c.relname AS name, bt_index_check(c.oid, true) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
         JOIN pg_am am ON am.oid = c.relam JOIN pg_namespace ns ON ns.oid = c.relnamespace
        WHERE am.amname = 'btree' AND c.relkind = 'i' AND ns.nspname = current_schema()`,
    );
    expect(checked.map((r) => r.name)).toContain("heartbeats_default_pkey");
  }
  expect(await count(check, `SELECT count(*) AS n FROM terminal_state WHERE last_seq = ?`, BEATS_PER_TERMINAL)).toBe(TERMINALS);
  await check.close();
  console.log(`crash test: ${kills} SIGKILLs, ${acked.size} heartbeats acknowledged and stored once, ${failedRequests} requests retried`);
  expect(kills).toBe(KILLS);
  expect(failedRequests).toBeGreaterThan(0);
});
