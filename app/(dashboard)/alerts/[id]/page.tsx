import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { colleagues } from "@/db/alerts-actions";
import { getDb } from "@/db/client";
import { getAlertDetail, userNames } from "@/db/queries/alerts-detail";
import { requireCaller } from "@/lib/auth/current";
import { can } from "@/lib/auth/permissions";
import { CATEGORY_COLOR, SEVERITY_COLOR } from "@/lib/ui/colors";
import { Badge, Card } from "@/app/_components/ui";
import { ALERT_STATUS_COLOR } from "@/app/_components/alerts/colors";
import { FixScript } from "@/app/_components/alerts/fix-script";
import { Timeline } from "@/app/_components/alerts/timeline";
import { ActionsPanel } from "./actions-panel";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await getTranslations("alerts"))("detail.title", { id: (await params).id }) };
}

export default async function AlertPage({ params }: Props) {
  const raw = (await params).id;
  const { scope, user } = await requireCaller({ next: `/alerts/${raw}` });
  const id = Number(raw);
  const db = getDb();
  const now = Date.now();
  const a = Number.isSafeInteger(id) && id > 0 ? await getAlertDetail(db, scope, id, now) : undefined;
  if (!a) notFound();
  const [people, names] = await Promise.all([can(scope, "alerts:act") ? colleagues(db, scope) : Promise.resolve([]), userNames(db, a.timeline)]);
  const t = await getTranslations("alerts");
  const te = await getTranslations("enums");
  const ti = await getTranslations("incidents");
  const format = await getFormatter();
  const locale = await getLocale();
  const when = (ms: number) => format.dateTime(new Date(ms), "short");
  const d = (key: string) => t(`detail.${key}` as never);
  return (
    <div className="stack">
      <p><Link href="/alerts">← {d("back")}</Link></p>
      <div className="page-head">
        <h1>{t("detail.title", { id: a.id })}</h1>
        <span className="badges">
          <Badge color={SEVERITY_COLOR[a.severity]}>{te(`severity.${a.severity}`)}</Badge>
          <Badge color={CATEGORY_COLOR[a.category]}>{te(`category.${a.category}`)}</Badge>
          <span data-testid="alert-status"><Badge color={ALERT_STATUS_COLOR[a.status]}>{t(`status.${a.status}`)}</Badge></span>
          {a.muted && <Badge color="#64748b">{t("item.muted")}</Badge>}
        </span>
      </div>
      <div className="grid-2">
        <Card title={a.merchant}>
          <dl className="facts">
            <dt>{d("contact")}</dt><dd>{a.contactName || "—"}</dd>
            <dt>{d("phone")}</dt><dd>{a.phone ? <a href={`tel:${a.phone}`} data-testid="tel">☎ {a.phone}</a> : t("item.noPhone")}</dd>
            <dt>{d("address")}</dt><dd>{[a.city, a.address].filter(Boolean).join(" ") || "—"}</dd>
            <dt>{d("agent")}</dt><dd>{a.agentName}</dd>
            <dt>{d("terminal")}</dt><dd><Link className="mono" href={`/terminals/${encodeURIComponent(a.sn)}`}>{a.sn}</Link> · {a.model} · {a.carrier}{a.terminalStatus === "offline" ? ` · ${t("item.offline")}` : ""}</dd>
            <dt>{d("priority")}</dt><dd>{format.number(a.priority, { maximumFractionDigits: 1 })} · {t("item.txn7d", { count: a.txn7d })}</dd>
            <dt>{d("firstSeen")}</dt><dd>{when(a.firstSeenAt)}</dd>
            {a.openedAt !== null && <><dt>{d("openedAt")}</dt><dd>{when(a.openedAt)}</dd></>}
            <dt>{d("assignee")}</dt><dd data-testid="assignee">{a.assigneeName ?? d("nobody")}</dd>
            {a.incident && <><dt>{d("incident")}</dt><dd><Link href={`/incidents/${a.incident.id}`}>#{a.incident.id} {ti(`kind.${a.incident.kind}`)}</Link></dd></>}
          </dl>
          {a.status === "verifying" && a.verifyUntil !== null && <p className="small">{t("detail.verifyUntil", { time: when(a.verifyUntil) })}</p>}
          {a.status === "snoozed" && a.snoozedUntil !== null && <p className="small">{t("detail.snoozedUntil", { time: when(a.snoozedUntil) })}</p>}
          {a.clearedAt !== null && a.status !== "resolved" && <p className="small">{t("detail.healthySince", { time: when(a.clearedAt) })}</p>}
        </Card>
        <Card title={t("columns.actions")}>
          {can(scope, "alerts:act") ? (
            <ActionsPanel id={a.id} status={a.status} people={people.filter((p) => p.id !== user.id).map((p) => ({ id: p.id, name: p.name }))} />
          ) : (
            <p className="muted" data-testid="read-only">{t("actions.readOnly")}</p>
          )}
        </Card>
      </div>
      <Card title={d("diagnosis")}>
        <FixScript findings={a.findings} locale={locale} when={when} open labels={{ evidence: t("item.evidence"), steps: t("item.steps"), since: t("item.since") }} />
      </Card>
      <Card title={d("timeline")}>
        <Timeline items={a.timeline} names={names} />
      </Card>
    </div>
  );
}
