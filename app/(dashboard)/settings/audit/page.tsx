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
          <div className="table-wrap">
            <table className="table compact" data-testid="audit-table">
              <thead>
                <tr>
                  <th>{t("when")}</th>
                  <th>{t("who")}</th>
                  <th>{t("agent")}</th>
                  <th>{t("action")}</th>
                  <th>{t("target")}</th>
                  <th>{t("before")}</th>
                  <th>{t("after")}</th>
                  <th>{t("ip")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <td>{f.dateTime(new Date(r.at), "full")}</td>
                    <td>{r.actor}</td>
                    <td>{r.agentCode}</td>
                    <td>{label(r.action)}</td>
                    <td className="mono">{r.targetId ? `${r.targetType}:${r.targetId}` : r.targetType}</td>
                    <td><pre className={styles.json}>{json(r.before)}</pre></td>
                    <td><pre className={styles.json}>{json(r.after)}</pre></td>
                    <td className="mono">{r.ip}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
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
