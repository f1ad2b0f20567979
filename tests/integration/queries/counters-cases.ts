// The fleet-counter property, shared by the SQLite run (tests/integration/queries/counters.test.ts)
// and the PostgreSQL run (tests/pg/counters.test.ts): after any sequence of beats, sweeps, policy
// saves, transfers, imports, deletions and merchant moves, the counters equal a recount.
import fc from "fast-check";
import { counterDrift, reconcileAllCounters, subtreeCounters } from "@/db/counters";
import type { Db } from "@/db/client";
import { getPolicy } from "@/db/policy";
import { fleetSummary } from "@/db/queries/overview";
import { systemScope } from "@/lib/auth/scope";
import { ingestHeartbeats } from "@/lib/ingest/ingest";
import { runSweep } from "@/lib/jobs/sweep";
import { importFleetCsv } from "@/lib/onboarding/import";
import { transferTerminals } from "@/lib/onboarding/transfer";
import { savePolicyChange } from "@/lib/policy/admin";
import { makeAgent, makeTerminal, T0 } from "../../helpers/db";

export const AGENT_CODES = ["ROOT", "EAST", "HZ", "SOUTH"] as const;
const FIRMWARES = ["2.2.0", "2.3.5", "2.4.1", "2.5.0"];
const CITIES = ["杭州", "宁波", "深圳", "上海"];
/** Codes a beat may report: two severe (one sighting is a finding), two that must recur, one the catalogue does not know. */
export const CODES = ["T_PED_TAMPERED", "T_MERCHANT_FROZEN", "T_CONNECT_TIMEOUT", "T_NOT_SIGNED_IN", "E201"];
const MAX = 2_147_483_647;

