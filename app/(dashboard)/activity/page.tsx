import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { activityCounts, latestActions } from "@/db/activity";
import { getDb } from "@/db/client";
import { getPolicy } from "@/db/policy";
import { firstValues } from "@/db/queries/terminal-filters";
import { positionCountsCached } from "@/lib/activity/positions";
import { activityList, activityParamsSchema, countdownOf, type ActivityParams } from "@/lib/activity/list";
import { requireScope } from "@/lib/auth/current";
import { can } from "@/lib/auth/permissions";
import { CATEGORY_COLOR } from "@/lib/ui/colors";
import { FormError } from "@/app/_components/form";
import { Table } from "@/app/_components/table";
import { Badge, Card, EmptyState, Stat } from "@/app/_components/ui";
import { RowActions } from "./row-actions";

export const dynamic = "force-dynamic";

const STATE_COLOR = { active: "#16a34a", new: "#0891b2", quiet: "#d97706", dormant: "#dc2626", never_traded: "#7c3aed" } as const;

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("activity"))("title") };
}

/** Reads the filters; a value that does not parse is dropped and named, the rest still apply. */
function parseParams(raw: Record<string, string>): { params: ActivityParams; invalid: string[] } {
  const parsed = activityParamsSchema.safeParse(raw);
  if (parsed.success) return { params: parsed.data, invalid: [] };
  const invalid = [...new Set(parsed.error.issues.map((i) => String(i.path[0])))];
  const kept = Object.fromEntries(Object.entries(raw).filter(([k]) => !invalid.includes(k)));
  return { params: activityParamsSchema.parse(kept), invalid };
}

function hrefWith(params: ActivityParams, over: Partial<ActivityParams>, base = "/activity"): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...params, ...over })) if (v !== undefined && !(k === "page" && v === 1)) q.set(k, String(v));
  const s = q.toString();
  return s ? `${base}?${s}` : base;
}

