// Writes and scoped reads of notification channels. The URL and secret leave this module only
// toward the notifier; pages get `maskedUrl` and `hasSecret`.
import { subtreePattern, type Scope } from "@/lib/auth/scope";
import type { AlertSeverity, ChannelKind, ChannelLocale } from "@/lib/alerts/enums";
import type { ProblemCategory } from "@/lib/domain/enums";
import type { Db } from "./client";

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

export function channelInScope(db: Db, scope: Scope, id: number): ChannelRecord | undefined {
  const row = db.$client
    .prepare(
      `SELECT c.id, c.agent_id AS agentId, a.path AS agentPath, c.kind, c.name, c.url, c.secret, c.locale, c.min_severity AS minSeverity,
              c.window_ms AS windowMs, c.enabled, (SELECT group_concat(category) FROM channel_categories WHERE channel_id = c.id) AS categories
         FROM channels c JOIN agents a ON a.id = c.agent_id WHERE c.id = ? AND a.path LIKE ?`,
    )
    .get(id, subtreePattern(scope)) as (Omit<ChannelRecord, "categories" | "enabled"> & { categories: string | null; enabled: number }) | undefined;
  if (!row) return undefined;
  return { ...row, enabled: row.enabled === 1, categories: row.categories ? (row.categories.split(",") as ProblemCategory[]) : [] };
}

export function insertChannel(db: Db, c: ChannelFields, cursorEventId: number, now: number): number {
  const sqlite = db.$client;
  const { id } = sqlite
    .prepare(
      `INSERT INTO channels (agent_id, kind, name, url, secret, locale, min_severity, window_ms, enabled, cursor_event_id, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    )
    .get(c.agentId, c.kind, c.name, c.url, c.secret, c.locale, c.minSeverity, c.windowMs, c.enabled ? 1 : 0, cursorEventId, now, now) as { id: number };
  setCategories(db, id, c.categories);
  return id;
}

export function updateChannelRow(db: Db, id: number, c: ChannelFields, now: number): void {
  db.$client
    .prepare(`UPDATE channels SET agent_id = ?, kind = ?, name = ?, url = ?, secret = ?, locale = ?, min_severity = ?, window_ms = ?, enabled = ?, updated_at = ? WHERE id = ?`)
    .run(c.agentId, c.kind, c.name, c.url, c.secret, c.locale, c.minSeverity, c.windowMs, c.enabled ? 1 : 0, now, id);
  setCategories(db, id, c.categories);
}

function setCategories(db: Db, id: number, categories: ProblemCategory[]): void {
  const sqlite = db.$client;
  sqlite.prepare(`DELETE FROM channel_categories WHERE channel_id = ?`).run(id);
  const insert = sqlite.prepare(`INSERT INTO channel_categories (channel_id, category) VALUES (?, ?)`);
  for (const c of new Set(categories)) insert.run(id, c);
}

/** Deletes the channel with its categories, outbox and delivery log. */
export function deleteChannelRow(db: Db, id: number): void {
  const sqlite = db.$client;
  sqlite.prepare(`DELETE FROM delivery_attempts WHERE channel_id = ?`).run(id);
  sqlite.prepare(`DELETE FROM outbox WHERE channel_id = ?`).run(id);
  sqlite.prepare(`DELETE FROM channel_categories WHERE channel_id = ?`).run(id);
  sqlite.prepare(`DELETE FROM channels WHERE id = ?`).run(id);
}
