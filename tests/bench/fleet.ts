// A synthetic registry for benchmarks: an agent tree and N terminals (one merchant each), written
// with a few set-based statements so a million terminals take seconds, not minutes. The triggers
// on merchants and terminals (fleet counters, search) run as for any other insert.
import type { Db } from "@/db/client";
import { createAgent } from "@/db/fleet";

export interface BenchFleet {
  rootId: number;
  sns: string[];
  terminalIds: number[];
}

const CITIES = ["杭州", "宁波", "温州", "绍兴", "嘉兴"];
const TERMINAL_CHUNK = 5_000;

/** The serial of bench terminal `i`: BN and nine digits. */
export const benchSn = (i: number) => `BN${String(i).padStart(9, "0")}`;

export async function makeBenchFleet(db: Db, terminals: number, now: number): Promise<BenchFleet> {
  const root = await createAgent(db, { code: "BENCH", name: "基准总代理" }, now);
  const leaves: number[] = [];
  for (let r = 0; r < 5; r++) {
    const region = await createAgent(db, { code: `R${r}`, name: `区域${r}`, parentId: root.id }, now);
    for (let s = 0; s < 5; s++) leaves.push((await createAgent(db, { code: `R${r}S${s}`, name: `子代理${r}-${s}`, parentId: region.id }, now)).id);
  }
  const pad = db.dialect === "pg" ? (x: string) => `lpad(CAST(${x} AS text), 9, '0')` : (x: string) => `printf('%09d', ${x})`;
  const leafValues = leaves.map((id, k) => `(${k}, ${id})`).join(", ");
  const cityCase = `CASE g.i % 5 ${CITIES.map((c, k) => `WHEN ${k} THEN '${c}'`).join(" ")} END`;
  // Terminal i gets merchant i; merchant ids follow i in insert order, so the terminals'
  // statement finds merchant i as the (i+1)-th id after the ones that existed before.
  const base = await db.transaction(async (tx) => {
    const before = Number((await tx.get<{ id: number }>(`SELECT coalesce(max(id), 0) AS id FROM merchants`))!.id);
    await tx.run(
      `WITH RECURSIVE g(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM g WHERE i < ?), leaves(k, id) AS (VALUES ${leafValues})
       INSERT INTO merchants (name, city, province, agent_id, created_at)
       SELECT '商户' || g.i, ${cityCase}, '浙江', leaves.id, CAST(? AS BIGINT) FROM g JOIN leaves ON leaves.k = g.i % ${leaves.length} ORDER BY g.i`,
      [terminals - 1, now],
    );
    return before;
  });
  // Terminals in transactions of TERMINAL_CHUNK: their insert triggers add to the same few counter
  // rows, and on PostgreSQL every update of a row inside one transaction leaves a version the
  // next one must step over, so one statement for a million rows would slow down quadratically.
  for (let lo = 0; lo < terminals; lo += TERMINAL_CHUNK) {
    await db.run(
      `INSERT INTO terminals (sn, model, carrier, merchant_id, agent_id, created_at)
       SELECT 'BN' || ${pad(`m.id - ${base} - 1`)}, 'P8', '中国移动', m.id, m.agent_id, CAST(? AS BIGINT) FROM merchants m WHERE m.id > ? AND m.id <= ? ORDER BY m.id`,
      [now, base + lo, base + Math.min(terminals, lo + TERMINAL_CHUNK)],
    );
  }
  const rows = await db.all<{ id: number; sn: string }>(`SELECT id, sn FROM terminals WHERE sn LIKE 'BN%' ORDER BY sn`);
  if (rows.length !== terminals || rows[terminals - 1]?.sn !== benchSn(terminals - 1)) throw new Error(`bench fleet: expected ${terminals} terminals BN000000000…, found ${rows.length}`);
  return { rootId: root.id, sns: rows.map((r) => r.sn), terminalIds: rows.map((r) => Number(r.id)) };
}

export function beatFor(sn: string, seq: number, now: number) {
  return {
    sn, seq, ts: now, battery_pct: 60 + (seq % 40), charging: seq % 7 === 0, firmware: "2.4.1",
    signal_dbm: -70 - (seq % 20), network: "4G", txn_count: seq % 5, errors: seq % 11 === 0 ? { "51": 1 } : {},
  };
}

/** Faults spread over the fleet by terminal index, so every category and severity has rows. */
export function faultFor(i: number): Record<string, unknown> {
  switch (i % 20) {
    case 1: return { signal_dbm: -110, errors: { T_CONNECT_TIMEOUT: 1 } };
    case 2: return { battery_pct: 8, charging: false };
    case 3: return { errors: { T_NOT_SIGNED_IN: 2 } };
    case 4: return { firmware: "2.3.5" };
    case 5: return { firmware: "2.2.0" };
    default: return {};
  }
}

/** A beat of terminal `i` that keeps its fault profile (for loads during page measures). */
export function profiledBeat(i: number, seq: number, now: number) {
  return { ...beatFor(benchSn(i), seq, now), errors: {}, ...faultFor(i) };
}
