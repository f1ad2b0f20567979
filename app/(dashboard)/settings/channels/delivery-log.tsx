import { getFormatter, getTranslations } from "next-intl/server";
import type { DeliveryLogRow } from "@/db/queries/alerts-channels";
import { Badge } from "@/app/_components/ui";
import { Table } from "@/app/_components/table";

/** Every attempt, newest first: when, which message, which try, what the receiver said. */
export async function DeliveryLog({ rows }: { rows: DeliveryLogRow[] }) {
  const t = await getTranslations("channels");
  const format = await getFormatter();
  if (rows.length === 0) return <p className="muted">{t("log.empty")}</p>;
  return (
    <Table
      label={t("log.title")}
      testId="delivery-log"
      compact
      rows={rows}
      rowKey={(r) => r.id}
      columns={[
        { key: "at", header: t("log.at"), cell: (r) => format.dateTime(new Date(r.at), "full"), keep: true },
        { key: "channel", header: t("log.channel"), cell: (r) => r.channelName, clip: (r) => r.channelName },
        { key: "message", header: t("log.message"), cell: (r) => `${r.kind === "test" ? `${t("log.test")} · ` : ""}${r.title}`, clip: (r) => `${r.title} (${r.idempotencyKey})` },
        { key: "attempt", header: t("log.attempt"), num: true, cell: (r) => r.attempt },
        { key: "result", header: t("log.result"), keep: true, cell: (r) => <Badge color={r.ok ? "#16a34a" : r.gaveUp ? "#7f1d1d" : "#dc2626"}>{r.ok ? t("ok") : r.gaveUp ? t("gaveUp") : t("failed")}</Badge> },
        { key: "http", header: t("log.http"), num: true, cell: (r) => r.httpStatus ?? "—" },
        { key: "error", header: t("log.error"), cell: (r) => r.error ?? "", clip: (r) => r.error ?? "" },
        { key: "duration", header: t("log.duration"), num: true, cell: (r) => `${r.durationMs} ms` },
      ]}
    />
  );
}
