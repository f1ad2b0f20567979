import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { Card, EmptyState } from "@/app/_components/ui";
import { getDb } from "@/db/client";
import { getPolicy } from "@/db/policy";
import { listPolicyVersions } from "@/db/queries/policy-admin";
import { isNetworkAdmin } from "@/lib/auth/permissions";
import { changedFields } from "@/lib/policy/admin";
import { learningReport } from "@/lib/policy/learning";
import { defaultPolicy, type Policy } from "@/lib/rules/policy";
import { settingsCaller } from "../_lib/guard";
import { RowAction } from "@/app/_components/form";
import styles from "../settings.module.css";
import { revertPolicyAction } from "./actions";
import { PolicyForm } from "./policy-form";
import { LearningCard } from "./learning";
import { Table } from "@/app/_components/table";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings.policy"))("title") };
}

export default async function PolicyPage() {
  const { scope } = await settingsCaller("/settings/policy");
  const t = await getTranslations("settings.policy");
  const c = await getTranslations("settings.common");
  const f = await getFormatter();
  const db = getDb();
  const [policy, versions, learning] = await Promise.all([getPolicy(db), listPolicyVersions(db), learningReport(db, scope, Date.now())]);
  const editable = isNetworkAdmin(scope);
  const show = (p: Partial<Policy>) => Object.entries(p).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : String(v)}`).join("\n");
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="muted">{editable ? t("intro") : t("readOnly")}</p>
      <Card title={t("current")}>
        <PolicyForm policy={policy} editable={editable} />
      </Card>
      <LearningCard report={learning} editable={editable} />
      <Card title={t("history")}>
        {versions.length === 0 ? (
          <EmptyState title={t("noHistory")} body={t("noHistoryBody")} />
        ) : (
          <Table
            label={t("history")}
            testId="policy-history"
            rows={versions.map((v, i) => ({ v, i, previous: (versions[i + 1]?.policy as Policy | undefined) ?? defaultPolicy }))}
            rowKey={({ v }) => v.id}
            columns={[
              { key: "when", header: t("when"), cell: ({ v }) => f.dateTime(new Date(v.createdAt), "short"), keep: true },
              { key: "who", header: t("who"), cell: ({ v }) => v.actor, clip: ({ v }) => v.actor },
              {
                key: "what",
                header: t("what"),
                wrap: true,
                cell: ({ v, previous }) => (
                  <pre className={styles.json}>
                    {v.revertedFromId ? `${t("revertedFrom", { id: v.revertedFromId })}\n` : ""}
                    {show(changedFields(previous, v.policy as Policy, "to")) || t("noChange")}
                  </pre>
                ),
              },
              { key: "changed", header: t("changedTerminals"), num: true, cell: ({ v }) => v.changedTerminals },
              {
                key: "actions",
                header: c("actions"),
                hideHeader: true,
                cell: ({ v, i }) => editable && i > 0 && <RowAction action={revertPolicyAction} id={v.id} label={t("revert")} confirm={t("confirmRevert")} danger={false} />,
              },
            ]}
          />
        )}
      </Card>
    </>
  );
}
