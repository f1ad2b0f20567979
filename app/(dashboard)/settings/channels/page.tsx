import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { deliveryLog, listChannels } from "@/db/queries/alerts-channels";
import { listAgentsInScope } from "@/db/queries/auth-users";
import { Badge, Card, EmptyState } from "@/app/_components/ui";
import { settingsCaller } from "../_lib/guard";
import { RowAction } from "@/app/_components/form";
import { deleteChannelAction } from "./actions";
import { ChannelForm, TestButton } from "./channel-form";
import { DeliveryLog } from "./delivery-log";
import { Table } from "@/app/_components/table";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("channels"))("title") };
}

export default async function ChannelsPage() {
  const { scope } = await settingsCaller("/settings/channels", "channels:manage");
  const db = getDb();
  const t = await getTranslations("channels");
  const te = await getTranslations("enums");
  const format = await getFormatter();
  const [channels, agentRows, log] = await Promise.all([listChannels(db, scope), listAgentsInScope(db, scope), deliveryLog(db, scope, { limit: 100 })]);
  const agents = agentRows.map((a) => ({ id: a.id, label: `${a.name} (${a.code})` }));
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="muted">{t("lead")}</p>
      <Card title={t("columns.name")}>
        {channels.length === 0 ? (
          <EmptyState title={t("empty.title")} body={t("empty.body")} />
        ) : (
          <Table
            label={t("title")}
            testId="channels-table"
            rows={channels}
            rowKey={(c) => c.id}
            columns={[
              {
                key: "name",
                header: t("columns.name"),
                cell: (c) => (
                  <>
                    <Link href={`/settings/channels/${c.id}`}>{c.name}</Link>
                    <div className="small muted mono">{c.maskedUrl}</div>
                  </>
                ),
              },
              { key: "kind", header: t("columns.kind"), cell: (c) => <>{t(`kind.${c.kind}`)}{c.enabled ? null : <> <Badge color="#94a3b8">{t("disabled")}</Badge></>}</> },
              { key: "agent", header: t("columns.agent"), cell: (c) => c.agentName, clip: (c) => c.agentName },
              {
                key: "filters",
                header: t("columns.filters"),
                className: "small",
                cell: (c) => <>{t("atLeast", { severity: te(`severity.${c.minSeverity}`) })} · {c.categories.length ? c.categories.map((x) => te(`category.${x}`)).join("、") : t("allCategories")} · {c.windowSeconds}s</>,
              },
              {
                key: "status",
                header: t("columns.status"),
                className: "small",
                cell: (c) => (
                  <>
                    {c.lastAttemptAt === null ? t("never") : <Badge color={c.lastAttemptOk ? "#16a34a" : "#dc2626"}>{c.lastAttemptOk ? t("ok") : t("failed")} {format.dateTime(new Date(c.lastAttemptAt), "short")}</Badge>}
                    {c.pending > 0 && <div className="muted">{t("pending", { count: c.pending })}</div>}
                  </>
                ),
              },
              {
                key: "actions",
                header: t("columns.actions"),
                className: "badges",
                cell: (c) => (
                  <>
                    <TestButton id={c.id} />
                    <RowAction action={deleteChannelAction} id={c.id} label={t("delete")} confirm={t("confirmDelete")} />
                  </>
                ),
              },
            ]}
          />
        )}
      </Card>
      <Card title={t("new")}>
        <ChannelForm agents={agents} />
      </Card>
      <Card title={t("log.title")}>
        <DeliveryLog rows={log} />
      </Card>
    </>
  );
}
