import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, type Db } from "@/db/client";
import { createAgent, createMerchant, createTerminal } from "@/db/fleet";

/** A fresh SQLite file in a temp dir with the real migrations applied. */
export function freshDb(): Db & { file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pfh-test-"));
  const file = path.join(dir, "fleet.db");
  const db = openDatabase(file) as Db & { file: string };
  db.file = file;
  return db;
}

export const T0 = Date.UTC(2026, 10, 27, 2, 0, 0); // 10:00 Asia/Shanghai

let seq = 0;
/** Factory: an agent under `parentId` (or a root), with overrides. */
export function makeAgent(db: Db, parentId: number | null = null, over: { code?: string; name?: string } = {}) {
  const code = over.code ?? `AG${++seq}`;
  return createAgent(db, { code, name: over.name ?? `代理 ${code}`, parentId }, T0);
}

/** Factory: a merchant and one terminal under `agentId`. */
export function makeTerminal(db: Db, agentId: number, over: { sn?: string; city?: string; merchant?: string; model?: string; carrier?: string } = {}) {
  const merchantId = createMerchant(db, { name: over.merchant ?? `商户${++seq}`, agentId, city: over.city ?? "杭州", province: "浙江" }, T0);
  const sn = over.sn ?? `SN${String(++seq).padStart(8, "0")}`;
  const id = createTerminal(db, { sn, merchantId, agentId, model: over.model ?? "P8", carrier: over.carrier ?? "中国移动" }, T0);
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

export function count(db: Db, sql: string, ...params: unknown[]): number {
  return (db.$client.prepare(sql).get(...params) as { n: number }).n;
}
