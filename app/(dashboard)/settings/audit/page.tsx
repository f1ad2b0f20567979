import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Card, EmptyState } from "@/app/_components/ui";
import { getDb } from "@/db/client";
import { listAudit } from "@/db/audit";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { settingsCaller } from "../_lib/guard";
import styles from "../settings.module.css";
import { dayStart, PAGE_SIZE, parseAuditParams } from "./search-params";
import { DAY_MS } from "@/lib/domain/time";
import { Table } from "@/app/_components/table";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("audit"))("title") };
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { scope } = await settingsCaller("/settings/audit", "audit:read");
  const t = await getTranslations("audit");
  const f = await getFormatter();
  const p = parseAuditParams(await searchParams);
  const { rows, total } = await listAudit(getDb(), scope, {
    action: p.action,
    q: p.q,
    from: p.from ? dayStart(p.from) : undefined,
    to: p.to ? dayStart(p.to) + DAY_MS : undefined,
    limit: PAGE_SIZE,
    offset: (p.page - 1) * PAGE_SIZE,
  });
  const label = (a: string) => ((AUDIT_ACTIONS as readonly string[]).includes(a) ? t(`actions.${a.replace(".", "_")}`) : a);
  const pageHref = (page: number) => `/settings/audit?${new URLSearchParams({ ...(p.action ? { action: p.action } : {}), ...(p.q ? { q: p.q } : {}), ...(p.from ? { from: p.from } : {}), ...(p.to ? { to: p.to } : {}), page: String(page) })}`;
  const json = (v: unknown) => (v === null || v === undefined ? "" : JSON.stringify(v, null, 1));
  return (
    <>
      <h1>{t("title")}</h1>
      <Card>
        <form method="get" className="filters" role="search">
          <label className="field">
            {t("action")}
            <select name="action" defaultValue={p.action ?? ""}>
              <option value="">{t("anyAction")}</option>
              {AUDIT_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {label(a)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            {t("search")}
            <input type="search" name="q" defaultValue={p.q ?? ""} placeholder={t("searchHint")} />
          </label>
          <label className="field">
            {t("from")}
            <input type="date" name="from" defaultValue={p.from ?? ""} />
          </label>
          <label className="field">
            {t("to")}
            <input type="date" name="to" defaultValue={p.to ?? ""} />
          </label>
          <button type="submit" className="btn">
            {t("apply")}
          </button>
        </form>
      </Card>
      <Card title={t("entries", { total })}>
        {rows.length === 0 ? (
          <EmptyState title={t("none")} body={t("noneBody")} />
        ) : (
          <Table
            label={t("entries", { total })}
            testId="audit-table"
            compact
            rows={rows}
            rowKey={(r) => r.id}
            columns={[
              { key: "when", header: t("when"), cell: (r) => f.dateTime(new Date(r.at), "full"), keep: true },
              { key: "who", header: t("who"), cell: (r) => r.actor, clip: (r) => r.actor },
              { key: "agent", header: t("agent"), cell: (r) => r.agentCode, keep: true },
              { key: "action", header: t("action"), cell: (r) => label(r.action) },
              { key: "target", header: t("target"), className: "mono", keep: true, cell: (r) => (r.targetId ? `${r.targetType}:${r.targetId}` : r.targetType) },
              { key: "before", header: t("before"), wrap: true, cell: (r) => <pre className={styles.json}>{json(r.before)}</pre> },
              { key: "after", header: t("after"), wrap: true, cell: (r) => <pre className={styles.json}>{json(r.after)}</pre> },
              { key: "ip", header: t("ip"), className: "mono", keep: true, cell: (r) => r.ip },
            ]}
          />
        )}
        <nav className="pager" aria-label={t("pages")}>
          {p.page > 1 && <Link className="btn" href={pageHref(p.page - 1)}>{t("previous")}</Link>}
          <span className="muted">{t("page", { page: p.page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) })}</span>
          {p.page * PAGE_SIZE < total && <Link className="btn" href={pageHref(p.page + 1)}>{t("next")}</Link>}
        </nav>
      </Card>
    </>
  );
}
