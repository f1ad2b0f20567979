import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { batteriesToReplace } from "@/db/queries/battery";
import { requireScope } from "@/lib/auth/current";
import { REPLACE_WINDOW_DAYS } from "@/lib/domain/battery";
import { DAY_MS, shanghaiDayStart } from "@/lib/domain/time";
import { Table } from "@/app/_components/table";
import { Card, EmptyState } from "@/app/_components/ui";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("battery"))("listTitle") };
}

/** Batteries predicted to stop lasting a trading day within the month, soonest first. */
export default async function BatteriesPage() {
  const scope = await requireScope();
  const now = Date.now();
  const rows = await batteriesToReplace(getDb(), scope, now, REPLACE_WINDOW_DAYS);
  const t = await getTranslations("battery");
  const format = await getFormatter();
  const day = (ms: number) => format.dateTime(new Date(ms), "day");
  const n = (v: number | null, digits = 1) => (v === null ? "–" : format.number(v, { maximumFractionDigits: digits }));
  const today = shanghaiDayStart(now);
  return (
    <div className="stack">
      <div className="page-head">
        <Link href="/firmware" className="small">← {t("backToFirmware")}</Link>
        <h1>{t("listTitle")}</h1>
        <p className="muted">{t("listIntro", { days: REPLACE_WINDOW_DAYS })}</p>
      </div>
      <Card title={t("toReplace")}>
        {rows.length === 0 ? (
          <EmptyState title={t("listEmpty", { days: REPLACE_WINDOW_DAYS })} body="" />
        ) : (
          <Table
            label={t("listTitle")}
            testId="batteries-to-replace"
            rows={rows}
            rowKey={(r) => r.sn}
            columns={[
              { key: "sn", header: t("sn"), className: "mono", keep: true, cell: (r) => <Link href={`/terminals/${encodeURIComponent(r.sn)}`}>{r.sn}</Link> },
              { key: "merchant", header: t("merchant"), cell: (r) => r.merchant },
              { key: "city", header: t("city"), cell: (r) => r.city },
              { key: "predicted", header: t("predictedDay"), keep: true, cell: (r) => `${day(r.predictedAt)} (${t("inDays", { days: Math.max(0, Math.round((r.predictedAt - today) / DAY_MS)) })})` },
              { key: "range", header: t("range"), cell: (r) => (r.latestAt === null ? t("openRange", { from: day(r.earliestAt ?? r.predictedAt) }) : `${day(r.earliestAt ?? r.predictedAt)} – ${day(r.latestAt)}`) },
              { key: "rate", header: t("ratePerHour"), num: true, cell: (r) => n(r.ratePerHour) },
              { key: "trend", header: t("trendPerWeek"), num: true, cell: (r) => n(r.slopePerDay === null ? null : r.slopePerDay * 7, 2) },
            ]}
          />
        )}
      </Card>
    </div>
  );
}
