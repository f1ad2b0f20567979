import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import type { BreakdownRow } from "@/db/queries/overview";
import { terminalsHref } from "@/db/queries/terminal-filters";
import { rate } from "@/lib/ui/charts/shape";
import { Card } from "@/app/_components/ui";
import { Table } from "@/app/_components/table";

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
      <Table
        label={title}
        testId={`breakdown-${kind}`}
        compact
        rows={rows.map((r) => ({ ...r, share: rate(r.problems, r.terminals) }))}
        rowKey={(r) => r.key}
        rowData={(r) => ({ "data-key": r.label })}
        columns={[
          { key: "key", header: keyLabel, cell: (r) => (r.direct ? t("own", { name: r.label }) : r.label), clip: (r) => r.label },
          { key: "terminals", header: t("terminalsCol"), num: true, cell: (r) => <Link href={terminalsHref(filter(r))}>{format.number(r.terminals)}</Link> },
          { key: "problems", header: t("problemsCol"), num: true, cell: (r) => <Link href={terminalsHref({ ...filter(r), problem: "1" })}>{format.number(r.problems)}</Link> },
          { key: "offline", header: t("offlineCol"), num: true, cell: (r) => <Link href={terminalsHref({ ...filter(r), status: "offline" })}>{format.number(r.offline)}</Link> },
          {
            key: "rate",
            header: t("rateCol"),
            className: "rate",
            keep: true,
            cell: (r) => (
              <>
                <span className="meter"><span style={{ width: `${r.share * 100}%` }} /></span>
                <span className="num">{format.number(r.share, "percent")}</span>
              </>
            ),
          },
        ]}
      />
    </Card>
  );
}
