import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { breakdownByAgent, breakdownByCity, fleetSummary } from "@/db/queries/overview";
import { topCodes } from "@/lib/fleet/top-codes";
import { firmwareByModel } from "@/db/queries/firmware";
import { categoryTrend, TREND_RANGES, type TrendRange } from "@/db/queries/trends";
import { requireScope } from "@/lib/auth/current";
import { toCategoryStack, toVersionBars } from "@/lib/ui/charts/shape";
import { AutoRefresh } from "@/app/_components/auto-refresh";
import { EmptyState } from "@/app/_components/ui";
import { OverviewView } from "./_overview/overview-view";
import { ActivityCard } from "../activity/activity-card";
import { BatteryReplaceCard } from "../batteries/replace-card";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("overview"))("title") };
}

export default async function OverviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const scope = await requireScope();
  const sp = await searchParams;
  const range: TrendRange = (TREND_RANGES as readonly string[]).includes(String(sp.range)) ? (sp.range as TrendRange) : "24h";
  const db = getDb();
  const now = Date.now();
  const summary = await fleetSummary(db, scope);
  const t = await getTranslations("overview");
  if (summary.total === 0) {
    return (
      <>
        <AutoRefresh />
        <h1>{t("title")}</h1>
        <EmptyState title={t("emptyTitle")} body={t("emptyBody")} />
      </>
    );
  }
  const [models, trend, codes, byAgent, byCity] = await Promise.all([
    firmwareByModel(db, scope),
    categoryTrend(db, scope, { range, now }),
    topCodes(db, scope, { now }),
    breakdownByAgent(db, scope),
    breakdownByCity(db, scope),
  ]);
  return (
    <>
      <AutoRefresh />
      <OverviewView
        now={now}
        range={range}
        scopeAgentId={scope.agentId}
        summary={summary}
        versions={toVersionBars(models)}
        trend={toCategoryStack(trend, range, now)}
        codes={codes}
        byAgent={byAgent}
        byCity={byCity}
      />
      <ActivityCard scope={scope} now={now} />
      <BatteryReplaceCard scope={scope} now={now} testId="overview-batteries-to-replace" />
    </>
  );
}
