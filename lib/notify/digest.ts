// Builds one grouped message from the alert and incident events a channel collected over its
// window. Pure: data in, message out. Incidents first, then critical, then warnings; one line
// per alert however many of its events fell in the window.
import type { AlertSeverity, ChannelLocale, IncidentKind } from "@/lib/alerts/enums";
import type { ProblemCategory } from "@/lib/domain/enums";
import { MAX_ITEMS, TEXTS, type ItemKind, type Message, type MessageItem } from "./message";

export type DigestEntry =
  | {
      kind: "alert_opened" | "alert_escalated" | "reminder"; alertId: number; severity: AlertSeverity; category: ProblemCategory; sn: string; merchant: string; city: string; detail: string;
      evidence?: string[]; firstStep?: string;
    }
  | {
      kind: "incident_opened" | "incident_resolved";
      incidentId: number;
      incidentKind: IncidentKind;
      severity: AlertSeverity;
      category: ProblemCategory;
      city: string | null;
      carrier: string | null;
      firmware: string | null;
      terminals: number;
    };

type IncidentEntry = Extract<DigestEntry, { incidentId: number }>;
const isIncident = (e: DigestEntry): e is IncidentEntry => "incidentId" in e;

const ORDER: Record<ItemKind, number> = { incident_opened: 0, incident_resolved: 1, alert_opened: 2, alert_escalated: 2, reminder: 3 };
const SEV: Record<AlertSeverity, number> = { critical: 0, warning: 1 };

export function buildDigest(entries: DigestEntry[], locale: ChannelLocale, publicUrl: string): Message {
  const t = TEXTS[locale];
  const items: MessageItem[] = entries.map((e) => {
    const tag = `${t.severity[e.severity]} · ${t.category[e.category]}`;
    if (isIncident(e)) {
      const what =
        e.incidentKind === "carrier_outage"
          ? t.carrierOutage(e.city ?? "", e.carrier ?? "", e.terminals)
          : t.firmwareIncident(e.firmware ?? "", t.category[e.category], e.terminals);
      const label = e.kind === "incident_opened" ? t.incidentOpened : t.incidentResolved;
      return {
        kind: e.kind, severity: e.severity, category: e.category, incidentId: e.incidentId, incidentKind: e.incidentKind,
        terminals: e.terminals, ...(e.city ? { city: e.city } : {}),
        text: `${t.tag(`${label} · ${tag}`)}${what}`, url: `${publicUrl}/incidents/${e.incidentId}`,
      };
    }
    const prefix = t.tag(e.kind === "reminder" ? `${t.reminder} · ${tag}` : tag);
    return {
      kind: e.kind, severity: e.severity, category: e.category, alertId: e.alertId, sn: e.sn, merchant: e.merchant, city: e.city,
      text: prefix + t.alertLine(e.merchant, e.sn, e.city, e.detail), url: `${publicUrl}/alerts/${e.alertId}`,
      ...(e.evidence?.length ? { evidence: e.evidence } : {}), ...(e.firstStep ? { firstStep: e.firstStep } : {}),
    };
  });
  items.sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || SEV[a.severity] - SEV[b.severity]);
  const alerts = entries.filter((e) => !isIncident(e));
  const parts = {
    incidents: entries.length - alerts.length,
    critical: alerts.filter((e) => e.severity === "critical").length,
    warning: alerts.filter((e) => e.severity === "warning").length,
    reminders: alerts.filter((e) => e.kind === "reminder").length,
  };
  const onlyIncidents = alerts.length === 0;
  return {
    type: "digest",
    locale,
    title: t.title(entries.length),
    summary: t.summary(parts),
    items: items.slice(0, MAX_ITEMS),
    more: Math.max(0, items.length - MAX_ITEMS),
    link: onlyIncidents ? { text: t.openIncidents, url: `${publicUrl}/incidents` } : { text: t.openQueue, url: `${publicUrl}/alerts` },
  };
}
