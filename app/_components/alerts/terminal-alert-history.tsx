// The alert history of one terminal, for the terminal detail page:
//   <TerminalAlertHistory sn={sn} />
// Reads with the signed-in person's scope; a terminal outside it shows an empty history.
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { terminalAlertHistory } from "@/db/queries/alerts-detail";
import { requireScope } from "@/lib/auth/current";
import { CATEGORY_COLOR, SEVERITY_COLOR } from "@/lib/ui/colors";
import { Badge, Card } from "@/app/_components/ui";
import { ALERT_STATUS_COLOR } from "./colors";
import { Table } from "@/app/_components/table";

export async function TerminalAlertHistory({ sn, limit = 20 }: { sn: string; limit?: number }) {
  const scope = await requireScope();
  const rows = await terminalAlertHistory(getDb(), scope, sn, limit);
  const t = await getTranslations("alerts");
  const te = await getTranslations("enums");
  const format = await getFormatter();
  const when = (ms: number | null) => (ms === null ? "—" : format.dateTime(new Date(ms), "short"));
  return (
    <Card title={t("history.title")}>
      {rows.length === 0 ? (
        <p className="muted" data-testid="alert-history-empty">{t("history.empty")}</p>
      ) : (
        <Table
          label={t("history.title")}
          testId="alert-history"
          compact
          rows={rows}
          rowKey={(r) => r.id}
          columns={[
            { key: "alert", header: t("columns.alert"), keep: true, cell: (r) => <Link href={`/alerts/${r.id}`}>#{r.id}</Link> },
            {
              key: "status",
              header: t("columns.status"),
              className: "badges",
              cell: (r) => (
                <>
                  <Badge color={SEVERITY_COLOR[r.severity]}>{te(`severity.${r.severity}`)}</Badge>
                  <Badge color={CATEGORY_COLOR[r.category]}>{te(`category.${r.category}`)}</Badge>
                  <Badge color={ALERT_STATUS_COLOR[r.status]}>{t(`status.${r.status}`)}</Badge>
                </>
              ),
            },
            { key: "first", header: t("history.first"), keep: true, cell: (r) => when(r.firstSeenAt) },
            { key: "resolved", header: t("history.resolved"), cell: (r) => (r.resolvedAt !== null ? `${when(r.resolvedAt)}${r.resolution ? ` · ${t(`resolution.${r.resolution}`)}` : ""}` : "") },
            { key: "events", header: t("history.title"), hideHeader: true, className: "muted", cell: (r) => `${r.reopenCount > 0 ? t("history.reopened", { count: r.reopenCount }) : ""} ${t("history.events", { count: r.events })}` },
          ]}
        />
      )}
    </Card>
  );
}