export type Op =
  | { kind: "beat"; t: number; battery: number; signal: number | null; firmware: string; charging: boolean; errors: boolean; minutes: number }
  | { kind: "sweep"; minutes: number }
  | { kind: "policy"; minFirmware: string; offlineAfterMin: number }
  | { kind: "transfer"; t: number; to: number }
  | { kind: "import"; agent: number; city: number }
  | { kind: "delete"; t: number }
  | { kind: "city"; t: number; city: number };

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("beat" as const), t: fc.nat(20), battery: fc.integer({ min: 0, max: 100 }), signal: fc.option(fc.integer({ min: -130, max: -50 }), { nil: null }), firmware: fc.constantFrom(...FIRMWARES), charging: fc.boolean(), errors: fc.boolean(), minutes: fc.integer({ min: 0, max: 20 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("sweep" as const), minutes: fc.integer({ min: 1, max: 90 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("policy" as const), minFirmware: fc.constantFrom("2.3.0", "2.4.0", "2.5.0"), offlineAfterMin: fc.constantFrom(15, 30, 60) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("transfer" as const), t: fc.nat(20), to: fc.nat(AGENT_CODES.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("import" as const), agent: fc.nat(AGENT_CODES.length - 1), city: fc.nat(CITIES.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("delete" as const), t: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("city" as const), t: fc.nat(20), city: fc.nat(CITIES.length - 1) }) },
);

export interface World {
  db: Db;
  agents: { code: string; id: number; path: string }[];
  serials: string[];
  seq: Map<string, number>;
  now: number;
  imported: number;
}

export async function makeWorld(db: Db): Promise<World> {
  const root = await makeAgent(db, null, { code: "ROOT" });
  const east = await makeAgent(db, root.id, { code: "EAST" });
  const hz = await makeAgent(db, east.id, { code: "HZ" });
  const south = await makeAgent(db, root.id, { code: "SOUTH" });
  const agents = [root, east, hz, south].map((a, i) => ({ code: AGENT_CODES[i]!, ...a }));
  const serials: string[] = [];
  for (let i = 0; i < 6; i++) {
    const a = agents[i % agents.length]!;
    serials.push((await makeTerminal(db, a.id, { sn: `CNT${String(i).padStart(5, "0")}`, city: CITIES[i % CITIES.length], model: i % 2 ? "P8" : "N5" })).sn);
  }
  return { db, agents, serials, seq: new Map(), now: T0, imported: 0 };
}

export async function apply(w: World, op: Op): Promise<void> {
  const { db } = w;
  const sys = await systemScope(db);
  const sn = (i: number) => w.serials[i % w.serials.length];
  switch (op.kind) {
    case "beat": {
      const s = sn(op.t);
      if (!s) return;
      w.now += op.minutes * 60_000;
      const next = (w.seq.get(s) ?? 0) + 1;
      w.seq.set(s, next);
      const item = { sn: s, seq: next, ts: w.now - 1000, battery_pct: op.battery, charging: op.charging, firmware: op.firmware, signal_dbm: op.signal, network: "4G", txn_count: 1, errors: op.errors ? { [CODES[(op.t + op.battery) % CODES.length]!]: 2 } : {} };
      await ingestHeartbeats(db, { agentId: sys.agentId, agentPath: sys.agentPath }, [item], w.now, await getPolicy(db));
      return;
    }
    case "sweep":
      w.now += op.minutes * 60_000;
      await runSweep(db, w.now);
      return;
    case "policy":
      w.now += 1000;
      await savePolicyChange(db, sys, { ...(await getPolicy(db)), minFirmware: op.minFirmware, offlineAfterMin: op.offlineAfterMin }, w.now);
      return;
    case "transfer": {
      const s = sn(op.t);
      if (!s) return;
      await transferTerminals(db, sys, { serials: [s], toAgent: AGENT_CODES[op.to], note: "" }, w.now);
      return;
    }
    case "import": {
      const serial = `IMPC${String(++w.imported).padStart(4, "0")}`;
      const csv = `serial,model,merchant,contact,phone,province,city,agent code\n${serial},P8,店${serial},,,浙江,${CITIES[op.city]},${AGENT_CODES[op.agent]}\n`;
      await importFleetCsv(db, sys, csv, { mode: "all" }, w.now);
      w.serials.push(serial);
      return;
    }
    case "delete": {
      const s = sn(op.t);
      if (!s) return;
      // No page deletes terminals; an operator's delete must still keep the counters right.
      await db.transaction(async (tx) => {
        const t = await tx.get<{ id: number }>(`SELECT id FROM terminals WHERE sn = ?`, [s]);
        if (!t) return;
        await tx.run(`DELETE FROM terminal_findings WHERE terminal_id = ?`, [t.id]);
        await tx.run(`DELETE FROM terminal_state WHERE terminal_id = ?`, [t.id]);
        // The registry row goes too when nothing else refers to it (alerts and transfers keep it).
        const refs = await tx.get<{ n: number }>(`SELECT (SELECT count(*) FROM alerts WHERE terminal_id = ?) + (SELECT count(*) FROM terminal_transfers WHERE terminal_id = ?) AS n`, [t.id, t.id]);
        if (Number(refs?.n ?? 0) === 0) {
          await tx.run(`DELETE FROM terminals WHERE id = ?`, [t.id]);
          w.serials = w.serials.filter((x) => x !== s);
        }
      });
      return;
    }
    case "city": {
      const s = sn(op.t);
      if (!s) return;
      await db.run(`UPDATE merchants SET city = ? WHERE id = (SELECT merchant_id FROM terminals WHERE sn = ?)`, [CITIES[op.city], s]);
      return;
    }
  }
}

/**
 * Counter rows that differ from a recount of the whole fleet, then terminal_codes rows that differ
 * from the codes the findings cite (dim "terminal_codes", n +1 missing, -1 stale).
 */
export async function drift(db: Db) {
  const cited = db.dialect === "pg"
    ? `SELECT DISTINCT c.key AS code, tf.terminal_id AS id FROM terminal_findings tf, jsonb_array_elements(CAST(tf.findings AS jsonb)) fi,
         jsonb_each(CASE WHEN jsonb_typeof(fi -> 'evidence' -> 'codes') = 'object' THEN fi -> 'evidence' -> 'codes' END) c`
    : `SELECT DISTINCT c.key AS code, tf.terminal_id AS id FROM terminal_findings tf, json_each(tf.findings) fi, json_each(fi.value, '$.evidence.codes') c
        WHERE json_type(fi.value, '$.evidence.codes') = 'object'`;
  const codes = await db.all<{ code: string; id: number; n: number }>(
    `SELECT code, id, sum(n) AS n FROM (SELECT code, id, 1 AS n FROM (${cited}) x UNION ALL SELECT code, terminal_id, -1 FROM terminal_codes) d
      GROUP BY code, id HAVING sum(n) <> 0 ORDER BY code, id`,
  );
  return [...(await counterDrift(db, 0, MAX)), ...codes.map((r) => ({ dim: "terminal_codes", k1: r.code, terminalId: Number(r.id), n: Number(r.n) }))];
}

/** The summary as a direct scan of terminal_state would give it (an oracle independent of the counters). */
export async function scannedTotals(db: Db, agentPath: string) {
  const rows = await db.all<{ status: string; category: string; n: number }>(
    `SELECT s.status AS status, s.category AS category, count(*) AS n FROM terminal_state s JOIN terminals t ON t.id = s.terminal_id
       JOIN agents a ON a.id = t.agent_id WHERE a.path LIKE ? GROUP BY s.status, s.category`,
    [`${agentPath}%`],
  );
  const reg = await db.get<{ n: number }>(`SELECT count(*) AS n FROM terminals t JOIN agents a ON a.id = t.agent_id WHERE a.path LIKE ?`, [`${agentPath}%`]);
  const total = rows.reduce((n, r) => n + r.n, 0);
  return {
    total,
    online: rows.filter((r) => r.status === "online").reduce((n, r) => n + r.n, 0),
    problems: rows.filter((r) => r.category !== "healthy").reduce((n, r) => n + r.n, 0),
    neverReported: Number(reg?.n ?? 0) - total,
  };
}

export async function summaryTotals(db: Db, agentPath: string, agentId: number) {
  const s = await fleetSummary(db, { agentId, agentPath, role: "admin", userId: null });
  return { total: s.total, online: s.online, problems: s.byCategory.filter((c) => c.category !== "healthy").reduce((n, c) => n + c.terminals, 0), neverReported: s.neverReported };
}

export { reconcileAllCounters, subtreeCounters };
