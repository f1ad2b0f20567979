import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { CATEGORIES, SEVERITIES } from "@/lib/domain/enums";
import type { BreakdownRow, FleetSummary } from "@/db/queries/overview";
import type { CodeStat } from "@/lib/fleet/top-codes";
import type { TrendRange } from "@/db/queries/trends";
import { TREND_RANGES } from "@/db/queries/trends";
import { terminalsHref } from "@/db/queries/terminal-filters";
import { CATEGORY_COLOR, SEVERITY_COLOR, STATUS_COLOR } from "@/lib/ui/colors";
import type { CategoryStackPoint, VersionBar } from "@/lib/ui/charts/shape";
import { CategoryTrendChart } from "@/app/_components/charts/category-trend-chart";
import { StackedBarChart } from "@/app/_components/charts/stacked-bar-chart";
import { Card, Stat } from "@/app/_components/ui";
import { BreakdownTable } from "./breakdown-table";
import { CodesTable } from "./codes-table";
import { FirmwareSummary } from "./firmware-summary";
import { Table } from "@/app/_components/table";

interface Props {
  now: number;
  range: TrendRange;
  scopeAgentId: number;
  summary: FleetSummary;
  versions: VersionBar[];
  trend: CategoryStackPoint[];
  codes: { problem: CodeStat[]; other: CodeStat[] };
  byAgent: BreakdownRow[];
  byCity: BreakdownRow[];
}

export async function OverviewView({ now, range, summary, versions, trend, codes, byAgent, byCity }: Props) {
  const t = await getTranslations();
  const format = await getFormatter();
  const n = (v: number) => format.number(v);
  const catTotal = (c: string) => summary.byCategory.filter((r) => r.category === c).reduce((s, r) => s + r.terminals, 0);
  const cell = (c: string, s: string) => summary.byCategory.find((r) => r.category === c && r.severity === s)?.terminals ?? 0;
  const problems = summary.total - catTotal("healthy");
  const catLabels = Object.fromEntries(CATEGORIES.map((c) => [c, t(`enums.category.${c}`)]));

  return (
    <div className="stack">
      <div className="page-head">
        <h1>{t("overview.title")}</h1>
        <p className="muted">
          <time dateTime={new Date(now).toISOString()} data-testid="updated-at">{t("common.updatedAt", { time: format.dateTime(new Date(now), "full") })}</time> · {t("common.autoRefresh")}
        </p>
      </div>

      <div className="stats">
        <Stat label={t("overview.total")} value={n(summary.total)} href="/terminals" testId="stat-total"
          sub={summary.neverReported > 0 ? t("overview.neverReported", { count: summary.neverReported }) : undefined} />
        <Stat label={t("overview.online")} value={n(summary.online)} href={terminalsHref({ status: "online" })} color={STATUS_COLOR.online} testId="stat-online" />
        <Stat label={t("overview.offline")} value={n(summary.offline)} href={terminalsHref({ status: "offline" })} color={STATUS_COLOR.offline} testId="stat-offline" />
        <Stat label={t("overview.healthy")} value={n(catTotal("healthy"))} href={terminalsHref({ category: "healthy" })} color={CATEGORY_COLOR.healthy} testId="stat-healthy" />
        <Stat label={t("overview.problems")} value={n(problems)} href={terminalsHref({ problem: "1" })} color={SEVERITY_COLOR.critical} testId="stat-problems"
          sub={format.number(summary.total ? problems / summary.total : 0, "percent")} />
      </div>

      <div className="grid-2">
        <Card title={t("overview.byCategory")}>
          <Table
            label={t("overview.byCategory")}
            testId="category-matrix"
            compact
            rows={CATEGORIES}
            rowKey={(c) => c}
            columns={[
              { key: "category", header: t("overview.categoryCol"), cell: (c) => <><span className="swatch" style={{ background: CATEGORY_COLOR[c] }} />{catLabels[c]}</> },
              ...SEVERITIES.map((s) => ({
                key: s,
                header: t(`enums.severity.${s}`),
                num: true,
                cell: (c: (typeof CATEGORIES)[number]) =>
                  cell(c, s) > 0 ? <Link href={terminalsHref({ category: c, severity: s })} data-testid={`cell-${c}-${s}`} style={{ color: SEVERITY_COLOR[s] }}>{n(cell(c, s))}</Link> : <span className="muted">0</span>,
              })),
              { key: "all", header: t("overview.allSeverities"), num: true, cell: (c) => <Link href={terminalsHref({ category: c })} data-testid={`cell-${c}-all`}>{n(catTotal(c))}</Link> },
            ]}
          />
        </Card>

        <Card
          title={t("overview.trend")}
          actions={
            <div className="segmented" role="group">
              {TREND_RANGES.map((r) => (
                <Link key={r} href={r === "24h" ? "/" : `/?range=${r}`} className={r === range ? "active" : undefined} aria-current={r === range ? "true" : undefined} scroll={false}>
                  {t(`overview.range.${r}`)}
                </Link>
              ))}
            </div>
          }
        >
          <CategoryTrendChart data={trend} range={range} labels={catLabels} />
          <p className="hint">{t("overview.trendHint")}</p>
        </Card>
      </div>

      <div className="grid-3">
        <FirmwareSummary summary={summary} versions={versions} />
        <Card title={t("overview.battery")}>
          <StackedBarChart
            testId="battery-chart"
            series={[{ key: "terminals", label: t("overview.terminalsCol"), color: "#16a34a" }]}
            data={[
              ...summary.battery.map((b) => ({ label: t(`enums.battery.${b.bucket}`), terminals: b.terminals, hrefs: { terminals: terminalsHref({ battery: b.bucket }) } })),
              { label: t("enums.battery.charging"), terminals: summary.charging, hrefs: { terminals: terminalsHref({ battery: "charging" }) } },
            ]}
          />
          <p className="hint">{t("overview.batteryHint")}</p>
        </Card>
        <Card title={t("overview.signal")}>
          <StackedBarChart
            testId="signal-chart"
            layout="vertical"
            series={[{ key: "terminals", label: t("overview.terminalsCol"), color: "#2563eb" }]}
            data={summary.signal.map((b) => ({ label: t(`enums.signal.${b.bucket}`), terminals: b.terminals, hrefs: { terminals: terminalsHref({ signal: b.bucket }) } }))}
          />
        </Card>
      </div>

      <CodesTable codes={codes} />

      <div className="grid-2">
        <BreakdownTable title={t("overview.byAgent")} keyLabel={t("overview.agent")} rows={byAgent} kind="agent" />
        <BreakdownTable title={t("overview.byCity")} keyLabel={t("overview.city")} rows={byCity} kind="city" />
      </div>
    </div>
  );
}
