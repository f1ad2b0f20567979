import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import type { BreakdownRow } from "@/db/queries/overview";
import { terminalsHref } from "@/db/queries/terminal-filters";
import { rate } from "@/lib/ui/charts/shape";
import { Card } from "@/app/_components/ui";

interface Props {
  title: string;
  keyLabel: string;
  rows: BreakdownRow[];
  kind: "agent" | "city";
}

/** Terminals, problems and offline per sub-agent or city, with the problem rate as a bar. */
export async function BreakdownTable({ title, keyLabel, rows, kind }: Props) {
  const t = await getTranslations("overview");
  const format = await getFormatter();
  const filter = (r: BreakdownRow) =>
    kind === "city" ? { city: r.label } : { agent: r.agentId ?? undefined, subtree: r.direct ? "0" : undefined };
  return (
    <Card title={title}>
      <div className="table-wrap">
        <table className="table compact" data-testid={`breakdown-${kind}`}>
          <thead>
            <tr>
              <th>{keyLabel}</th>
              <th className="num">{t("terminalsCol")}</th>
              <th className="num">{t("problemsCol")}</th>
              <th className="num">{t("offlineCol")}</th>
              <th>{t("rateCol")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const share = rate(r.problems, r.terminals);
              return (
                <tr key={r.key} data-key={r.label}>
                  <td>{r.direct ? t("own", { name: r.label }) : r.label}</td>
                  <td className="num"><Link href={terminalsHref(filter(r))}>{format.number(r.terminals)}</Link></td>
                  <td className="num"><Link href={terminalsHref({ ...filter(r), problem: "1" })}>{format.number(r.problems)}</Link></td>
                  <td className="num"><Link href={terminalsHref({ ...filter(r), status: "offline" })}>{format.number(r.offline)}</Link></td>
                  <td className="rate">
                    <span className="meter"><span style={{ width: `${share * 100}%` }} /></span>
                    <span className="num">{format.number(share, "percent")}</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
