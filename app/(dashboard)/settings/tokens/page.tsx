import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
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
          <div className="table-wrap">
            <table className="table" data-testid="tokens-table">
              <thead>
                <tr>
                  <th>{c("label")}</th>
                  <th>{c("prefix")}</th>
                  <th>{c("created")}</th>
                  <th>{c("lastUsed")}</th>
                  <th>{c("status")}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {tokens.map((k) => (
                  <tr key={k.id}>
                    <td>{k.label}</td>
                    <td className="mono">{k.prefix}…</td>
                    <td>{when(k.createdAt)}</td>
                    <td>{when(k.lastUsedAt)}</td>
                    <td>{k.revokedAt === null ? c("active") : c("revokedAt", { time: when(k.revokedAt) })}</td>
                    <td>{k.revokedAt === null && <RowAction action={revokeTokenAction} id={k.id} label={c("revoke")} confirm={c("confirmRevoke")} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
