// The verbs a person uses on the call queue: acknowledge, assign, log a call, snooze, resolve.
// Each parses its input, checks role and scope (through act.ts) and returns what changed.
import { z } from "zod";
import { assignableUser, type ScopedAlert } from "@/db/alerts-actions";
import type { Db } from "@/db/client";
import { fromZod } from "@/lib/auth/errors";
import type { Scope } from "@/lib/auth/scope";
import { actOnAlert, actOnAlerts, actorOf, MAX_BULK, type ActOptions, type BulkResult } from "./act";
import { CALL_OUTCOMES, RESOLVE_OUTCOMES } from "./enums";
import { alertInvalid } from "./errors";
import { MINUTE_MS } from "@/lib/domain/time";

const id = z.coerce.number().int().positive();
const ids = z.array(id).min(1, "choose at least one alert").max(MAX_BULK, `act on at most ${MAX_BULK} alerts at once`);
const note = z.string().trim().max(500, "keep the note under 500 characters").default("");

export const bulkSchema = z.object({ ids });
export const assignSchema = z.object({ ids, assignee: z.union([z.literal("me"), z.literal("none"), id]) });
export const logCallSchema = z.object({ id, outcome: z.enum(CALL_OUTCOMES), note });
/** Either `minutes` from now or `until` (epoch ms). */
export const snoozeSchema = z
  .object({
    id,
    minutes: z.coerce.number().int().min(1, "snooze for at least 1 minute").max(7 * 24 * 60, "snooze for at most 7 days").optional(),
    until: z.coerce.number().int().positive("until is a time in epoch milliseconds").optional(),
  })
  .refine((v) => (v.minutes === undefined) !== (v.until === undefined), { message: "give either minutes or until", path: ["minutes"] });
export const resolveSchema = z.object({ id, outcome: z.enum(RESOLVE_OUTCOMES), note });

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input);
  if (!r.success) throw fromZod(r.error);
  return r.data;
}

export async function acknowledgeAlerts(db: Db, scope: Scope, input: unknown, now: number, opts: ActOptions = {}): Promise<BulkResult> {
  const v = parse(bulkSchema, input);
  const actor = actorOf(scope);
  return actOnAlerts(db, scope, v.ids, { type: "acknowledge", actor }, "acknowledged", now, opts);
}

/** Assigns to "me", to nobody ("none"), or to a colleague who may act on alerts and sees each one. */
export async function assignAlerts(db: Db, scope: Scope, input: unknown, now: number, opts: ActOptions = {}): Promise<BulkResult> {
  const v = parse(assignSchema, input);
  const actor = actorOf(scope);
  let assignee: number | null = null;
  let check: ((a: ScopedAlert) => void) | undefined;
  if (v.assignee === "me") assignee = actor;
  else if (v.assignee !== "none") {
    const found = await assignableUser(db, v.assignee);
    // Someone outside the caller's view (neither in their subtree nor above it) reads as unknown.
    const user = found && (found.agentPath.startsWith(scope.agentPath) || scope.agentPath.startsWith(found.agentPath)) ? found : undefined;
    if (!user) throw alertInvalid("unknown_assignee", `assignee: no active admin or manager with id ${v.assignee}`, "assignee");
    assignee = user.id;
    check = (a) => {
      if (!a.agentPath.startsWith(user.agentPath)) {
        throw alertInvalid("assignee_cannot_see", `assignee: ${user.name} cannot see alert ${a.id}; choose someone whose part of the network includes it`, "assignee");
      }
    };
  }
  return actOnAlerts(db, scope, v.ids, { type: "assign", actor, assignee }, "assigned", now, { ...opts, check });
}

export async function logCall(db: Db, scope: Scope, input: unknown, now: number, opts: ActOptions = {}): Promise<ScopedAlert> {
  const v = parse(logCallSchema, input);
  return actOnAlert(db, scope, v.id, { type: "log_call", actor: actorOf(scope), outcome: v.outcome, note: v.note }, "call_logged", now, opts);
}

export async function snoozeAlert(db: Db, scope: Scope, input: unknown, now: number, opts: ActOptions = {}): Promise<ScopedAlert> {
  const v = parse(snoozeSchema, input);
  const until = v.minutes !== undefined ? now + v.minutes * MINUTE_MS : v.until!;
  return actOnAlert(db, scope, v.id, { type: "snooze", actor: actorOf(scope), until }, "snoozed", now, opts);
}

export async function resolveAlert(db: Db, scope: Scope, input: unknown, now: number, opts: ActOptions = {}): Promise<ScopedAlert> {
  const v = parse(resolveSchema, input);
  return actOnAlert(db, scope, v.id, { type: "resolve", actor: actorOf(scope), outcome: v.outcome, note: v.note }, "resolved", now, opts);
}
