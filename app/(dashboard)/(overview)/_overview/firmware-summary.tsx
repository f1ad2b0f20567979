import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { COMPLIANCE, type Compliance } from "@/db/queries/buckets";
import type { FleetSummary } from "@/db/queries/overview";
import { terminalsHref } from "@/db/queries/terminal-filters";
import { COMPLIANCE_COLOR } from "@/lib/ui/colors";
import type { VersionBar } from "@/lib/ui/charts/shape";
import { StackedBarChart } from "@/app/_components/charts/stacked-bar-chart";
import { Card } from "@/app/_components/ui";

/** Compliance counts of the fleet against the firmware policy, each linking to its terminals. */
export async function FirmwareSummary({ summary, versions }: { summary: FleetSummary; versions: VersionBar[] }) {
  const t = await getTranslations();
  const format = await getFormatter();
  const blocked = summary.policy.blockedFirmware.join(", ") || t("overview.none");
  return (
    <Card title={t("overview.firmware")} actions={<Link href="/firmware" className="small">{t("common.viewAll")} →</Link>}>
      <p className="muted small">{t("overview.firmwarePolicy", { min: summary.policy.minFirmware, blocked })}</p>
      <ul className="meter-list" data-testid="compliance">
        {COMPLIANCE.map((c: Compliance) => {
          const v = summary.compliance[c];
          const share = summary.total ? v / summary.total : 0;
          return (
            <li key={c}>
              <Link href={terminalsHref({ compliance: c })} data-testid={`compliance-${c}`}>
                <span className="meter-label"><span className="swatch" style={{ background: COMPLIANCE_COLOR[c] }} />{t(`enums.compliance.${c}`)}</span>
                <span className="meter-value">{format.number(v)}</span>
              </Link>
              <span className="meter"><span style={{ width: `${share * 100}%`, background: COMPLIANCE_COLOR[c] }} /></span>
            </li>
          );
        })}
      </ul>
      <StackedBarChart
        testId="firmware-chart"
        height={170}
        layout="vertical"
        series={COMPLIANCE.map((c) => ({ key: c, label: t(`enums.compliance.${c}`), color: COMPLIANCE_COLOR[c] }))}
        data={versions.map((v) => ({
          label: v.firmware, ok: v.ok, below_min: v.below_min, blocked: v.blocked,
          hrefs: Object.fromEntries(COMPLIANCE.map((c) => [c, terminalsHref({ firmware: v.firmware })])),
        }))}
      />
    </Card>
  );
}
