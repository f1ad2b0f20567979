// Reads and writes of notification composing and delivery: the events to consider per channel,
// the outbox (one row per message, idempotency key unique) and the delivery log.
import type { AlertSeverity, AlertStatus, ChannelKind, ChannelLocale, IncidentKind, OutboxKind } from "@/lib/domain/alerts";
import type { ProblemCategory } from "@/lib/domain/enums";
import { NOTIFY_EVENT_KINDS } from "@/lib/domain/alerts";
import { NOTIFY_WRITERS_LOCK_KEY } from "./alert-writes";
import type { Db } from "./client";
import { groupConcat } from "./dialect";

export interface ComposeChannel {
  id: number;
  kind: ChannelKind;
  agentPath: string;
  locale: ChannelLocale;
  minSeverity: AlertSeverity;
  windowMs: number;
  cursorEventId: number;
  categories: ProblemCategory[];
}

export async function channelsToCompose(db: Db): Promise<ComposeChannel[]> {
  const rows = await db.all<Omit<ComposeChannel, "categories"> & { categories: string | null }>(
    `SELECT c.id, c.kind, a.path AS "agentPath", c.locale, c.min_severity AS "minSeverity", c.window_ms AS "windowMs",
            c.cursor_event_id AS "cursorEventId", (SELECT ${groupConcat(db, "category")} FROM channel_categories WHERE channel_id = c.id) AS categories
       FROM channels c JOIN agents a ON a.id = c.agent_id WHERE c.enabled = 1 ORDER BY c.id`,
  );
  return rows.map((r) => ({ ...r, categories: r.categories ? (r.categories.split(",") as ProblemCategory[]) : [] }));
}

/** A notify-worthy timeline entry with what a message needs about its alert (null for incident entries). */
export interface NotifyEvent {
  id: number;
  at: number;
  kind: string;
  alertId: number | null;
  incidentId: number | null;
  status: AlertStatus | null;
  severity: AlertSeverity | null;
  category: ProblemCategory | null;
  alertIncidentId: number | null;
  findings: string | null;
  sn: string | null;
  merchant: string | null;
  city: string | null;
  agentPath: string | null;
}

const KINDS = NOTIFY_EVENT_KINDS.map((k) => `'${k}'`).join(", ");

/**
 * PostgreSQL: waits until no transaction that wrote a notify-worthy entry is still open, and keeps
 * new ones from writing one until this transaction ends (the exclusive side of
 * NOTIFY_WRITERS_LOCK_KEY, db/alert-writes.ts). Entry ids come from a sequence in the order they
 * are drawn, not the order they commit; after this, every entry below the highest id the composer
 * reads is visible to it or gone, so a cursor moved past it skips nothing. Call it first in a
 * transaction that holds no other lock: a writer waiting for a row this transaction holds would
 * never let go of the shared side. Nothing on SQLite, where the one writer commits in id order.
 */
export async function lockNotifyWriters(db: Db): Promise<void> {
  if (db.dialect !== "pg") return;
  if (!db.inTransaction()) throw new Error("lockNotifyWriters needs a transaction: the lock lasts until it ends");
  await db.get(`SELECT pg_advisory_xact_lock(${NOTIFY_WRITERS_LOCK_KEY})`);
}

export function notifyEvents(db: Db, afterId: number, limit: number): Promise<NotifyEvent[]> {
  return db.all<NotifyEvent>(
    `SELECT e.id, e.at, e.kind, e.alert_id AS "alertId", e.incident_id AS "incidentId", a.status, a.severity, a.category,
            a.incident_id AS "alertIncidentId", a.findings, t.sn, m.name AS merchant, m.city, ag.path AS "agentPath"
       FROM alert_events e
       LEFT JOIN alerts a ON a.id = e.alert_id
       LEFT JOIN terminals t ON t.id = a.terminal_id
       LEFT JOIN merchants m ON m.id = t.merchant_id
       LEFT JOIN agents ag ON ag.id = t.agent_id
      WHERE e.id > ? AND e.kind IN (${KINDS})
      ORDER BY e.id LIMIT ?`,
    [afterId, limit],
  );
}

export async function maxEventId(db: Db): Promise<number> {
  return Number((await db.get<{ id: number }>(`SELECT coalesce(max(id), 0) AS id FROM alert_events`))!.id);
}

