// Turns notify-worthy timeline entries into at most one message per channel per window: a storm
// of 500 alerts becomes one digest. Runs inside the alert sweep's transaction, after incident
// grouping, so alerts swallowed by an incident are left out and the incident is sent instead.
// Each channel's cursor is the last entry id it considered; on PostgreSQL the composer first waits
// out every open writer of notify-worthy entries (lockNotifyWriters), so an entry that commits
// after one with a higher id is never left behind the cursor.
import { activeSilences, channelsToCompose, enqueue, incidentForNotify, lockNotifyWriters, notifyEvents, setChannelCursor, type ActiveSilence, type ComposeChannel, type NotifyEvent } from "@/db/alerts-outbox";
import type { Db } from "@/db/client";
import type { AlertConfig } from "@/lib/alerts/config";
import { SEVERITY_RANK } from "@/lib/alerts/enums";
import { isMuted } from "@/lib/alerts/silence-match";
import { describeEvidence } from "@/lib/rules";
import type { Finding } from "@/lib/rules/types";
import { buildDigest, type DigestEntry } from "./digest";

/** Events read per sweep; a larger backlog is taken over the next sweeps. */
const SCAN_LIMIT = 20_000;

const KIND_RANK: Record<string, number> = { opened: 3, escalated: 2, reminder: 1 };

type IncidentForNotify = Awaited<ReturnType<typeof incidentForNotify>>;

/**
 * Composes and enqueues the due digests. Inside a transaction; on PostgreSQL one of its own, with
 * no lock taken before (see lockNotifyWriters).
 */
export async function composeNotifications(db: Db, now: number, config: AlertConfig): Promise<number> {
  await lockNotifyWriters(db);
  const channels = await channelsToCompose(db);
  if (channels.length === 0) return 0;
  const events = await notifyEvents(db, Math.min(...channels.map((c) => c.cursorEventId)), SCAN_LIMIT);
  if (events.length === 0) return 0;
  const silences = await activeSilences(db, now);
  // Incidents the events mention, read once up front so the per-channel filtering stays synchronous.
  const incidents = new Map<number, IncidentForNotify>();
  for (const e of events) {
    if (e.alertId === null && e.incidentId !== null && !incidents.has(e.incidentId)) incidents.set(e.incidentId, await incidentForNotify(db, e.incidentId));
  }
  const incident = (id: number) => incidents.get(id);
  let messages = 0;
  for (const ch of channels) {
    const mine = events.filter((e) => e.id > ch.cursorEventId);
    if (mine.length === 0) continue;
    const lastId = mine.at(-1)!.id;
    const entries = new Map<string, { first: NotifyEvent; entry: DigestEntry; rank: number }>();
    for (const e of mine) {
      const entry = toEntry(e, ch, silences, incident);
      if (!entry) continue;
      const key = e.alertId !== null ? `a${e.alertId}` : `i${e.incidentId}:${e.kind}`;
      const seen = entries.get(key);
      const rank = KIND_RANK[e.kind] ?? 0;
      if (!seen) entries.set(key, { first: e, entry, rank });
      else if (rank > seen.rank) entries.set(key, { first: seen.first, entry, rank });
    }
    if (entries.size === 0) {
      await setChannelCursor(db, ch.id, lastId);
      continue;
    }
    const all = [...entries.values()];
    const firstAt = Math.min(...all.map((x) => x.first.at));
    // Still collecting: the window opens with the first event it will carry.
    if (firstAt > now - ch.windowMs) continue;
    const ids = all.map((x) => x.first.id);
    const message = buildDigest(all.map((x) => x.entry), ch.locale, config.publicUrl);
    await enqueue(db, { channelId: ch.id, kind: "digest", idempotencyKey: `pfh-${ch.id}-${Math.min(...ids)}-${lastId}`, message }, now);
    await setChannelCursor(db, ch.id, lastId);
    messages++;
  }
  return messages;
}

function toEntry(e: NotifyEvent, ch: ComposeChannel, silences: ActiveSilence[], incident: (id: number) => IncidentForNotify): DigestEntry | null {
  if (e.alertId !== null) {
    if (e.status === null || e.severity === null || e.category === null || e.agentPath === null) return null;
    if (!e.agentPath.startsWith(ch.agentPath)) return null;
    if (e.alertIncidentId !== null) return null;
    if (SEVERITY_RANK[e.severity] < SEVERITY_RANK[ch.minSeverity]) return null;
    if (ch.categories.length && !ch.categories.includes(e.category)) return null;
    // Only alerts that still need a person when the digest goes out.
    const wanted = e.kind === "reminder" ? ["open"] : ["open", "acknowledged", "verifying"];
    if (!wanted.includes(e.status)) return null;
    if (isMuted(silences, { agentPath: e.agentPath, city: e.city ?? "", category: e.category })) return null;
    const kind = e.kind === "reminder" ? "reminder" : e.kind === "escalated" ? "alert_escalated" : "alert_opened";
    return { kind, alertId: e.alertId, severity: e.severity, category: e.category, sn: e.sn ?? "", merchant: e.merchant ?? "", city: e.city ?? "", ...alertDetail(e.findings, ch.locale) };
  }
  if (e.incidentId === null) return null;
  const found = incident(e.incidentId);
  if (!found) return null;
  const { incident: i, members } = found;
  const mine = members.filter((m) => m.agentPath.startsWith(ch.agentPath));
  if (mine.length === 0) return null;
  if (SEVERITY_RANK[i.severity] < SEVERITY_RANK[ch.minSeverity]) return null;
  if (ch.categories.length && !ch.categories.includes(i.category)) return null;
  if (mine.every((m) => isMuted(silences, m))) return null;
  return {
    kind: e.kind === "incident_resolved" ? "incident_resolved" : "incident_opened",
    incidentId: i.id, incidentKind: i.kind, severity: i.severity, category: i.category,
    city: i.city, carrier: i.carrier, firmware: i.firmware, terminals: mine.length,
  };
}

/**
 * What an alert line says about its leading finding, in the channel's language: the first
 * evidence sentence as the line itself, every sentence, and the first fix step. The same words
 * the alert page shows (describeEvidence).
 */
export function alertDetail(findings: string | null, locale: ComposeChannel["locale"]): { detail: string; evidence?: string[]; firstStep?: string } {
  const first = (JSON.parse(findings ?? "[]") as Finding[])[0];
  if (!first) return { detail: "" };
  const lang = locale === "en" ? "en" : "zh-CN";
  const evidence = describeEvidence(first, lang);
  const firstStep = (lang === "en" ? first.steps.en : first.steps.zh)[0];
  return { detail: evidence[0] ?? "", evidence, ...(firstStep ? { firstStep } : {}) };
}
