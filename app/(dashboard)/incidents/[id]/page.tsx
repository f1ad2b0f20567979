import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { incidentTimeline } from "@/db/queries/alerts-detail";
import { getIncident, incidentMembers } from "@/db/queries/incidents";
import { requireScope } from "@/lib/auth/current";
import { SEVERITY_COLOR, STATUS_COLOR } from "@/lib/ui/colors";
import { Badge, Card } from "@/app/_components/ui";
import { ALERT_STATUS_COLOR, INCIDENT_STATUS_COLOR } from "@/app/_components/alerts/colors";
import { Timeline } from "@/app/_components/alerts/timeline";
import { Table } from "@/app/_components/table";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await getTranslations("incidents"))("detailTitle", { id: (await params).id }) };
}

export default async function IncidentPage({ params }: Props) {
  const raw = (await params).id;
  const scope = await requireScope({ next: `/incidents/${raw}` });
  const id = Number(raw);
  const db = getDb();
  const incident = Number.isSafeInteger(id) && id > 0 ? await getIncident(db, scope, id) : undefined;
  if (!incident) notFound();
  const [members, timeline] = await Promise.all([incidentMembers(db, scope, id), incidentTimeline(db, id)]);
  const t = await getTranslations();
  const format = await getFormatter();
  const when = (ms: number | null) => (ms === null ? "—" : format.dateTime(new Date(ms), "short"));
  const what = incident.kind === "carrier_outage"
    ? t("incidents.carrier", { city: incident.city ?? "", carrier: incident.carrier ?? "" })
    : t("incidents.firmware", { version: incident.firmware ?? "", category: t(`enums.category.${incident.category}`) });
  return (
    <div className="stack">
      <p><Link href="/incidents">← {t("incidents.back")}</Link></p>
      <div className="page-head">
        <h1>{t("incidents.detailTitle", { id: incident.id })} · {what}</h1>
        <span className="badges">
          <Badge color={INCIDENT_STATUS_COLOR[incident.status]}>{t(`incidents.status.${incident.status}`)}</Badge>
          <Badge color={SEVERITY_COLOR[incident.severity]}>{t(`enums.severity.${incident.severity}`)}</Badge>
          {t(`incidents.kind.${incident.kind}`)}
        </span>
      </div>
      <p className="muted">
        {when(incident.openedAt)} – {when(incident.resolvedAt)} · {t("incidents.affected", { active: incident.active, terminals: incident.terminals })} ·{" "}
        {t("incidents.peak", { count: incident.peakTerminals, population: incident.populationTerminals })}
      </p>
      <Card title={t("incidents.members")}>
        <Table
          label={t("incidents.members")}
          testId="incident-members"
          compact
          rows={members}
          rowKey={(m) => m.alertId}
          columns={[
            { key: "sn", header: "SN", keep: true, cell: (m) => <Link className="mono" href={`/terminals/${encodeURIComponent(m.sn)}`}>{m.sn}</Link> },
            { key: "merchant", header: t("alerts.detail.merchant"), cell: (m) => m.merchant, clip: (m) => m.merchant },
            { key: "phone", header: t("alerts.detail.phone"), keep: true, cell: (m) => (m.phone ? <a href={`tel:${m.phone}`}>{m.phone}</a> : "—") },
            { key: "city", header: t("alerts.detail.city"), cell: (m) => m.city },
            { key: "carrier", header: t("alerts.detail.carrier"), cell: (m) => m.carrier },
            { key: "agent", header: t("alerts.detail.agent"), cell: (m) => m.agentName, clip: (m) => m.agentName },
            {
              key: "status",
              header: t("alerts.columns.status"),
              className: "badges",
              cell: (m) => (
                <>
                  {m.terminalStatus && <Badge color={STATUS_COLOR[m.terminalStatus]}>{t(`enums.status.${m.terminalStatus}`)}</Badge>}
                  <Link href={`/alerts/${m.alertId}`}><Badge color={ALERT_STATUS_COLOR[m.status]}>{t(`alerts.status.${m.status}`)}</Badge></Link>
                </>
              ),
            },
          ]}
        />
      </Card>
      <Card title={t("incidents.timeline")}>
        <Timeline items={timeline} names={new Map()} />
      </Card>
    </div>
  );
}
