import { getFormatter, getTranslations } from "next-intl/server";
import type { BatteryWearRow } from "@/lib/domain/battery";
import type { WearChart } from "@/lib/ui/charts/battery-wear";
import { BatteryWearChart } from "@/app/_components/charts/battery-wear-chart";
import { Card } from "@/app/_components/ui";

/** A terminal's battery wear: the chart of daily discharge with its trend and predicted day, and a caption saying it in words. */
export async function BatteryWearCard({ chart, wear }: { chart: WearChart; wear: BatteryWearRow | null }) {
  const t = await getTranslations("battery");
  const format = await getFormatter();
  const day = (ms: number) => format.dateTime(new Date(ms), "day");
  const n = (v: number | null, digits = 1) => format.number(v ?? 0, { maximumFractionDigits: digits });
  let caption: string;
  if (!wear) caption = t("captionNone");
  else if (wear.status === "unknown") caption = wear.reason === "always-charging" ? t("captionAlwaysCharging") : t("captionTooLittle", { days: wear.days });
  else if (wear.predictedAt === null) caption = t("captionSteady", { rate: n(wear.ratePerHour), days: wear.days, hours: n(wear.tradingHours) });
  else {
    const values = {
      rate: n(wear.ratePerHour), trend: n((wear.slopePerDay ?? 0) * 7, 2), days: wear.days, threshold: n(wear.thresholdRate), hours: n(wear.tradingHours),
      date: day(wear.predictedAt), from: day(wear.earliestAt ?? wear.predictedAt),
    };
    caption = wear.latestAt === null ? t("captionWearingOpen", values) : t("captionWearing", { ...values, to: day(wear.latestAt) });
  }
  return (
    <Card title={t("title")}>
      <BatteryWearChart
        chart={chart}
        labels={{ rate: t("rate"), fit: t("fit"), threshold: t("threshold"), predicted: t("predicted"), band: t("band"), empty: t("empty") }}
      />
      <p className="muted small" data-testid="battery-wear-caption">
        {caption}
        {wear ? ` ${t("estimatedAt", { time: format.dateTime(new Date(wear.computedAt), "short") })}` : ""}
      </p>
    </Card>
  );
}
