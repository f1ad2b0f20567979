import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { getPolicy } from "@/db/policy";
import { COMPLIANCE } from "@/db/queries/buckets";
import { firmwareAdoption, firmwareByModel } from "@/db/queries/firmware";
import { terminalsHref } from "@/db/queries/terminal-filters";
import { requireScope } from "@/lib/auth/current";
import { toAdoptionSeries, toVersionBars } from "@/lib/ui/charts/shape";
import { COMPLIANCE_COLOR } from "@/lib/ui/colors";
import { AdoptionChart } from "@/app/_components/charts/adoption-chart";
import { StackedBarChart } from "@/app/_components/charts/stacked-bar-chart";
import { AutoRefresh } from "@/app/_components/auto-refresh";
import { Badge, Card, EmptyState } from "@/app/_components/ui";
import { Table } from "@/app/_components/table";
import { BatteryReplaceCard } from "../batteries/replace-card";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("firmware"))("title") };
}

export default async function FirmwarePage() {
  const scope = await requireScope();
  const db = getDb();
  const now = Date.now();
  const [rows, policy] = await Promise.all([firmwareByModel(db, scope), getPolicy(db)]);
  const t = await getTranslations();
  const format = await getFormatter();
  if (rows.length === 0) {
    return (
      <div className="stack">
        <h1>{t("firmware.title")}</h1>
        <EmptyState title={t("firmware.emptyTitle")} body={t("firmware.emptyBody")} />
      </div>
    );
  }
  const bars = toVersionBars(rows);
  const models = [...new Set(rows.map((r) => r.model))].sort();
  const adoption = toAdoptionSeries(await firmwareAdoption(db, scope, { now }));
  const count = (fw: string, model: string) => rows.find((r) => r.firmware === fw && r.model === model)?.terminals ?? 0;
  const series = COMPLIANCE.map((c) => ({ key: c, label: t(`enums.compliance.${c}`), color: COMPLIANCE_COLOR[c] }));
  const totals = Object.fromEntries(COMPLIANCE.map((c) => [c, bars.reduce((s, b) => s + b[c], 0)]));

  return (
    <div className="stack">
      <AutoRefresh />
      <div className="page-head">
        <h1>{t("firmware.title")}</h1>
        <p className="muted">{t("firmware.policy", { min: policy.minFirmware, blocked: policy.blockedFirmware.join(", ") || t("overview.none") })}</p>
      </div>
      <div className="stats">
        {COMPLIANCE.map((c) => (
          <Link key={c} href={terminalsHref({ compliance: c })} className="stat" style={{ ["--accent" as string]: COMPLIANCE_COLOR[c] }} data-testid={`fw-compliance-${c}`}>
            <span className="stat-label">{t(`enums.compliance.${c}`)}</span>
            <span className="stat-value">{format.number(totals[c] ?? 0)}</span>
          </Link>
        ))}
      </div>
      <BatteryReplaceCard scope={scope} now={now} testId="fw-batteries-to-replace" />
      <div className="grid-2">
        <Card title={t("firmware.versions")}>
          <StackedBarChart
            testId="versions-chart"
            series={series}
            height={260}
            data={bars.map((b) => ({
              label: b.firmware, ok: b.ok, below_min: b.below_min, blocked: b.blocked,
              hrefs: Object.fromEntries(COMPLIANCE.map((c) => [c, terminalsHref({ firmware: b.firmware })])),
            }))}
          />
        </Card>
        <Card title={t("firmware.adoption")}>
          {adoption.points.length === 0 ? <p className="muted">{t("firmware.noAdoption")}</p> : <AdoptionChart series={adoption} />}
        </Card>
      </div>
      <Card title={t("firmware.byModel")}>
        <Table
          label={t("firmware.byModel")}
          testId="firmware-matrix"
          compact
          rows={bars.map((b) => ({ ...b, compliance: COMPLIANCE.find((c) => b[c] > 0) ?? "ok" }))}
          rowKey={(b) => b.firmware}
          rowData={(b) => ({ "data-firmware": b.firmware })}
          columns={[
            { key: "version", header: t("firmware.version"), className: "mono", keep: true, cell: (b) => b.firmware },
            { key: "compliance", header: t("firmware.compliance"), keep: true, cell: (b) => <Badge color={COMPLIANCE_COLOR[b.compliance]}>{t(`enums.compliance.${b.compliance}`)}</Badge> },
            ...models.map((m) => ({
              key: `model-${m}`,
              header: m,
              num: true,
              cell: (b: { firmware: string }) => (count(b.firmware, m) > 0 ? <Link href={terminalsHref({ firmware: b.firmware, model: m })}>{format.number(count(b.firmware, m))}</Link> : <span className="muted">0</span>),
            })),
            { key: "total", header: t("firmware.total"), num: true, cell: (b) => <Link href={terminalsHref({ firmware: b.firmware })} data-testid={`fw-total-${b.firmware}`}>{format.number(b.total)}</Link> },
          ]}
        />
      </Card>
    </div>
  );
}