export interface IncidentSummary {
  id: number;
  kind: IncidentKind;
  status: string;
  city: string | null;
  carrier: string | null;
  firmware: string | null;
  category: ProblemCategory;
  severity: AlertSeverity;
  terminals: number;
}

/** An incident with the agent paths and locations of its member terminals, for per-channel filtering. */
export async function incidentForNotify(
  db: Db,
  id: number,
): Promise<{ incident: IncidentSummary; members: { agentPath: string; city: string; category: ProblemCategory }[] } | undefined> {
  const incident = await db.get<IncidentSummary>(
    `SELECT i.id, i.kind, i.status, i.city, i.carrier, i.firmware, i.category, i.severity,
            (SELECT count(*) FROM alerts WHERE incident_id = i.id) AS terminals
       FROM incidents i WHERE i.id = ?`,
    [id],
  );
  if (!incident) return undefined;
  const members = await db.all<{ agentPath: string; city: string; category: ProblemCategory }>(
    `SELECT ag.path AS "agentPath", m.city, a.category FROM alerts a JOIN terminals t ON t.id = a.terminal_id
       JOIN merchants m ON m.id = t.merchant_id JOIN agents ag ON ag.id = t.agent_id WHERE a.incident_id = ?`,
    [id],
  );
  return { incident, members };
}

export interface ActiveSilence {
  id: number;
  agentPath: string;
  city: string | null;
  category: ProblemCategory | null;
}

export function activeSilences(db: Db, now: number): Promise<ActiveSilence[]> {
  return db.all<ActiveSilence>(
    `SELECT s.id, a.path AS "agentPath", s.city, s.category FROM silences s JOIN agents a ON a.id = s.agent_id WHERE s.starts_at <= ? AND s.ends_at > ?`,
    [now, now],
  );
}

export async function setChannelCursor(db: Db, channelId: number, eventId: number): Promise<void> {
  await db.run(`UPDATE channels SET cursor_event_id = ? WHERE id = ? AND cursor_event_id < ?`, [eventId, channelId, eventId]);
}

/** Adds a message; a key already present changes nothing (the same digest is never queued twice). */
export async function enqueue(db: Db, m: { channelId: number; kind: OutboxKind; idempotencyKey: string; message: unknown }, now: number): Promise<boolean> {
  const r = await db.run(
    `INSERT INTO outbox (channel_id, kind, idempotency_key, message, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING`,
    [m.channelId, m.kind, m.idempotencyKey, JSON.stringify(m.message), now, now],
  );
  return r.changes > 0;
}

export interface DueMessage {
  id: number;
  channelId: number;
  kind: OutboxKind;
  idempotencyKey: string;
  message: string;
  createdAt: number;
  attempts: number;
  channelKind: ChannelKind;
  url: string;
  secret: string;
}

const DUE_HEADS = `SELECT o.id, o.channel_id AS "channelId", o.kind, o.idempotency_key AS "idempotencyKey", o.message, o.created_at AS "createdAt",
         o.attempts, c.kind AS "channelKind", c.url, c.secret
    FROM outbox o JOIN channels c ON c.id = o.channel_id
   WHERE o.id IN (SELECT min(id) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL GROUP BY channel_id)
     AND o.next_attempt_at <= ? AND c.enabled = 1
   ORDER BY o.id`;

// PostgreSQL, where every instance runs a notifier: a head another notifier is claiming right now
// is locked, and skipped rather than waited for; once that claim commits its lease has moved
// next_attempt_at past now, so the head is not due for anyone else. A channel's later messages
// are never claimed while its head is out (the head is still the channel's min(id)).
const CLAIM_HEADS_PG = `${DUE_HEADS}
   FOR UPDATE OF o SKIP LOCKED`;

/**
 * The oldest undelivered message of each enabled channel, when it is due. One per channel keeps
 * each channel's messages in order: a later one waits until the earlier one got through.
 */
export function dueHeads(db: Db, now: number): Promise<DueMessage[]> {
  return db.all<DueMessage>(DUE_HEADS, [now]);
}

