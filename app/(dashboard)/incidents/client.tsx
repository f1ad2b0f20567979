"use client";
import { createColumnHelper } from "@tanstack/react-table";
import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { useMemo } from "react";
import type { IncidentRow } from "@/db/queries/incidents";
import type { IncidentStatus } from "@/lib/alerts/enums";
import { SEVERITY_COLOR } from "@/lib/ui/colors";
import { DataTable, type DataTableFeatures } from "@/app/_components/data-table/data-table";
import { Badge, EmptyState } from "@/app/_components/ui";
import { INCIDENT_STATUS_COLOR } from "@/app/_components/alerts/colors";

const helper = createColumnHelper<DataTableFeatures, IncidentRow>();

/** "杭州 · 中国联通" or "固件 2.3.5 · 策略/固件": what the incident is about. */
export function useIncidentTitle() {
  const t = useTranslations();
  return (i: Pick<IncidentRow, "kind" | "city" | "carrier" | "firmware" | "category">) =>
    i.kind === "carrier_outage" ? t("incidents.carrier", { city: i.city ?? "", carrier: i.carrier ?? "" }) : t("incidents.firmware", { version: i.firmware ?? "", category: t(`enums.category.${i.category}`) });
}

export function IncidentsClient({ rows, status }: { rows: IncidentRow[]; status?: IncidentStatus }) {
  const t = useTranslations();
  const format = useFormatter();
  const title = useIncidentTitle();
  const columns = useMemo(() => {
    const h = (k: string) => t(`incidents.columns.${k}`);
    const when = (ms: number | null) => (ms === null ? "—" : format.dateTime(new Date(ms), "short"));
    return helper.columns([
      helper.display({ id: "incident", header: h("incident"), cell: ({ row: { original: i } }) => <Link href={`/incidents/${i.id}`}>#{i.id} {title(i)}</Link> }),
      helper.display({
        id: "kind", header: h("kind"),
        cell: ({ row: { original: i } }) => <span className="badges"><Badge color={SEVERITY_COLOR[i.severity]}>{t(`enums.severity.${i.severity}`)}</Badge>{t(`incidents.kind.${i.kind}`)}</span>,
      }),
      helper.display({ id: "status", header: h("status"), cell: ({ row: { original: i } }) => <Badge color={INCIDENT_STATUS_COLOR[i.status]}>{t(`incidents.status.${i.status}`)}</Badge> }),
      helper.display({ id: "terminals", header: h("terminals"), cell: ({ row: { original: i } }) => t("incidents.affected", { active: i.active, terminals: i.terminals }) }),
      helper.accessor("openedAt", { id: "opened", header: h("opened"), enableSorting: false, cell: (c) => when(c.getValue()) }),
      helper.accessor("resolvedAt", { id: "resolved", header: h("resolved"), enableSorting: false, cell: (c) => when(c.getValue()) }),
    ]);
  }, [t, format, title]);
  return (
    <div className="stack">
      <div className="page-head">
        <h1>{t("incidents.title")}</h1>
        <nav className="segmented" aria-label={t("incidents.columns.status")}>
          {([undefined, "open", "resolved"] as const).map((s) => (
            <Link key={s ?? "all"} href={s ? `/incidents?status=${s}` : "/incidents"} className={status === s ? "active" : undefined}>{t(`incidents.filters.${s ?? "all"}`)}</Link>
          ))}
        </nav>
      </div>
      <p className="muted small">{t("incidents.lead")}</p>
      <div className="card">
        <DataTable
          testId="incidents-table"
          columns={columns}
          data={rows}
          getRowId={(r) => String(r.id)}
          sorting={[]}
          onSortingChange={() => undefined}
          sortLabels={{ asc: "", desc: "" }}
          empty={<EmptyState title={t("incidents.empty.title")} body={t("incidents.empty.body")} />}
        />
      </div>
    </div>
  );
}
