import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
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
          <div className="table-wrap">
            <table className="table" data-testid="keys-table">
              <thead>
                <tr>
                  <th>{c("label")}</th>
                  <th>{t("agent")}</th>
                  <th>{c("prefix")}</th>
                  <th>{c("created")}</th>
                  <th>{c("lastUsed")}</th>
                  <th>{c("status")}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {keys.map((k) => (
                  <tr key={k.id}>
                    <td>{k.label}</td>
                    <td>{k.agentCode}</td>
                    <td className="mono">{k.prefix}…</td>
                    <td>{when(k.createdAt)}</td>
                    <td>{when(k.lastUsedAt)}</td>
                    <td>{k.revokedAt === null ? c("active") : c("revokedAt", { time: when(k.revokedAt) })}</td>
                    <td>{k.revokedAt === null && <RowAction action={revokeKeyAction} id={k.id} label={c("revoke")} confirm={c("confirmRevoke")} />}</td>
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
