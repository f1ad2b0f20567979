// An alert's (or incident's) timeline: each step with its time and who took it.
import { getFormatter, getTranslations } from "next-intl/server";
import type { TimelineItem } from "@/db/queries/alerts-detail";
import styles from "./alerts.module.css";

export async function Timeline({ items, names }: { items: TimelineItem[]; names: Map<number, string> }) {
  const t = await getTranslations("alerts");
  const te = await getTranslations("enums");
  const format = await getFormatter();
  const when = (ms: unknown) => (typeof ms === "number" ? format.dateTime(new Date(ms), "short") : "");
  const text = (e: TimelineItem): string => {
    const d = e.data;
    switch (e.kind) {
      case "created":
      case "escalated":
        return t(`event.${e.kind}`, { severity: te(`severity.${String(d.severity ?? d.to)}` as never) });
      case "assigned":
        return d.to === null ? t("event.unassigned") : t("event.assigned", { name: names.get(Number(d.to)) ?? `#${String(d.to)}` });
      case "call_logged":
        return t("event.call_logged", { outcome: t(`outcome.${String(d.outcome)}` as never) }) + (d.note ? ` — ${String(d.note)}` : "");
      case "snoozed":
        return t("event.snoozed", { time: when(d.until) });
      case "resolved":
        return t("event.resolved", { resolution: t(`resolution.${String(d.resolution)}` as never) }) + (d.note ? ` — ${String(d.note)}` : "");
      case "incident_joined":
        return t("event.incident_joined", { id: String(d.incidentId) });
      default:
        return t(`event.${e.kind}` as never);
    }
  };
  return (
    <ol className={styles.timeline} data-testid="timeline">
      {items.map((e) => (
        <li key={e.id} data-kind={e.kind}>
          <time dateTime={new Date(e.at).toISOString()}>{format.dateTime(new Date(e.at), "full")}</time>
          <span className={styles.actor} data-testid="actor">{e.actorName ?? t("detail.system")}</span>
          <span>{text(e)}</span>
        </li>
      ))}
    </ol>
  );
}
