// Channels and their delivery log as the settings page shows them. The URL is masked and the
// secret never leaves the database through here.
import type { Db } from "@/db/client";
import { groupConcat, intDiv } from "@/db/dialect";
import type { AlertSeverity, ChannelKind, ChannelLocale, OutboxKind } from "@/lib/domain/alerts";
import { subtreePattern, type Scope } from "@/lib/domain/scope";
import type { ProblemCategory } from "@/lib/domain/enums";

export interface ChannelListRow {
  id: number;
  agentId: number;
  agentName: string;
  kind: ChannelKind;
  name: string;
  maskedUrl: string;
  hasSecret: boolean;
  locale: ChannelLocale;
  minSeverity: AlertSeverity;
  windowSeconds: number;
  enabled: boolean;
  categories: ProblemCategory[];
  pending: number;
  lastAttemptAt: number | null;
  lastAttemptOk: boolean | null;
}

/** Scheme and host, the path cut short, no query: enough to recognise the robot, not to use it. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    const path = u.pathname.length > 12 ? `${u.pathname.slice(0, 12)}…` : u.pathname;
    return `${u.protocol}//${u.host}${path}${u.search ? "?…" : ""}`;
  } catch {
    return "…";
  }
}

export async function listChannels(db: Db, scope: Scope): Promise<ChannelListRow[]> {
  const rows = await db.all<
    Omit<ChannelListRow, "maskedUrl" | "hasSecret" | "enabled" | "categories" | "lastAttemptOk"> & {
      url: string;
      hasSecret: number;
      enabled: number;
      categories: string | null;
      lastAttemptOk: number | null;
    }
  >(
    `SELECT c.id, c.agent_id AS "agentId", a.name AS "agentName", c.kind, c.name, c.url, CASE WHEN c.secret <> '' THEN 1 ELSE 0 END AS "hasSecret", c.locale,
            c.min_severity AS "minSeverity", ${intDiv(db, "c.window_ms", "1000")} AS "windowSeconds", c.enabled,
            (SELECT ${groupConcat(db, "category")} FROM channel_categories WHERE channel_id = c.id) AS categories,
            (SELECT count(*) FROM outbox o WHERE o.channel_id = c.id AND o.delivered_at IS NULL AND o.failed_at IS NULL) AS pending,
            d.at AS "lastAttemptAt", d.ok AS "lastAttemptOk"
       FROM channels c JOIN agents a ON a.id = c.agent_id
       LEFT JOIN delivery_attempts d ON d.id = (SELECT max(id) FROM delivery_attempts WHERE channel_id = c.id)
      WHERE a.path LIKE ? ORDER BY a.path, c.name`,
    [subtreePattern(scope)],
  );
  return rows.map(({ url, ...r }) => ({
    ...r,
    maskedUrl: maskUrl(url),
    hasSecret: r.hasSecret === 1,
    enabled: r.enabled === 1,
    categories: r.categories ? (r.categories.split(",") as ProblemCategory[]) : [],
    lastAttemptOk: r.lastAttemptOk === null ? null : r.lastAttemptOk === 1,
  }));
}

export interface DeliveryLogRow {
  id: number;
  at: number;
  channelId: number;
  channelName: string;
  kind: OutboxKind;
  idempotencyKey: string;
  title: string;
  httpStatus: number | null;
  ok: boolean;
  error: string | null;
  durationMs: number;
  attempt: number;
  delivered: boolean;
  gaveUp: boolean;
}

export async function deliveryLog(db: Db, scope: Scope, f: { channelId?: number; limit?: number } = {}): Promise<DeliveryLogRow[]> {
  const rows = await db.all<Omit<DeliveryLogRow, "ok" | "delivered" | "gaveUp"> & { ok: number; delivered: number; gaveUp: number }>(
    `SELECT d.id, d.at, d.channel_id AS "channelId", c.name AS "channelName", o.kind, o.idempotency_key AS "idempotencyKey",
            ${db.dialect === "pg" ? "CAST(o.message AS json) ->> 'title'" : "json_extract(o.message, '$.title')"} AS title, d.http_status AS "httpStatus", d.ok, d.error, d.duration_ms AS "durationMs",
            (SELECT count(*) FROM delivery_attempts x WHERE x.outbox_id = d.outbox_id AND x.id <= d.id) AS attempt,
            CASE WHEN o.delivered_at IS NOT NULL THEN 1 ELSE 0 END AS delivered,
            CASE WHEN o.failed_at IS NOT NULL AND o.delivered_at IS NULL THEN 1 ELSE 0 END AS "gaveUp"
       FROM delivery_attempts d JOIN outbox o ON o.id = d.outbox_id JOIN channels c ON c.id = d.channel_id JOIN agents a ON a.id = c.agent_id
      WHERE a.path LIKE ? ${f.channelId ? "AND d.channel_id = ?" : ""}
      ORDER BY d.id DESC LIMIT ?`,
    [subtreePattern(scope), ...(f.channelId ? [f.channelId] : []), Math.min(f.limit ?? 100, 500)],
  );
  return rows.map((r) => ({ ...r, ok: r.ok === 1, delivered: r.delivered === 1, gaveUp: r.gaveUp === 1 }));
}