export default async function ActivityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const scope = await requireScope();
  const { params, invalid } = parseParams(firstValues(await searchParams));
  const db = getDb();
  const now = Date.now();
  const policy = await getPolicy(db);
  const [list, counts, positions] = await Promise.all([activityList(db, scope, params, now), activityCounts(db, scope, policy, now), positionCountsCached(db, scope, now)]);
  const actions = await latestActions(db, scope, list.items.map((r) => r.id));
  const canAct = can(scope, "alerts:act");
  const canTransfer = can(scope, "fleet:transfer");
  const t = await getTranslations("activity");
  const tc = await getTranslations("enums.category");
  const tz = await getTranslations("enums.status");
  const format = await getFormatter();
  const date = (at: number | null) => (at === null ? t("never") : format.dateTime(new Date(at), { dateStyle: "medium" }));
  return (
    <div className="stack">
      <h1>{t("title")}</h1>
      <p>{t("intro", { months: policy.switchOffMonths })}</p>
      <div className="stats" data-testid="activity-counts">
        {(["quiet", "dormant", "never_traded", "new", "active"] as const).map((s) => (
          <Stat key={s} label={t(`counts.${s}`)} value={format.number(counts[s])} href={s === "quiet" || s === "dormant" || s === "never_traded" ? `/activity?state=${s}` : "/activity"} color={STATE_COLOR[s]} testId={`activity-count-${s}`} />
        ))}
      </div>
      <p data-testid="activity-positions">{t("positions", { with: format.number(positions.withPosition), without: format.number(positions.noPosition) })}</p>
      {invalid.length > 0 && (
        <FormError state={{ status: "error", error: t("invalid", { fields: invalid.join(", ") }), fields: {}, at: 0 }} testId="activity-invalid" />
      )}
      <Card
        title={t("total", { total: format.number(list.total) })}
        actions={
          <a href={hrefWith(params, { page: 1 }, "/activity/csv")} download>
            {t("export")}
          </a>
        }
      >
        <form method="get" action="/activity" className="filters" aria-label={t("filters.label")}>
          <label>
            {t("filters.state")}
            <select name="state" defaultValue={params.state ?? ""}>
              <option value="">{t("filters.any")}</option>
              {(["dormant", "never_traded", "quiet"] as const).map((s) => (
                <option key={s} value={s}>
                  {t(`state.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("filters.agent")}
            <input name="agent" inputMode="numeric" defaultValue={params.agent ?? ""} />
          </label>
          <label>
            {t("filters.city")}
            <input name="city" defaultValue={params.city ?? ""} />
          </label>
          <label>
            {t("filters.q")}
            <input name="q" type="search" defaultValue={params.q ?? ""} />
          </label>
          <button type="submit">{t("filters.apply")}</button>
          <Link href="/activity">{t("filters.reset")}</Link>
        </form>
        {list.items.length === 0 ? (
          <EmptyState title={t("title")} body={t("empty")} />
        ) : (
          <Table
            label={t("title")}
            testId="activity-table"
            rows={list.items}
            rowKey={(r) => r.id}
            rowData={(r) => ({ "data-sn": r.sn, "data-state": r.state })}
            columns={[
              { key: "sn", header: t("columns.sn"), keep: true, cell: (r) => <Link href={`/terminals/${encodeURIComponent(r.sn)}`}>{r.sn}</Link> },
              {
                key: "merchant",
                header: t("columns.merchant"),
                clip: (r) => r.merchant,
                cell: (r) => (
                  <>
                    {r.merchant} <span className="muted">#{r.merchantId}</span>
                  </>
                ),
              },
              { key: "contact", header: t("columns.contact"), cell: (r) => r.contactName },
              { key: "phone", header: t("columns.phone"), keep: true, cell: (r) => (r.phone ? <a href={`tel:${r.phone}`}>{r.phone}</a> : "") },
              { key: "city", header: t("columns.city"), cell: (r) => r.city },
              { key: "agent", header: t("columns.agent"), cell: (r) => r.agentName },
              { key: "state", header: t("columns.state"), keep: true, cell: (r) => <Badge color={STATE_COLOR[r.state]}>{t(`state.${r.state}`)}</Badge> },
              {
                key: "health",
                header: t("columns.health"),
                keep: true,
                cell: (r) =>
                  r.category ? (
                    <Badge color={CATEGORY_COLOR[r.category as keyof typeof CATEGORY_COLOR] ?? "#6b7280"}>
                      {tc(r.category)}
                      {r.status ? ` · ${tz(r.status)}` : ""}
                    </Badge>
                  ) : (
                    t("notReported")
                  ),
              },
              {
                key: "countdown",
                header: t("columns.countdown"),
                wrap: true,
                cell: (r) => {
                  const cd = countdownOf(r.activity);
                  return <span data-testid="countdown">{t(`countdown.${cd.key}`, { days: cd.days, switchOffDays: cd.switchOffDays })}</span>;
                },
              },
              { key: "lastSale", header: t("columns.lastSale"), keep: true, cell: (r) => date(r.lastTxnAt) },
              { key: "txns7", header: t("columns.txns7"), num: true, cell: (r) => format.number(r.sales?.txns7 ?? 0) },
              { key: "txns30", header: t("columns.txns30"), num: true, cell: (r) => format.number(r.sales?.txns30 ?? 0) },
              { key: "txns90", header: t("columns.txns90"), num: true, cell: (r) => format.number(r.sales?.txns90 ?? 0) },
              {
                key: "actions",
                header: t("actions.label"),
                cell: (r) => (
                  <>
                    {actions.get(r.id)?.lastCallAt != null && <div>{t("actions.lastCall", { date: date(actions.get(r.id)!.lastCallAt) })}</div>}
                    {actions.get(r.id)?.recoverMarkedAt != null && <div>{t("actions.recoverMarked", { date: date(actions.get(r.id)!.recoverMarkedAt) })}</div>}
                    <RowActions sn={r.sn} canAct={canAct} canTransfer={canTransfer} />
                  </>
                ),
              },
            ]}
          />
        )}
        {list.pages > 1 && (
          <nav className="pager" aria-label={t("pageOf", { page: list.page, pages: list.pages })}>
            {list.page > 1 && <Link href={hrefWith(params, { page: list.page - 1 })}>{t("prev")}</Link>}
            <span>{t("pageOf", { page: list.page, pages: list.pages })}</span>
            {list.page < list.pages && <Link href={hrefWith(params, { page: list.page + 1 })}>{t("next")}</Link>}
          </nav>
        )}
      </Card>
    </div>
  );
}
