// Writes and scoped reads of notification channels. The URL and secret leave this module only
// toward the notifier; pages get `maskedUrl` and `hasSecret`.
import { subtreePattern, type Scope } from "@/lib/domain/scope";
import type { AlertSeverity, ChannelKind, ChannelLocale } from "@/lib/domain/alerts";
import type { ProblemCategory } from "@/lib/domain/enums";
import type { Db } from "./client";
import { groupConcat } from "./dialect";

export interface ChannelFields {
  agentId: number;
  kind: ChannelKind;
  name: string;
  url: string;
  secret: string;
  locale: ChannelLocale;
  minSeverity: AlertSeverity;
  windowMs: number;
  enabled: boolean;
  categories: ProblemCategory[];
}

export interface ChannelRecord extends ChannelFields {
  id: number;
  agentPath: string;
}

export async function channelInScope(db: Db, scope: Scope, id: number): Promise<ChannelRecord | undefined> {
  const row = await db.get<Omit<ChannelRecord, "categories" | "enabled"> & { categories: string | null; enabled: number }>(
    `SELECT c.id, c.agent_id AS "agentId", a.path AS "agentPath", c.kind, c.name, c.url, c.secret, c.locale, c.min_severity AS "minSeverity",
            c.window_ms AS "windowMs", c.enabled, (SELECT ${groupConcat(db, "category")} FROM channel_categories WHERE channel_id = c.id) AS categories
       FROM channels c JOIN agents a ON a.id = c.agent_id WHERE c.id = ? AND a.path LIKE ?`,
    [id, subtreePattern(scope)],
  );
  if (!row) return undefined;
  return { ...row, enabled: row.enabled === 1, categories: row.categories ? (row.categories.split(",") as ProblemCategory[]) : [] };
}

export async function insertChannel(db: Db, c: ChannelFields, cursorEventId: number, now: number): Promise<number> {
  const row = await db.get<{ id: number }>(
    `INSERT INTO channels (agent_id, kind, name, url, secret, locale, min_severity, window_ms, enabled, cursor_event_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    [c.agentId, c.kind, c.name, c.url, c.secret, c.locale, c.minSeverity, c.windowMs, c.enabled ? 1 : 0, cursorEventId, now, now],
  );
  const id = row!.id;
  await setCategories(db, id, c.categories);
  return id;
}

export async function updateChannelRow(db: Db, id: number, c: ChannelFields, now: number): Promise<void> {
  await db.run(
    `UPDATE channels SET agent_id = ?, kind = ?, name = ?, url = ?, secret = ?, locale = ?, min_severity = ?, window_ms = ?, enabled = ?, updated_at = ? WHERE id = ?`,
    [c.agentId, c.kind, c.name, c.url, c.secret, c.locale, c.minSeverity, c.windowMs, c.enabled ? 1 : 0, now, id],
  );
  await setCategories(db, id, c.categories);
}

async function setCategories(db: Db, id: number, categories: ProblemCategory[]): Promise<void> {
  await db.run(`DELETE FROM channel_categories WHERE channel_id = ?`, [id]);
  for (const c of new Set(categories)) await db.run(`INSERT INTO channel_categories (channel_id, category) VALUES (?, ?)`, [id, c]);
}

/** Deletes the channel with its categories, outbox and delivery log. */
export async function deleteChannelRow(db: Db, id: number): Promise<void> {
  await db.run(`DELETE FROM delivery_attempts WHERE channel_id = ?`, [id]);
  await db.run(`DELETE FROM outbox WHERE channel_id = ?`, [id]);
  await db.run(`DELETE FROM channel_categories WHERE channel_id = ?`, [id]);
  await db.run(`DELETE FROM channels WHERE id = ?`, [id]);
}
