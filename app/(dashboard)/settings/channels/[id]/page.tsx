import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { deliveryLog, listChannels } from "@/db/queries/alerts-channels";
import { listAgentsInScope } from "@/db/queries/auth-users";
import { Card } from "@/app/_components/ui";
import { settingsCaller } from "../../_lib/guard";
import { ChannelForm, TestButton } from "../channel-form";
import { DeliveryLog } from "../delivery-log";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("channels"))("edit") };
}

export default async function ChannelPage({ params }: Props) {
  const raw = (await params).id;
  const { scope } = await settingsCaller(`/settings/channels/${raw}`, "channels:manage");
  const db = getDb();
  const c = (await listChannels(db, scope)).find((x) => x.id === Number(raw));
  if (!c) notFound();
  const t = await getTranslations("channels");
  const [agentRows, log] = await Promise.all([listAgentsInScope(db, scope), deliveryLog(db, scope, { channelId: c.id, limit: 200 })]);
  const agents = agentRows.map((a) => ({ id: a.id, label: `${a.name} (${a.code})` }));
  return (
    <>
      <p><Link href="/settings/channels">← {t("back")}</Link></p>
      <h1>{c.name}</h1>
      <Card title={t("edit")} actions={<TestButton id={c.id} />}>
        <ChannelForm agents={agents} initial={{ ...c, id: c.id }} />
      </Card>
      <Card title={t("log.title")}>
        <DeliveryLog rows={log} />
      </Card>
    </>
  );
}
