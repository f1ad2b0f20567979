// Writes that build the fleet's registry: agents, merchants, terminals. Used by the seed, the
// simulator, CSV import and test factories, so each rule (agent paths) lives in one place.
import type { Db } from "./client";

export interface AgentInput {
  code: string;
  name: string;
  parentId?: number | null;
}

export function createAgent(db: Db, input: AgentInput, now: number): { id: number; path: string } {
  const sqlite = db.$client;
  const parent = input.parentId
    ? (sqlite.prepare(`SELECT path FROM agents WHERE id = ?`).get(input.parentId) as { path: string } | undefined)
    : undefined;
  if (input.parentId && !parent) throw new Error(`no parent agent with id ${input.parentId}`);
  return sqlite.transaction(() => {
    const { id } = sqlite
      .prepare(`INSERT INTO agents (code, name, parent_id, path, created_at) VALUES (?, ?, ?, '', ?) RETURNING id`)
      .get(input.code, input.name, input.parentId ?? null, now) as { id: number };
    const path = `${parent?.path ?? "/"}${id}/`;
    sqlite.prepare(`UPDATE agents SET path = ? WHERE id = ?`).run(path, id);
    return { id, path };
  })();
}

export interface MerchantInput {
  name: string;
  agentId: number;
  contactName?: string;
  phone?: string;
  province?: string;
  city?: string;
  address?: string;
}

export function createMerchant(db: Db, m: MerchantInput, now: number): number {
  const row = db.$client
    .prepare(
      `INSERT INTO merchants (name, contact_name, phone, province, city, address, agent_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    )
    .get(m.name, m.contactName ?? "", m.phone ?? "", m.province ?? "", m.city ?? "", m.address ?? "", m.agentId, now) as { id: number };
  return row.id;
}

export interface TerminalInput {
  sn: string;
  merchantId: number;
  agentId: number;
  model?: string;
  carrier?: string;
  activatedAt?: number | null;
}

export function createTerminal(db: Db, t: TerminalInput, now: number): number {
  const row = db.$client
    .prepare(
      `INSERT INTO terminals (sn, model, carrier, merchant_id, agent_id, activated_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    )
    .get(t.sn, t.model ?? "", t.carrier ?? "", t.merchantId, t.agentId, t.activatedAt ?? null, now) as { id: number };
  return row.id;
}

export function findAgent(db: Db, idOrCode: string): { id: number; code: string; name: string; path: string } | undefined {
  const byId = /^\d+$/.test(idOrCode) ? Number(idOrCode) : -1;
  return db.$client
    .prepare(`SELECT id, code, name, path FROM agents WHERE id = ? OR code = ?`)
    .get(byId, idOrCode) as { id: number; code: string; name: string; path: string } | undefined;
}
