"use client";
import { createColumnHelper } from "@tanstack/react-table";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { useMemo } from "react";
import type { QueueItem } from "@/db/queries/alerts-queue";
import { CATEGORY_COLOR, SEVERITY_COLOR } from "@/lib/ui/colors";
import { Badge } from "@/app/_components/ui";
import type { DataTableFeatures } from "@/app/_components/data-table/data-table";
import { ALERT_STATUS_COLOR } from "@/app/_components/alerts/colors";
import { FixScript } from "@/app/_components/alerts/fix-script";
import { codeMeaning, headline, pageLang } from "@/app/_components/alerts/evidence-list";
import type { Finding } from "@/lib/rules/types";

const helper = createColumnHelper<DataTableFeatures, QueueItem>();

/** The codes behind an alert, leading finding first, each once. */
function queueCodes(findings: Finding[]): string[] {
  const out = new Set<string>();
  for (const f of findings) for (const c of Object.keys(f.evidence.codes ?? {})) out.add(c);
  return [...out];
}

/** The first thing to say on the phone: the leading finding's first step, in the page's language. */
function firstStep(findings: Finding[], locale: string): string | undefined {
  const f = findings[0];
  return f ? (pageLang(locale) === "en" ? f.steps.en[0] : f.steps.zh[0]) : undefined;
}

/**
 * The call queue's columns: who to call, why, what to say. Sorting is the ranking, so none is
 * offered. `now` is the server's render time, so server and browser word "12 minutes ago" alike.
 */
export function useQueueColumns(selection: { selected: Set<number>; toggle: (id: number) => void; canAct: boolean }, now: number) {
  const t = useTranslations();
  const format = useFormatter();
  const locale = useLocale();
  return useMemo(() => {
    const h = (key: string) => t(`alerts.columns.${key}`);
    const meta = (key: string, align?: "right") => ({ label: h(key), align });
    const when = (ms: number) => format.dateTime(new Date(ms), "short");
    return helper.columns([
      ...(selection.canAct
        ? [
            helper.display({
              id: "select", header: () => <span className="sr-only">{h("select")}</span>, meta: meta("select"),
              cell: (c) => (
                <input type="checkbox" aria-label={`${h("select")} #${c.row.original.id}`} checked={selection.selected.has(c.row.original.id)} onChange={() => selection.toggle(c.row.original.id)} data-testid="select" />
              ),
            }),
          ]
        : []),
      helper.accessor("priority", { id: "priority", header: h("priority"), enableSorting: false, meta: meta("priority", "right"), cell: (c) => format.number(c.getValue(), { maximumFractionDigits: 1 }) }),
      helper.display({
        id: "alert", header: h("alert"), meta: meta("alert"),
        cell: ({ row: { original: a } }) => (
          <div className="stack" style={{ gap: "0.25rem" }}>
            <div className="badges">
              <Badge color={SEVERITY_COLOR[a.severity]}>{t(`enums.severity.${a.severity}`)}</Badge>
              <Badge color={CATEGORY_COLOR[a.category]}>{t(`enums.category.${a.category}`)}</Badge>
              {a.muted && <Badge color="#64748b">{t("alerts.item.muted")}</Badge>}
            </div>
            <Link href={`/terminals/${encodeURIComponent(a.sn)}`} className="mono small">{a.sn}</Link>
            {a.terminalStatus === "offline" && <span className="small muted">{t("alerts.item.offline")}</span>}
          </div>
        ),
      }),
      helper.display({
        id: "merchant", header: h("merchant"), meta: meta("merchant"),
        cell: ({ row: { original: a } }) => (
          <div className="stack" style={{ gap: "0.15rem" }}>
            <strong>{a.merchant}</strong>
            <span className="small">{a.contactName} {a.phone ? <a href={`tel:${a.phone}`} data-testid="tel">☎ {a.phone}</a> : <span className="muted">{t("alerts.item.noPhone")}</span>}</span>
            <span className="small muted">{a.city} · {a.agentName}</span>
            <span className="small muted">{t("alerts.item.txn7d", { count: a.txn7d })}</span>
          </div>
        ),
      }),
      helper.display({
        id: "diagnosis", header: h("diagnosis"), meta: meta("diagnosis"),
        cell: ({ row: { original: a } }) => (
          <div className="stack" style={{ gap: "0.25rem" }}>
            <p className="queue-line" data-testid="queue-headline">{a.findings[0] ? headline(a.findings[0], pageLang(locale)) : ""}</p>
            {firstStep(a.findings, locale) && (
              <p className="queue-line small" data-testid="queue-first-step"><strong>{t("alerts.item.firstStep")}</strong> {firstStep(a.findings, locale)}</p>
            )}
            {queueCodes(a.findings).length > 0 && (
              <ul className="queue-codes small" data-testid="queue-codes">
                {queueCodes(a.findings).map((c) => (
                  <li key={c} data-code={c}><span className="code-chip">{c}</span>{codeMeaning(c, pageLang(locale))}</li>
                ))}
              </ul>
            )}
            <details className="evidence" data-testid="queue-more">
              <summary>{t("alerts.item.more")}</summary>
              <FixScript findings={a.findings} locale={locale} when={when} labels={{ evidence: t("alerts.item.evidence"), steps: t("alerts.item.steps"), since: t("alerts.item.since"), codes: t("alerts.item.codes") }} />
            </details>
          </div>
        ),
      }),
      helper.display({
        id: "status", header: h("status"), meta: meta("status"),
        cell: ({ row: { original: a } }) => (
          <div className="stack" style={{ gap: "0.15rem" }}>
            <Badge color={ALERT_STATUS_COLOR[a.status]}>{t(`alerts.status.${a.status}`)}</Badge>
            {a.assigneeName && <span className="small">→ {a.assigneeName}</span>}
            {a.lastCallOutcome && <span className="small muted">{t("alerts.item.lastCall", { outcome: t(`alerts.outcome.${a.lastCallOutcome}`) })}</span>}
            {a.reopenCount > 0 && <span className="small muted">{t("alerts.item.reopened", { count: a.reopenCount })}</span>}
          </div>
        ),
      }),
      helper.accessor("openedAt", { id: "opened", header: h("opened"), enableSorting: false, meta: meta("opened"), cell: (c) => <span title={when(c.getValue())}>{format.relativeTime(new Date(c.getValue()), now)}</span> }),
      helper.display({
        id: "actions", header: h("actions"), meta: meta("actions"),
        cell: ({ row: { original: a } }) => <Link className="btn" href={`/alerts/${a.id}`} data-testid="open-alert">{t("alerts.item.open")}</Link>,
      }),
    ]);
  }, [t, format, locale, selection, now]);
}
