import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { Table } from "@/app/_components/table";
import { Card, EmptyState } from "@/app/_components/ui";
import { getDb } from "@/db/client";
import { listOwnApiTokens } from "@/lib/auth/api-tokens";
import { settingsCaller } from "../_lib/guard";
import { RowAction } from "@/app/_components/form";
import { CreateTokenForm } from "./create-form";
import { revokeTokenAction } from "./actions";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings.tokens"))("title") };
}

export default async function TokensPage() {
  const { scope } = await settingsCaller("/settings/tokens", "tokens:own");
  const t = await getTranslations("settings.tokens");
  const c = await getTranslations("settings.common");
  const f = await getFormatter();
  const tokens = await listOwnApiTokens(getDb(), scope);
  const when = (ms: number | null) => (ms === null ? c("never") : f.dateTime(new Date(ms), "short"));
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="muted">{t("intro")}</p>
      <Card title={t("create")}>
        <CreateTokenForm />
      </Card>
      <Card title={t("list")}>
        {tokens.length === 0 ? (
          <EmptyState title={t("none")} body={t("noneBody")} />
        ) : (
          <Table
            label={t("list")}
            testId="tokens-table"
            rows={tokens}
            rowKey={(k) => k.id}
            columns={[
              { key: "label", header: c("label"), cell: (k) => k.label, clip: (k) => k.label },
              { key: "prefix", header: c("prefix"), cell: (k) => `${k.prefix}…`, keep: true, className: "mono" },
              { key: "created", header: c("created"), cell: (k) => when(k.createdAt), keep: true },
              { key: "lastUsed", header: c("lastUsed"), cell: (k) => when(k.lastUsedAt), keep: true },
              { key: "status", header: c("status"), cell: (k) => (k.revokedAt === null ? c("active") : c("revokedAt", { time: when(k.revokedAt) })) },
              { key: "actions", header: c("actions"), hideHeader: true, cell: (k) => k.revokedAt === null && <RowAction action={revokeTokenAction} id={k.id} label={c("revoke")} confirm={c("confirmRevoke")} /> },
            ]}
          />
        )}
      </Card>
    </>
  );
}
