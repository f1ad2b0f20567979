import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import type { CodeStat } from "@/lib/fleet/top-codes";
import { terminalsHref } from "@/db/queries/terminal-filters";
import { CATEGORY_COLOR } from "@/lib/ui/colors";
import { Badge, Card } from "@/app/_components/ui";
import { Table } from "@/app/_components/table";

/** Top problem codes with their meaning; cardholder/none outcomes listed apart, smaller. */
export async function CodesTable({ codes }: { codes: { problem: CodeStat[]; other: CodeStat[] } }) {
  const t = await getTranslations();
  const format = await getFormatter();
  const zh = (await getLocale()) === "zh-CN";
  const meaning = (c: CodeStat) => (c.meaning ? (zh ? c.meaning.zh : c.meaning.en) : t("common.notAvailable"));
  const color = (c: CodeStat) => (c.category in CATEGORY_COLOR ? CATEGORY_COLOR[c.category as keyof typeof CATEGORY_COLOR] : "#94a3b8");
  return (
    <div className="grid-2">
      <Card title={t("overview.topCodes")}>
        {codes.problem.length === 0 ? (
          <p className="muted">{t("overview.noCodes")}</p>
        ) : (
          <Table
            label={t("overview.topCodes")}
            testId="top-codes"
            compact
            rows={codes.problem}
            rowKey={(c) => c.code}
            rowData={(c) => ({ "data-code": c.code })}
            columns={[
              { key: "code", header: t("overview.code"), className: "mono", keep: true, cell: (c) => c.code },
              { key: "meaning", header: t("overview.meaning"), cell: (c) => meaning(c), clip: (c) => meaning(c) },
              { key: "category", header: t("overview.codeCategory"), keep: true, cell: (c) => <Badge color={color(c)}>{t(`enums.codeCategory.${c.category}`)}</Badge> },
              { key: "occurrences", header: t("overview.occurrences"), num: true, cell: (c) => format.number(c.occurrences) },
              { key: "terminals", header: t("overview.terminalsNow"), num: true, cell: (c) => <Link href={terminalsHref({ code: c.code })} data-testid={`code-${c.code}`}>{format.number(c.terminalsNow)}</Link> },
            ]}
          />
        )}
      </Card>
      <Card title={t("overview.otherCodes")}>
        {codes.other.length === 0 ? (
          <p className="muted">{t("overview.noCodes")}</p>
        ) : (
          <Table
            label={t("overview.otherCodes")}
            testId="other-codes"
            compact
            rows={codes.other}
            rowKey={(c) => c.code}
            columns={[
              { key: "code", header: t("overview.code"), className: "mono", keep: true, cell: (c) => c.code },
              { key: "meaning", header: t("overview.meaning"), cell: (c) => meaning(c), clip: (c) => meaning(c) },
              { key: "category", header: t("overview.codeCategory"), className: "muted", cell: (c) => t(`enums.codeCategory.${c.category}`) },
              { key: "occurrences", header: t("overview.occurrences"), num: true, cell: (c) => format.number(c.occurrences) },
            ]}
          />
        )}
      </Card>
    </div>
  );
}
