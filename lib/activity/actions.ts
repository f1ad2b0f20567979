// What people record about an idle terminal: a call to the merchant, or a mark that the terminal
// is to be recovered (回收). Scoped, role-checked, audited, all or nothing. Transfers (划拨) go
// through lib/onboarding/transfer, which records them itself.
import { z } from "zod";
import { insertActivityAction } from "@/db/activity";
import { recordAudit } from "@/db/audit";
import type { Db } from "@/db/client";
import { terminalsInScope } from "@/db/queries/auth-onboarding";
import { fromZod } from "@/lib/auth/errors";
import { assertCan } from "@/lib/auth/permissions";
import type { Scope } from "@/lib/auth/scope";
import type { KnownAuditAction } from "@/lib/domain/audit-actions";
import { notFound } from "@/lib/errors";

export const activityActionSchema = z.object({
  sn: z.string().trim().min(1, "name the terminal").max(64),
  kind: z.enum(["call", "recover"], { message: "choose: log a call or mark to be recovered" }),
  note: z.string().trim().max(200, "use at most 200 characters").default(""),
});

const AUDIT = { call: "terminal.call_logged", recover: "terminal.recovery_marked" } as const satisfies Record<string, KnownAuditAction>;

export async function recordActivityAction(db: Db, scope: Scope, input: unknown, now: number): Promise<{ id: number; sn: string; kind: "call" | "recover" }> {
  assertCan(scope, "alerts:act");
  const r = activityActionSchema.safeParse(input);
  if (!r.success) throw fromZod(r.error);
  const [t] = await terminalsInScope(db, scope, [r.data.sn]);
  if (!t) throw notFound(`no terminal with serial ${r.data.sn}`);
  return db.transaction(async (tx) => {
    const id = await insertActivityAction(tx, { terminalId: t.id, kind: r.data.kind, note: r.data.note, userId: scope.userId, at: now });
    await recordAudit(tx, scope, { action: AUDIT[r.data.kind], target: { type: "terminal", id: t.sn }, agentId: t.agentId, after: { note: r.data.note } }, now);
    return { id, sn: t.sn, kind: r.data.kind };
  });
}
