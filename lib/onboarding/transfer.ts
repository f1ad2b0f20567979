// 划拨: moving terminals to another agent inside the caller's subtree, singly or in bulk, recorded.
// The merchant record stays where it is; history and state follow the terminal.
import { z } from "zod";
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/audit";
import { moveTerminal, terminalsInScope } from "@/db/queries/auth-onboarding";
import { findAgentInScope } from "@/db/queries/auth-users";
import { fromZod, invalid } from "@/lib/auth/errors";
import { assertCan } from "@/lib/auth/permissions";
import type { Scope } from "@/lib/auth/scope";
import { notFound } from "@/lib/errors";

export const MAX_TRANSFER = 1000;

export const transferSchema = z.object({
  serials: z
    .array(z.string().trim().min(1).max(64))
    .min(1, "list at least one serial")
    .max(MAX_TRANSFER, `transfer at most ${MAX_TRANSFER} terminals at a time`),
  toAgent: z.string().trim().min(1, "choose the agent to transfer to").max(64),
  note: z.string().trim().max(200, "use at most 200 characters").default(""),
});

/** Splits pasted serials on commas, whitespace and line breaks. */
export function splitSerials(text: string): string[] {
  return [...new Set(text.split(/[\s,，;；]+/).map((s) => s.trim()).filter(Boolean))];
}

export interface TransferResult {
  moved: string[];
  /** Already at the target agent: nothing to do. */
  unchanged: string[];
}

/** All or nothing: a serial that is not in the caller's scope stops the whole transfer with 404. */
export async function transferTerminals(db: Db, scope: Scope, input: unknown, now: number, ip = ""): Promise<TransferResult> {
  assertCan(scope, "fleet:transfer");
  const r = transferSchema.safeParse(input);
  if (!r.success) throw fromZod(r.error);
  const serials = [...new Set(r.data.serials)];
  const to = await findAgentInScope(db, scope, r.data.toAgent);
  if (!to) throw invalid(`toAgent: no agent "${r.data.toAgent}" in your part of the network`, { field: "toAgent", reason: "unknown_agent" });
  const found = await terminalsInScope(db, scope, serials);
  if (found.length !== serials.length) {
    const known = new Set(found.map((t) => t.sn));
    const missing = serials.filter((s) => !known.has(s));
    throw notFound(`no terminal with serial ${missing.slice(0, 10).join(", ")}${missing.length > 10 ? ` and ${missing.length - 10} more` : ""}`);
  }
  const result: TransferResult = { moved: [], unchanged: [] };
  await db.transaction(async (tx) => {
    for (const t of found) {
      if (t.agentId === to.id) {
        result.unchanged.push(t.sn);
        continue;
      }
      await moveTerminal(tx, { id: t.id, fromAgentId: t.agentId, toAgentId: to.id, userId: scope.userId, note: r.data.note }, now);
      result.moved.push(t.sn);
    }
    if (result.moved.length) {
      const from = [...new Set(found.filter((t) => t.agentId !== to.id).map((t) => t.agentCode))];
      await recordAudit(tx, scope, { action: "terminal.transferred", target: { type: "terminal", id: result.moved.length === 1 ? result.moved[0] : `${result.moved.length} terminals` }, before: { agents: from }, after: { agent: to.code, serials: result.moved.slice(0, 200), note: r.data.note }, ip }, now);
    }
  });
  return result;
}
