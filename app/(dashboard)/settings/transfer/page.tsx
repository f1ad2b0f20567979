import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { Card, EmptyState } from "@/app/_components/ui";
import { getDb } from "@/db/client";
import { listTransfers } from "@/db/queries/auth-onboarding";
import { listAgentsInScope } from "@/db/queries/auth-users";
import { settingsCaller } from "../_lib/guard";
import { TransferForm } from "./transfer-form";
import { Table } from "@/app/_components/table";

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
          <Table
            label={t("recent")}
            testId="transfers-table"
            rows={recent}
            rowKey={(r) => r.id}
            columns={[
              { key: "when", header: t("when"), cell: (r) => f.dateTime(new Date(r.at), "short"), keep: true },
              { key: "serial", header: t("serial"), className: "mono", keep: true, cell: (r) => r.sn },
              { key: "from", header: t("from"), keep: true, cell: (r) => r.fromCode },
              { key: "to", header: t("to"), keep: true, cell: (r) => r.toCode },
              { key: "who", header: t("who"), cell: (r) => r.actor ?? "system", clip: (r) => r.actor ?? "system" },
              { key: "note", header: t("note"), wrap: true, cell: (r) => r.note },
            ]}
          />
        )}
      </Card>
    </>
  );
}
