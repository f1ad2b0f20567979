import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { Card, EmptyState } from "@/app/_components/ui";
import { getDb } from "@/db/client";
import { getPolicy } from "@/db/policy";
import { listPolicyVersions } from "@/db/queries/policy-admin";
import { isNetworkAdmin } from "@/lib/auth/permissions";
import { changedFields } from "@/lib/policy/admin";
import { defaultPolicy, type Policy } from "@/lib/rules/policy";
import { settingsCaller } from "../_lib/guard";
import { RowAction } from "@/app/_components/form";
import styles from "../settings.module.css";
import { revertPolicyAction } from "./actions";
import { PolicyForm } from "./policy-form";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings.policy"))("title") };
}

export default async function PolicyPage() {
  const { scope } = await settingsCaller("/settings/policy");
  const t = await getTranslations("settings.policy");
  const f = await getFormatter();
  const db = getDb();
  const [policy, versions] = await Promise.all([getPolicy(db), listPolicyVersions(db)]);
  const editable = isNetworkAdmin(scope);
  const show = (p: Partial<Policy>) => Object.entries(p).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : String(v)}`).join("\n");
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="muted">{editable ? t("intro") : t("readOnly")}</p>
      <Card title={t("current")}>
        <PolicyForm policy={policy} editable={editable} />
      </Card>
      <Card title={t("history")}>
        {versions.length === 0 ? (
          <EmptyState title={t("noHistory")} body={t("noHistoryBody")} />
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="policy-history">
              <thead>
                <tr>
                  <th>{t("when")}</th>
                  <th>{t("who")}</th>
                  <th>{t("what")}</th>
                  <th>{t("changedTerminals")}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {versions.map((v, i) => {
                  const previous = (versions[i + 1]?.policy as Policy | undefined) ?? defaultPolicy;
                  return (
                    <tr key={v.id}>
                      <td>{f.dateTime(new Date(v.createdAt), "short")}</td>
                      <td>{v.actor}</td>
                      <td>
                        <pre className={styles.json}>
                          {v.revertedFromId ? `${t("revertedFrom", { id: v.revertedFromId })}\n` : ""}
                          {show(changedFields(previous, v.policy as Policy, "to")) || t("noChange")}
                        </pre>
                      </td>
                      <td className="num">{v.changedTerminals}</td>
                      <td>{editable && i > 0 && <RowAction action={revertPolicyAction} id={v.id} label={t("revert")} confirm={t("confirmRevert")} danger={false} />}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
