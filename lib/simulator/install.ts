// Writes a simulated fleet's registry (agents, merchants, terminals) through db/fleet.
import type { Db } from "@/db/client";
import { createAgent, createMerchant, createTerminal, findAgent } from "@/db/fleet";
import type { IngestScope } from "@/lib/ingest/ingest";
import { DAY_MS } from "./clock";
import type { Fleet } from "./fleet";
import { mix } from "./random";

export interface Installed {
  agents: number;
  merchants: number;
  terminals: number;
}

/** Creates the whole fleet in one transaction, registered `createdAt`; throws if a code or SN exists. */
export async function installFleet(db: Db, fleet: Fleet, createdAt: number): Promise<Installed> {
  return db.transaction(async (tx) => {
    const agentIds = new Map<string, number>();
    for (const a of fleet.agents) {
      const parentId = a.parent ? agentIds.get(a.parent)! : null;
      agentIds.set(a.code, (await createAgent(tx, { code: a.code, name: a.name, parentId }, createdAt)).id);
    }
    const merchantIds: number[] = [];
    for (const m of fleet.merchants) {
      merchantIds.push(await createMerchant(tx, {
        name: m.name, agentId: agentIds.get(m.agentCode)!, contactName: m.contactName, phone: m.phone,
        province: m.province, city: m.city, address: m.address,
      }, createdAt));
    }
    for (const t of fleet.terminals) {
      const activatedAt = activationOf(fleet, t.index, createdAt);
      await createTerminal(tx, {
        sn: t.sn, merchantId: merchantIds[t.merchant]!, agentId: agentIds.get(t.agentCode)!,
        model: t.model, carrier: t.carrier, activatedAt,
      }, createdAt);
    }
    return { agents: fleet.agents.length, merchants: fleet.merchants.length, terminals: fleet.terminals.length };
  });
}

/** When installFleet says terminal `index` was activated: some day in the year before `createdAt`. */
export function activationOf(fleet: Fleet, index: number, createdAt: number): number {
  return createdAt - (mix(fleet.seed, index, 0xac7) % 365) * DAY_MS;
}

/** The ingest scope of the fleet's top agent, which covers every terminal. */
export async function rootScope(db: Db, fleet: Fleet): Promise<IngestScope> {
  const top = fleet.agents.find((a) => a.parent === null)!;
  const agent = await findAgent(db, top.code);
  if (!agent) throw new Error(`agent ${top.code} is not in the database; seed the fleet first (npm run db:seed)`);
  return { agentId: agent.id, agentPath: agent.path };
}