/**
 * Claims the due heads for delivery: in one short transaction, reads them and leases each until
 * `leaseUntil` (its next_attempt_at), so no other notifier picks it up while this one is sending.
 * The lease ends with the recorded outcome (delivered, or the next attempt's time); a notifier
 * that dies mid-send leaves the message due again once the lease runs out. The HTTP call happens
 * after this returns, outside any transaction. On PostgreSQL the heads are read FOR UPDATE SKIP
 * LOCKED, so two notifiers claiming at the same moment never both get one message.
 */
export function claimDueHeads(db: Db, now: number, leaseUntil: number): Promise<DueMessage[]> {
  return db.transaction(async (tx) => {
    const heads = await tx.all<DueMessage>(db.dialect === "pg" ? CLAIM_HEADS_PG : DUE_HEADS, [now]);
    if (heads.length > 0) {
      await tx.run(`UPDATE outbox SET next_attempt_at = ? WHERE id IN (${heads.map(() => "?").join(", ")})`, [leaseUntil, ...heads.map((h) => h.id)]);
    }
    return heads;
  });
}

/** Earliest time a pending message is due, or null when nothing waits. */
export async function nextDueAt(db: Db): Promise<number | null> {
  const row = await db.get<{ at: number | null }>(`SELECT min(next_attempt_at) AS at FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL`);
  return row?.at ?? null;
}

export interface AttemptRecord {
  outboxId: number;
  channelId: number;
  at: number;
  durationMs: number;
  httpStatus: number | null;
  ok: boolean;
  error: string | null;
}

/** Records an attempt and its consequence on the message, in one transaction. */
export async function recordAttempt(db: Db, a: AttemptRecord, next: { deliveredAt: number } | { nextAttemptAt: number; failedAt: number | null }): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.run(`INSERT INTO delivery_attempts (outbox_id, channel_id, at, duration_ms, http_status, ok, error) VALUES (?, ?, ?, ?, ?, ?, ?)`, [
      a.outboxId, a.channelId, a.at, a.durationMs, a.httpStatus, a.ok ? 1 : 0, a.error,
    ]);
    if ("deliveredAt" in next) {
      await tx.run(`UPDATE outbox SET attempts = attempts + 1, delivered_at = ?, failed_at = NULL, last_error = NULL WHERE id = ?`, [next.deliveredAt, a.outboxId]);
    } else {
      await tx.run(`UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, failed_at = ?, last_error = ? WHERE id = ?`, [
        next.nextAttemptAt, next.failedAt, a.error, a.outboxId,
      ]);
    }
  });
}

/**
 * A test message is sent directly, then written here already settled (failed until its attempt
 * is recorded), so it shows in the delivery log and the notifier never picks it up.
 */
export async function insertSettledTest(db: Db, channelId: number, key: string, message: unknown, now: number): Promise<number> {
  const row = await db.get<{ id: number }>(
    `INSERT INTO outbox (channel_id, kind, idempotency_key, message, created_at, next_attempt_at, failed_at)
     VALUES (?, 'test', ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO UPDATE SET created_at = excluded.created_at RETURNING id`,
    [channelId, key, JSON.stringify(message), now, now, now],
  );
  return row!.id;
}

/** Settled messages (and, by cascade, their attempts) older than `before` go, a batch per sweep. */
export async function pruneOutbox(db: Db, before: number, batch = 5_000): Promise<number> {
  const r = await db.run(
    `DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE (delivered_at IS NOT NULL AND delivered_at < @before)
        OR (delivered_at IS NULL AND failed_at IS NOT NULL AND failed_at < @before) LIMIT @batch)`,
    { before, batch },
  );
  return r.changes;
}

const OUTBOX_EXISTS_SQLITE = `SELECT 1 AS present FROM sqlite_master WHERE type = 'table' AND name = 'outbox'`;
const OUTBOX_EXISTS_PG = `SELECT 1 AS present FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'outbox'`;
// Given-up messages (failed_at set) wait for nothing; they stay in the delivery log only.
const OUTBOX_PENDING = `SELECT count(*) AS n FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL`;

/** Messages waiting for delivery, or null while the store has no outbox table yet. */
export async function pendingOutboxDepth(db: Db): Promise<number | null> {
  const exists = await db.get(db.dialect === "pg" ? OUTBOX_EXISTS_PG : OUTBOX_EXISTS_SQLITE);
  if (!exists) return null;
  return Number((await db.get<{ n: number }>(OUTBOX_PENDING))!.n);
}
