// Managing an agent's notification channels (admins), and the "send a test message" button.
import { z } from "zod";
import { insertSettledTest, maxEventId, recordAttempt } from "@/db/alerts-outbox";
import { channelInScope, deleteChannelRow, insertChannel, updateChannelRow, type ChannelFields, type ChannelRecord } from "@/db/alerts-channels";
import type { Db } from "@/db/client";
import { findAgent } from "@/db/fleet";
import { recordAudit } from "@/lib/audit";
import { alertConfig } from "@/lib/alerts/config";
import { ALERT_SEVERITIES, CHANNEL_KINDS, CHANNEL_LOCALES } from "@/lib/alerts/enums";
import { alertInvalid } from "@/lib/alerts/errors";
import { fromZod } from "@/lib/auth/errors";
import { assertCan } from "@/lib/auth/permissions";
import { inScope, type Scope } from "@/lib/auth/scope";
import { PROBLEM_CATEGORIES } from "@/lib/domain/enums";
import { AppError, notFound } from "@/lib/errors";
import { send, type SendResult } from "./deliver";
import { checkReceiverUrl } from "./ssrf";
import { testMessage } from "./message";
import { renderRequest } from "./render";

const httpUrl = z
  .string()
  .trim()
  .max(1000, "keep the URL under 1000 characters")
  .url("paste the robot's full webhook URL, starting with https://")
  .refine((u) => /^https?:\/\//i.test(u), "the URL must start with http:// or https://");

export const channelSchema = z
  .object({
    name: z.string().trim().min(1, "give the channel a name").max(60, "keep the name under 60 characters"),
    kind: z.enum(CHANNEL_KINDS),
    agentId: z.coerce.number().int().positive(),
    /** Empty on update keeps the stored URL (it holds the robot's token, so pages never show it back). */
    url: z.union([z.literal(""), httpUrl]).default(""),
    /** Empty on update keeps the stored secret. */
    secret: z.string().trim().max(200, "the secret is longer than any platform issues").default(""),
    locale: z.enum(CHANNEL_LOCALES).default("zh-CN"),
    minSeverity: z.enum(ALERT_SEVERITIES).default("warning"),
    categories: z.array(z.enum(PROBLEM_CATEGORIES)).default([]),
    windowSeconds: z.coerce.number().int().min(10, "group for at least 10 seconds").max(3600, "group for at most an hour").default(60),
    enabled: z.boolean().default(true),
  });
export type ChannelInput = z.input<typeof channelSchema>;

function parse(input: unknown): z.infer<typeof channelSchema> {
  const r = channelSchema.safeParse(input);
  if (!r.success) throw fromZod(r.error);
  return r.data;
}

/**
 * Refuses a receiver on this server, its private network, link-local (cloud metadata) and the
 * like, unless NOTIFY_ALLOW_PRIVATE lists it; resolved now, and checked again at every delivery.
 * Runs before any transaction opens: it may wait for DNS.
 */
async function assertReceiverAllowed(url: string): Promise<void> {
  if (!url) return;
  const reason = await checkReceiverUrl(url);
  // A name that does not resolve yet is saved: every delivery checks the address it connects to.
  if (!reason || reason === "unresolvable") return;
  const message = `url: the receiver's address is not allowed (${reason.replace("_", "-")}); notifications go only to public addresses unless an operator allows on-premises networks (NOTIFY_ALLOW_PRIVATE)`;
  throw new AppError("validation", message, { field: "url", blocked: reason, issues: [{ field: "url", code: "custom", message: message.slice(5), params: { blocked: reason } }] });
}

async function fields(db: Db, scope: Scope, v: z.infer<typeof channelSchema>, keep: { url: string; secret: string } | null): Promise<ChannelFields> {
  const agent = await findAgent(db, String(v.agentId));
  if (!agent || !inScope(scope, agent.path)) throw alertInvalid("unknown_agent", `agentId: no agent ${v.agentId} in your part of the network`, "agentId");
  const url = v.url || keep?.url || "";
  if (!url) throw alertInvalid("url_required", "url: paste the robot's full webhook URL, starting with https://", "url");
  const secret = v.secret || keep?.secret || "";
  // The generic webhook is verified by its signature alone, so it must have a secret.
  if (v.kind === "webhook" && !secret) throw alertInvalid("secret_required", "secret: a generic webhook needs a signing secret", "secret");
  return { agentId: agent.id, kind: v.kind, name: v.name, url, secret, locale: v.locale, minSeverity: v.minSeverity, windowMs: v.windowSeconds * 1000, enabled: v.enabled, categories: v.categories };
}

/** What the audit log keeps of a channel: never the URL or the secret. */
const safe = (c: ChannelFields) => ({ kind: c.kind, name: c.name, agentId: c.agentId, minSeverity: c.minSeverity, categories: c.categories, windowMs: c.windowMs, enabled: c.enabled, locale: c.locale });

async function mustFind(db: Db, scope: Scope, id: number): Promise<ChannelRecord> {
  const c = Number.isSafeInteger(id) ? await channelInScope(db, scope, id) : undefined;
  if (!c) throw notFound(`no channel with id ${id} in your part of the network`);
  return c;
}

export async function createChannel(db: Db, scope: Scope, input: unknown, now: number, ip = ""): Promise<number> {
  assertCan(scope, "channels:manage");
  const v = parse(input);
  await assertReceiverAllowed(v.url);
  return db.transaction(async () => {
    const f = await fields(db, scope, v, null);
    // A new channel starts with what happens from now on, not the history.
    const id = await insertChannel(db, f, await maxEventId(db), now);
    await recordAudit(db, scope, { action: "channel.created", target: { type: "channel", id }, agentId: f.agentId, after: safe(f), ip }, now);
    return id;
  });
}

export async function updateChannel(db: Db, scope: Scope, id: number, input: unknown, now: number, ip = ""): Promise<void> {
  assertCan(scope, "channels:manage");
  const v = parse(input);
  await assertReceiverAllowed(v.url);
  await db.transaction(async () => {
    const before = await mustFind(db, scope, id);
    // A new kind needs its own URL and secret; the same kind keeps what was stored.
    const f = await fields(db, scope, v, v.kind === before.kind ? { url: before.url, secret: before.secret } : null);
    await updateChannelRow(db, id, f, now);
    await recordAudit(db, scope, { action: "channel.updated", target: { type: "channel", id }, agentId: f.agentId, before: safe(before), after: safe(f), ip }, now);
  });
}

export async function deleteChannel(db: Db, scope: Scope, id: number, now: number, ip = ""): Promise<void> {
  assertCan(scope, "channels:manage");
  await db.transaction(async () => {
    const before = await mustFind(db, scope, id);
    await deleteChannelRow(db, id);
    await recordAudit(db, scope, { action: "channel.deleted", target: { type: "channel", id }, agentId: before.agentId, before: safe(before), ip }, now);
  });
}

/** Sends a test message at once (not through the queue) and records it in the delivery log. */
export async function sendTestMessage(db: Db, scope: Scope, id: number, now: number, opts: { timeoutMs?: number; publicUrl?: string } = {}): Promise<SendResult> {
  assertCan(scope, "channels:manage");
  const c = await mustFind(db, scope, id);
  const message = testMessage(c.locale, c.name, opts.publicUrl ?? alertConfig().publicUrl);
  const key = `pfh-test-${c.id}-${now}`;
  const request = renderRequest(c, message, { idempotencyKey: key, now });
  const r = await send(c.kind, request, { timeoutMs: opts.timeoutMs ?? 10_000, secrets: [c.url, c.secret] });
  const outboxId = await insertSettledTest(db, c.id, key, message, now);
  await recordAttempt(db, { outboxId, channelId: c.id, at: now, durationMs: r.durationMs, httpStatus: r.status, ok: r.ok, error: r.error }, r.ok ? { deliveredAt: now } : { nextAttemptAt: now, failedAt: now });
  return r;
}
