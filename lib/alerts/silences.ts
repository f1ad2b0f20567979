// Maintenance windows: mute an agent's subtree, optionally only one city or one category, for a
// period. Muted alerts still exist and show as muted; they are not notified.
import { z } from "zod";
import type { Db } from "@/db/client";
import { findAgent } from "@/db/fleet";
import { endSilenceRow, insertSilence, silenceInScope } from "@/db/queries/alerts-silences";
import { recordAudit } from "@/lib/audit";
import { fromZod } from "@/lib/auth/errors";
import { assertCan } from "@/lib/auth/permissions";
import { inScope, type Scope } from "@/lib/auth/scope";
import { PROBLEM_CATEGORIES } from "@/lib/domain/enums";
import { notFound } from "@/lib/errors";
import { alertInvalid } from "./errors";
import { MINUTE_MS } from "@/lib/domain/time";

const MAX_MINUTES = 30 * 24 * 60;

export const silenceSchema = z.object({
  agentId: z.coerce.number().int().positive(),
  city: z.string().trim().max(50, "keep the city under 50 characters").optional().transform((v) => v || null),
  category: z.union([z.enum(PROBLEM_CATEGORIES), z.literal("")]).optional().transform((v) => v || null),
  minutes: z.coerce.number().int().min(5, "mute for at least 5 minutes").max(MAX_MINUTES, "mute for at most 30 days"),
  /** Start later than now (epoch ms); absent = now. */
  startsAt: z.coerce.number().int().positive().optional(),
  reason: z.string().trim().min(1, "say why, so colleagues know").max(200, "keep the reason under 200 characters"),
});

export async function createSilence(db: Db, scope: Scope, input: unknown, now: number, ip = ""): Promise<number> {
  assertCan(scope, "alerts:act");
  const r = silenceSchema.safeParse(input);
  if (!r.success) throw fromZod(r.error);
  const v = r.data;
  const agent = await findAgent(db, String(v.agentId));
  if (!agent || !inScope(scope, agent.path)) throw alertInvalid("unknown_agent", `agentId: no agent ${v.agentId} in your part of the network`, "agentId");
  const startsAt = Math.max(now, v.startsAt ?? now);
  const endsAt = startsAt + v.minutes * MINUTE_MS;
  return db.transaction(async () => {
    const id = await insertSilence(db, { agentId: agent.id, city: v.city, category: v.category, startsAt, endsAt, reason: v.reason, createdBy: scope.userId }, now);
    await recordAudit(db, scope, { action: "silence.created", target: { type: "silence", id }, agentId: agent.id, after: { city: v.city, category: v.category, startsAt, endsAt, reason: v.reason }, ip }, now);
    return id;
  });
}

/** Ends a window now (an upcoming one never starts). */
export async function endSilence(db: Db, scope: Scope, id: number, now: number, ip = ""): Promise<void> {
  assertCan(scope, "alerts:act");
  await db.transaction(async () => {
    const s = Number.isSafeInteger(id) ? await silenceInScope(db, scope, id) : undefined;
    if (!s) throw notFound(`no maintenance window with id ${id} in your part of the network`);
    if (s.endsAt <= now) return;
    await endSilenceRow(db, id, Math.max(now, s.startsAt));
    await recordAudit(db, scope, { action: "silence.ended", target: { type: "silence", id }, agentId: s.agentId, before: { endsAt: s.endsAt }, after: { endsAt: now }, ip }, now);
  });
}
