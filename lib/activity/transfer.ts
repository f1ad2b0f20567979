// 划拨 from the activity page: an idle terminal goes to another merchant of the caller's subtree
// (a shop that will use it), and to that merchant's agent when it differs. Scoped, role-checked,
// audited, recorded beside the calls and recovery marks, all or nothing.
import { z } from "zod";
import { insertActivityAction, merchantOfTerminal, merchantsInScope, moveToMerchant } from "@/db/activity";
import { recordAudit } from "@/db/audit";
import type { Db } from "@/db/client";
import { moveTerminal, terminalsInScope } from "@/db/queries/auth-onboarding";
import { fromZod } from "@/lib/auth/errors";
import { assertCan } from "@/lib/auth/permissions";
import type { Scope } from "@/lib/auth/scope";
import { AppError, notFound } from "@/lib/errors";

/** A refusal the activity page words in the reader's language (settings.errors.reason.*). */
const refuse = (msg: string, reason: "unknown_merchant" | "ambiguous_merchant" | "same_merchant") => new AppError("validation", msg, { field: "merchant", reason });

export const merchantTransferSchema = z.object({
  sn: z.string().trim().min(1, "name the terminal").max(64),
  merchant: z.string().trim().min(1, "name the merchant to transfer to").max(100, "use at most 100 characters"),
  note: z.string().trim().max(200, "use at most 200 characters").default(""),
});

export interface MerchantTransferResult {
  sn: string;
  merchantId: number;
  merchant: string;
  /** The agent the terminal now belongs to, when the move changed it. */
  agentCode: string | null;
}

/** `merchant` is the merchant's number (`123` or `#123`) or its exact name. */
export async function transferToMerchant(db: Db, scope: Scope, input: unknown, now: number, ip = ""): Promise<MerchantTransferResult> {
  assertCan(scope, "fleet:transfer");
  const r = merchantTransferSchema.safeParse(input);
  if (!r.success) throw fromZod(r.error);
  const [t] = await terminalsInScope(db, scope, [r.data.sn.toUpperCase()]);
  if (!t) throw notFound(`no terminal with serial ${r.data.sn}`);
  const num = /^#?(\d{1,12})$/.exec(r.data.merchant);
  const found = await merchantsInScope(db, scope, num ? { id: Number(num[1]) } : { name: r.data.merchant });
  if (found.length === 0) throw refuse(`merchant: no merchant "${r.data.merchant}" in your part of the network`, "unknown_merchant");
  if (found.length > 1) {
    throw refuse(`merchant: ${found.length} merchants are named "${r.data.merchant}" (numbers ${found.map((m) => `#${m.id}`).join(", ")}); give the number`, "ambiguous_merchant");
  }
  const to = found[0]!;
  const from = await merchantOfTerminal(db, t.id);
  if (from?.id === to.id) throw refuse(`merchant: the terminal already belongs to ${to.name}`, "same_merchant");
  const note = r.data.note;
  return db.transaction(async (tx) => {
    const agentMoves = t.agentId !== to.agentId;
    if (agentMoves) await moveTerminal(tx, { id: t.id, fromAgentId: t.agentId, toAgentId: to.agentId, userId: scope.userId, note }, now);
    await moveToMerchant(tx, t.id, to.id);
    await insertActivityAction(tx, { terminalId: t.id, kind: "transfer", note: note ? `→ ${to.name} (#${to.id}) · ${note}` : `→ ${to.name} (#${to.id})`, userId: scope.userId, at: now });
    await recordAudit(
      tx,
      scope,
      {
        action: "terminal.merchant_transferred",
        target: { type: "terminal", id: t.sn },
        agentId: to.agentId,
        before: { merchant: from?.name ?? null, merchantId: from?.id ?? null, agent: t.agentCode },
        after: { merchant: to.name, merchantId: to.id, agent: to.agentCode, note },
        ip,
      },
      now,
    );
    return { sn: t.sn, merchantId: to.id, merchant: to.name, agentCode: agentMoves ? to.agentCode : null };
  });
}
