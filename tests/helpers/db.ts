import path from "node:path";
import { openDatabase, type Db } from "@/db/client";
import { createAgent, createMerchant, createTerminal } from "@/db/fleet";
import { tempDir } from "./tmp";

/**
 * A fresh, migrated store for one test: a SQLite file in a temp dir, or, when the suite runs
 * against PostgreSQL (`npm run test:pg`, which sets PFH_TEST_PG_URL), a new empty database on
 * the throwaway cluster. `file` is the SQLite path or the postgres:// URL: what a child server
 * process gets as DATABASE_PATH / DATABASE_URL (see `dbEnv`).
 */
export async function freshDb(): Promise<Db & { file: string }> {
  const pgBase = process.env.PFH_TEST_PG_URL;
  if (pgBase) {
    const { createTestPgDatabase } = await import("./pg");
    const url = await createTestPgDatabase(pgBase);
    const db = (await openDatabase(url)) as Db & { file: string };
    db.file = url;
    return db;
  }
  const dir = tempDir("pfh-test");
  const file = path.join(dir, "fleet.db");
  const db = (await openDatabase(file)) as Db & { file: string };
  db.file = file;
  return db;
}

/** The environment a child server needs to open the same store as `db`. */
export function dbEnv(db: { file: string }): Record<string, string> {
  return /^postgres(ql)?:\/\//.test(db.file) ? { DATABASE_URL: db.file } : { DATABASE_PATH: db.file };
}

export const T0 = Date.UTC(2026, 10, 27, 2, 0, 0); // 10:00 Asia/Shanghai

let seq = 0;
/** Factory: an agent under `parentId` (or a root), with overrides. */
export function makeAgent(db: Db, parentId: number | null = null, over: { code?: string; name?: string } = {}) {
  const code = over.code ?? `AG${++seq}`;
  return createAgent(db, { code, name: over.name ?? `代理 ${code}`, parentId }, T0);
}

/** Factory: a merchant and one terminal under `agentId`. */
export async function makeTerminal(db: Db, agentId: number, over: { sn?: string; city?: string; merchant?: string; model?: string; carrier?: string } = {}) {
  const merchantId = await createMerchant(db, { name: over.merchant ?? `商户${++seq}`, agentId, city: over.city ?? "杭州", province: "浙江" }, T0);
  const sn = over.sn ?? `SN${String(++seq).padStart(8, "0")}`;
  const id = await createTerminal(db, { sn, merchantId, agentId, model: over.model ?? "P8", carrier: over.carrier ?? "中国移动" }, T0);
  return { id, sn, merchantId };
}

/** A well-formed heartbeat body item with overrides. */
export function beat(sn: string, seqNo: number, over: Record<string, unknown> = {}) {
  return {
    sn,
    seq: seqNo,
    ts: T0 + seqNo * 300_000,
    battery_pct: 80,
    charging: false,
    firmware: "2.4.1",
    signal_dbm: -70,
    network: "4G",
    txn_count: 3,
    errors: {},
    ...over,
  };
}

/** `SELECT count(*) AS n ...` (or any statement returning one `n`) as a number. */
export async function count(db: Db, sql: string, ...params: unknown[]): Promise<number> {
  const row = await db.get<{ n: number }>(sql, params);
  return Number(row?.n ?? 0);
}
