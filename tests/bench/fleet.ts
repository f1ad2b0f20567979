// A synthetic registry for benchmarks: an agent tree and N terminals, inserted in one transaction.
import type { Db } from "@/db/client";
import { createAgent } from "@/db/fleet";

export interface BenchFleet {
  rootId: number;
  sns: string[];
  terminalIds: number[];
}

const INSERT_MERCHANT = `INSERT INTO merchants (name, city, province, agent_id, created_at) VALUES (?, ?, '浙江', ?, ?) RETURNING id`;
const INSERT_TERMINAL = `INSERT INTO terminals (sn, model, carrier, merchant_id, agent_id, created_at) VALUES (?, 'P8', '中国移动', ?, ?, ?) RETURNING id`;

export async function makeBenchFleet(db: Db, terminals: number, now: number): Promise<BenchFleet> {
  const root = await createAgent(db, { code: "BENCH", name: "基准总代理" }, now);
  const leaves: number[] = [];
  for (let r = 0; r < 5; r++) {
    const region = await createAgent(db, { code: `R${r}`, name: `区域${r}`, parentId: root.id }, now);
    for (let s = 0; s < 5; s++) leaves.push((await createAgent(db, { code: `R${r}S${s}`, name: `子代理${r}-${s}`, parentId: region.id }, now)).id);
  }
  const cities = ["杭州", "宁波", "温州", "绍兴", "嘉兴"];
  const sns: string[] = [];
  const terminalIds: number[] = [];
  await db.transaction(async (tx) => {
    for (let i = 0; i < terminals; i++) {
      const agentId = leaves[i % leaves.length]!;
      const m = (await tx.get<{ id: number }>(INSERT_MERCHANT, [`商户${i}`, cities[i % cities.length], agentId, now]))!;
      const sn = `BN${String(i).padStart(9, "0")}`;
      const t = (await tx.get<{ id: number }>(INSERT_TERMINAL, [sn, m.id, agentId, now]))!;
      sns.push(sn);
      terminalIds.push(t.id);
    }
  });
  return { rootId: root.id, sns, terminalIds };
}

export function beatFor(sn: string, seq: number, now: number) {
  return {
    sn, seq, ts: now, battery_pct: 60 + (seq % 40), charging: seq % 7 === 0, firmware: "2.4.1",
    signal_dbm: -70 - (seq % 20), network: "4G", txn_count: seq % 5, errors: seq % 11 === 0 ? { "51": 1 } : {},
  };
}
