// Writes that build the fleet's registry: agents, merchants, terminals. Used by the seed, the
// simulator, CSV import and test factories, so each rule (agent paths) lives in one place.
import type { Db } from "./client";

export interface AgentInput {
  code: string;
  name: string;
  parentId?: number | null;
}

export async function createAgent(db: Db, input: AgentInput, now: number): Promise<{ id: number; path: string }> {
  const parent = input.parentId
    ? await db.get<{ path: string }>(`SELECT path FROM agents WHERE id = ?`, [input.parentId])
    : undefined;
  if (input.parentId && !parent) throw new Error(`no parent agent with id ${input.parentId}`);
  return db.transaction(async (tx) => {
    const row = await tx.get<{ id: number }>(
      `INSERT INTO agents (code, name, parent_id, path, created_at) VALUES (?, ?, ?, '', ?) RETURNING id`,
      [input.code, input.name, input.parentId ?? null, now],
    );
    const id = row!.id;
    const path = `${parent?.path ?? "/"}${id}/`;
    await tx.run(`UPDATE agents SET path = ? WHERE id = ?`, [path, id]);
    return { id, path };
  });
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

export async function createMerchant(db: Db, m: MerchantInput, now: number): Promise<number> {
  const row = await db.get<{ id: number }>(
    `INSERT INTO merchants (name, contact_name, phone, province, city, address, agent_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    [m.name, m.contactName ?? "", m.phone ?? "", m.province ?? "", m.city ?? "", m.address ?? "", m.agentId, now],
  );
  return row!.id;
}

export interface TerminalInput {
  sn: string;
  merchantId: number;
  agentId: number;
  model?: string;
  carrier?: string;
  activatedAt?: number | null;
}

export async function createTerminal(db: Db, t: TerminalInput, now: number): Promise<number> {
  const row = await db.get<{ id: number }>(
    `INSERT INTO terminals (sn, model, carrier, merchant_id, agent_id, activated_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    [t.sn, t.model ?? "", t.carrier ?? "", t.merchantId, t.agentId, t.activatedAt ?? null, now],
  );
  return row!.id;
}

export async function findAgent(db: Db, idOrCode: string): Promise<{ id: number; code: string; name: string; path: string } | undefined> {
  const byId = /^\d+$/.test(idOrCode) ? Number(idOrCode) : -1;
  return db.get<{ id: number; code: string; name: string; path: string }>(`SELECT id, code, name, path FROM agents WHERE id = ? OR code = ?`, [byId, idOrCode]);
}

/** Registered terminals (0 when the store has no schema yet): what the server's heap is sized from. */
export async function registeredTerminalCount(db: Db): Promise<number> {
  try {
    const row = await db.get<{ n: number }>(`SELECT count(*) AS n FROM terminals`);
    return Number(row?.n ?? 0);
  } catch {
    return 0;
  }
}

/** The root agent: the lowest id without a parent (the whole network). */
export function rootAgent(db: Db): Promise<{ id: number; path: string } | undefined> {
  return db.get<{ id: number; path: string }>(`SELECT id, path FROM agents WHERE parent_id IS NULL ORDER BY id LIMIT 1`);
}

/** Every terminal's id by serial. */
export async function terminalIdsBySn(db: Db): Promise<Map<string, number>> {
  return new Map((await db.all<{ id: number; sn: string }>(`SELECT id, sn FROM terminals`)).map((r) => [r.sn, Number(r.id)]));
}

/** The newest receive time of any stored heartbeat, epoch ms. */
export async function latestReceivedAt(db: Db): Promise<number | null> {
  const t = (await db.get<{ t: number | null }>(`SELECT max(received_at) AS t FROM heartbeats`))?.t;
  return t === null || t === undefined ? null : Number(t);
}

/**
 * Online terminals last seen before `cutoff`, in id order: on PostgreSQL the sweep then locks each
 * terminal in the order ingest locks them.
 */
export async function silentOnlineTerminals(db: Db, cutoff: number): Promise<number[]> {
  const rows = await db.all<{ id: number }>(`SELECT terminal_id AS id FROM terminal_state WHERE status = 'online' AND last_seen_at < ? ORDER BY terminal_id`, [cutoff]);
  return rows.map((r) => Number(r.id));
}
