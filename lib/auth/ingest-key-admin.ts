// Ingest keys managed from settings: created for an agent in the admin's subtree, shown once,
// revoked at once (ingest checks revoked_at on every request).
import { z } from "zod";
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/audit";
import { getIngestKeyInScope, listIngestKeys, markIngestKeyRevoked, type IngestKeyRow } from "@/db/queries/auth-keys";
import { findAgentInScope } from "@/db/queries/auth-users";
import { notFound } from "@/lib/errors";
import { createIngestKey } from "./ingest-keys";
import { fromZod, invalid } from "./errors";
import { assertCan } from "./permissions";
import type { Scope } from "./scope";

export const createKeySchema = z.object({
  label: z.string().trim().min(1, "enter a label").max(80, "use at most 80 characters"),
  agent: z.string().trim().min(1, "choose an agent").max(64),
});

export async function listKeys(db: Db, scope: Scope): Promise<IngestKeyRow[]> {
  assertCan(scope, "keys:manage");
  return listIngestKeys(db, scope);
}

export async function createKey(db: Db, scope: Scope, input: unknown, now: number, ip = ""): Promise<{ id: number; key: string; prefix: string }> {
  assertCan(scope, "keys:manage");
  const r = createKeySchema.safeParse(input);
  if (!r.success) throw fromZod(r.error);
  const agent = await findAgentInScope(db, scope, r.data.agent);
  if (!agent) throw invalid(`agent: no agent "${r.data.agent}" in your part of the network`, { field: "agent", reason: "unknown_agent" });
  return db.transaction(async (tx) => {
    const k = await createIngestKey(tx, agent.id, r.data.label, now);
    await recordAudit(tx, scope, { action: "ingest_key.created", target: { type: "ingest_key", id: k.id }, agentId: agent.id, after: { label: r.data.label, prefix: k.prefix, agent: agent.code }, ip }, now);
    return { id: k.id, key: k.key, prefix: k.prefix };
  });
}

export async function revokeKey(db: Db, scope: Scope, id: number, now: number, ip = ""): Promise<void> {
  assertCan(scope, "keys:manage");
  const k = Number.isSafeInteger(id) ? await getIngestKeyInScope(db, scope, id) : undefined;
  if (!k) throw notFound(`no ingest key with id ${id}`);
  if (k.revokedAt !== null) return;
  await db.transaction(async (tx) => {
    await markIngestKeyRevoked(tx, id, now);
    await recordAudit(tx, scope, { action: "ingest_key.revoked", target: { type: "ingest_key", id }, agentId: k.agentId, before: { label: k.label, prefix: k.prefix, agent: k.agentCode }, ip }, now);
  });
}
