import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { Table } from "@/app/_components/table";
import { Card, EmptyState } from "@/app/_components/ui";
import { getDb } from "@/db/client";
import { listAgentsInScope } from "@/db/queries/auth-users";
import { listKeys } from "@/lib/auth/ingest-key-admin";
import { settingsCaller } from "../_lib/guard";
import { RowAction } from "@/app/_components/form";
import { revokeKeyAction } from "./actions";
import { CreateKeyForm } from "./create-form";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings.keys"))("title") };
}

export default async function KeysPage() {
  const { scope } = await settingsCaller("/settings/keys", "keys:manage");
  const t = await getTranslations("settings.keys");
  const c = await getTranslations("settings.common");
  const f = await getFormatter();
  const db = getDb();
  const [keys, agentRefs] = await Promise.all([listKeys(db, scope), listAgentsInScope(db, scope)]);
  const agents = agentRefs.map((a) => ({ code: a.code, label: `${a.name} (${a.code})` }));
  const when = (ms: number | null) => (ms === null ? c("never") : f.dateTime(new Date(ms), "short"));
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="muted">{t("intro")}</p>
      <Card title={t("create")}>
        <CreateKeyForm agents={agents} />
      </Card>
      <Card title={t("list")}>
        {keys.length === 0 ? (
          <EmptyState title={t("none")} body={t("noneBody")} />
        ) : (
          <Table
            label={t("list")}
            testId="keys-table"
            rows={keys}
            rowKey={(k) => k.id}
            columns={[
              { key: "label", header: c("label"), cell: (k) => k.label, clip: (k) => k.label },
              { key: "agent", header: t("agent"), cell: (k) => k.agentCode, keep: true },
              { key: "prefix", header: c("prefix"), cell: (k) => `${k.prefix}…`, keep: true, className: "mono" },
              { key: "created", header: c("created"), cell: (k) => when(k.createdAt), keep: true },
              { key: "lastUsed", header: c("lastUsed"), cell: (k) => when(k.lastUsedAt), keep: true },
              { key: "status", header: c("status"), cell: (k) => (k.revokedAt === null ? c("active") : c("revokedAt", { time: when(k.revokedAt) })) },
              { key: "actions", header: c("actions"), hideHeader: true, cell: (k) => k.revokedAt === null && <RowAction action={revokeKeyAction} id={k.id} label={c("revoke")} confirm={c("confirmRevoke")} /> },
            ]}
          />
        )}
      </Card>
    </>
  );
}
