import { getFormatter, getTranslations } from "next-intl/server";
import type { DeliveryLogRow } from "@/db/queries/alerts-channels";
import { Badge } from "@/app/_components/ui";

/** Every attempt, newest first: when, which message, which try, what the receiver said. */
export async function DeliveryLog({ rows }: { rows: DeliveryLogRow[] }) {
  const t = await getTranslations("channels");
  const format = await getFormatter();
  if (rows.length === 0) return <p className="muted">{t("log.empty")}</p>;
  return (
    <div className="table-wrap">
      <table className="table compact" data-testid="delivery-log">
        <thead>
          <tr><th>{t("log.at")}</th><th>{t("log.channel")}</th><th>{t("log.message")}</th><th>{t("log.attempt")}</th><th>{t("log.result")}</th><th>{t("log.http")}</th><th>{t("log.error")}</th><th>{t("log.duration")}</th></tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>{format.dateTime(new Date(r.at), "full")}</td>
              <td>{r.channelName}</td>
              <td><span className="clip" title={r.idempotencyKey}>{r.kind === "test" ? `${t("log.test")} · ` : ""}{r.title}</span></td>
              <td className="num">{r.attempt}</td>
              <td><Badge color={r.ok ? "#16a34a" : r.gaveUp ? "#7f1d1d" : "#dc2626"}>{r.ok ? t("ok") : r.gaveUp ? t("gaveUp") : t("failed")}</Badge></td>
              <td className="num">{r.httpStatus ?? "—"}</td>
              <td><span className="clip" title={r.error ?? ""}>{r.error ?? ""}</span></td>
              <td className="num">{r.durationMs} ms</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
