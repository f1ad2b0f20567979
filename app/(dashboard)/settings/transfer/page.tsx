import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { Card, EmptyState } from "@/app/_components/ui";
import { getDb } from "@/db/client";
import { listTransfers } from "@/db/queries/auth-onboarding";
import { listAgentsInScope } from "@/db/queries/auth-users";
import { settingsCaller } from "../_lib/guard";
import { TransferForm } from "./transfer-form";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings.transfer"))("title") };
}

export default async function TransferPage({ searchParams }: { searchParams: Promise<{ sn?: string }> }) {
  const { scope } = await settingsCaller("/settings/transfer", "fleet:transfer");
  const t = await getTranslations("settings.transfer");
  const f = await getFormatter();
  const db = getDb();
  const [agentRefs, recent] = await Promise.all([listAgentsInScope(db, scope), listTransfers(db, scope)]);
  const agents = agentRefs.map((a) => ({ code: a.code, label: `${a.name} (${a.code})` }));
  const sn = (await searchParams).sn;
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="muted">{t("intro")}</p>
      <Card title={t("form")}>
        <TransferForm agents={agents} serials={typeof sn === "string" ? sn.slice(0, 2000) : ""} />
      </Card>
      <Card title={t("recent")}>
        {recent.length === 0 ? (
          <EmptyState title={t("none")} body={t("noneBody")} />
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="transfers-table">
              <thead>
                <tr>
                  <th>{t("when")}</th>
                  <th>{t("serial")}</th>
                  <th>{t("from")}</th>
                  <th>{t("to")}</th>
                  <th>{t("who")}</th>
                  <th>{t("note")}</th>
                </tr>
              </thead>
              <tbody>
                {recent.map((r) => (
                  <tr key={r.id}>
                    <td>{f.dateTime(new Date(r.at), "short")}</td>
                    <td className="mono">{r.sn}</td>
                    <td>{r.fromCode}</td>
                    <td>{r.toCode}</td>
                    <td>{r.actor ?? "system"}</td>
                    <td>{r.note}</td>
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
