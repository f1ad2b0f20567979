import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import type { CodeStat } from "@/lib/fleet/top-codes";
import { terminalsHref } from "@/db/queries/terminal-filters";
import { CATEGORY_COLOR } from "@/lib/ui/colors";
import { Badge, Card } from "@/app/_components/ui";

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
          <div className="table-wrap">
            <table className="table compact" data-testid="top-codes">
              <thead>
                <tr>
                  <th>{t("overview.code")}</th>
                  <th>{t("overview.meaning")}</th>
                  <th>{t("overview.codeCategory")}</th>
                  <th className="num">{t("overview.occurrences")}</th>
                  <th className="num">{t("overview.terminalsNow")}</th>
                </tr>
              </thead>
              <tbody>
                {codes.problem.map((c) => (
                  <tr key={c.code} data-code={c.code}>
                    <td className="mono">{c.code}</td>
                    <td>{meaning(c)}</td>
                    <td><Badge color={color(c)}>{t(`enums.codeCategory.${c.category}`)}</Badge></td>
                    <td className="num">{format.number(c.occurrences)}</td>
                    <td className="num">
                      <Link href={terminalsHref({ code: c.code })} data-testid={`code-${c.code}`}>{format.number(c.terminalsNow)}</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <Card title={t("overview.otherCodes")}>
        {codes.other.length === 0 ? (
          <p className="muted">{t("overview.noCodes")}</p>
        ) : (
          <div className="table-wrap">
            <table className="table compact" data-testid="other-codes">
              <thead>
                <tr>
                  <th>{t("overview.code")}</th>
                  <th>{t("overview.meaning")}</th>
                  <th>{t("overview.codeCategory")}</th>
                  <th className="num">{t("overview.occurrences")}</th>
                </tr>
              </thead>
              <tbody>
                {codes.other.map((c) => (
                  <tr key={c.code}>
                    <td className="mono">{c.code}</td>
                    <td>{meaning(c)}</td>
                    <td className="muted">{t(`enums.codeCategory.${c.category}`)}</td>
                    <td className="num">{format.number(c.occurrences)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
