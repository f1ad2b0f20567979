"use client";
import { createColumnHelper } from "@tanstack/react-table";
import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { useMemo } from "react";
import type { TerminalPage, TerminalRow } from "@/db/queries/terminals";
import { CATEGORY_COLOR, COMPLIANCE_COLOR, SEVERITY_COLOR, STATUS_COLOR } from "@/lib/ui/colors";
import { Badge } from "@/app/_components/ui";
import type { DataTableFeatures } from "@/app/_components/data-table/data-table";

const helper = createColumnHelper<DataTableFeatures, TerminalRow>();

/** Where q sits in text (ignoring case): at the start only, or anywhere; null when it does not. */
function matchAt(text: string, q: string, anywhere: boolean): number | null {
  const i = text.toLowerCase().indexOf(q.toLowerCase());
  return i === 0 || (anywhere && i > 0) ? i : null;
}

/** The text with the part the search matched marked, so each row shows why it was found. */
function Marked({ text, q, anywhere }: { text: string; q: string | undefined; anywhere: boolean }) {
  const i = q ? matchAt(text, q, anywhere) : null;
  if (i === null || !q) return <>{text}</>;
  return <>{text.slice(0, i)}<mark>{text.slice(i, i + q.length)}</mark>{text.slice(i + q.length)}</>;
}

/** The terminal table's columns; ids equal the API's sort keys so a header click is a URL change. */
export function useTerminalColumns(search: TerminalPage["search"] = null) {
  const t = useTranslations();
  const format = useFormatter();
  return useMemo(() => {
    const h = (key: string) => t(`terminals.columns.${key}`);
    const meta = (key: string, align?: "right") => ({ label: h(key), align });
    return helper.columns([
      helper.accessor("sn", {
        id: "sn", header: h("sn"), meta: meta("sn"),
        cell: (c) => <Link href={`/terminals/${encodeURIComponent(c.getValue())}`} className="mono"><Marked text={c.getValue()} q={search?.q} anywhere={false} /></Link>,
      }),
      helper.accessor("merchant", {
        id: "merchant", header: h("merchant"), meta: meta("merchant"),
        cell: (c) => <span className="clip" title={c.getValue()}><Marked text={c.getValue()} q={search?.q} anywhere /></span>,
      }),
      helper.accessor("city", { id: "city", header: h("city"), meta: meta("city") }),
      helper.accessor("agentName", { id: "agent", header: h("agent"), meta: meta("agent") }),
      helper.accessor("status", {
        id: "status", header: h("status"), meta: meta("status"),
        cell: (c) => <Badge color={STATUS_COLOR[c.getValue()]}>{t(`enums.status.${c.getValue()}`)}</Badge>,
      }),
      helper.accessor("category", {
        id: "category", header: h("category"), meta: meta("category"),
        cell: (c) => <Badge color={CATEGORY_COLOR[c.getValue()]}>{t(`enums.category.${c.getValue()}`)}</Badge>,
      }),
      helper.accessor("severity", {
        id: "severity", header: h("severity"), meta: meta("severity"),
        cell: (c) => <span style={{ color: SEVERITY_COLOR[c.getValue()] }}>{t(`enums.severity.${c.getValue()}`)}</span>,
      }),
      helper.accessor("batteryPct", {
        id: "battery", header: h("battery"), meta: meta("battery", "right"),
        cell: (c) => (
          <span title={c.row.original.charging ? t("terminals.charging") : undefined}>
            {format.number(c.getValue() / 100, "percent")}{c.row.original.charging ? " ⚡" : ""}
          </span>
        ),
      }),
      helper.accessor("signalDbm", {
        id: "signal", header: h("signal"), meta: meta("signal", "right"),
        cell: (c) => (c.getValue() === null ? <span className="muted">{t("terminals.noSignal")}</span> : `${c.getValue()} dBm`),
      }),
      helper.accessor("firmware", {
        id: "firmware", header: h("firmware"), meta: meta("firmware"),
        cell: (c) => (
          <span className="mono" style={c.row.original.compliance === "ok" ? undefined : { color: COMPLIANCE_COLOR[c.row.original.compliance] }}
            title={t(`enums.compliance.${c.row.original.compliance}`)}>
            {c.getValue()}
          </span>
        ),
      }),
      helper.accessor("lastSeenAt", {
        id: "lastSeen", header: h("lastSeen"), meta: meta("lastSeen"),
        cell: (c) => <time dateTime={new Date(c.getValue()).toISOString()}>{format.dateTime(new Date(c.getValue()), "short")}</time>,
      }),
    ]);
  }, [t, format, search]);
}
