import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Badge, Card } from "@/app/_components/ui";
import { getDb } from "@/db/client";
import { listAgentsInScope, listUsersInScope } from "@/db/queries/auth-users";
import { ROLES } from "@/lib/domain/enums";
import { settingsCaller } from "../_lib/guard";
import { RowAction } from "@/app/_components/form";
import { deactivateUserAction, reactivateUserAction, resetPasswordAction } from "./actions";
import { CreateUserForm, EditUserForm, TemporaryPassword } from "./forms";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings.users"))("title") };
}

export default async function UsersPage() {
  const { scope } = await settingsCaller("/settings/users", "users:manage");
  const t = await getTranslations("settings.users");
  const c = await getTranslations("settings.common");
  const roles = await getTranslations("auth.role");
  const db = getDb();
  const [users, agentRefs] = await Promise.all([listUsersInScope(db, scope), listAgentsInScope(db, scope)]);
  const agents = agentRefs.map((a) => ({ code: a.code, label: `${a.name} (${a.code})` }));
  const roleOptions = ROLES.map((r) => ({ value: r, label: roles(r) }));
  return (
    <>
      <h1>{t("title")}</h1>
      <Card title={t("create")}>
        <CreateUserForm roles={roleOptions} agents={agents} />
      </Card>
      <Card title={t("list")}>
        <div className="table-wrap">
          <table className="table" data-testid="users-table">
            <thead>
              <tr>
                <th>{t("email")}</th>
                <th>{t("name")}</th>
                <th>{t("roleAndAgent")}</th>
                <th>{c("status")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} data-user={u.email}>
                  <td>{u.email}</td>
                  <td>{u.name}</td>
                  <td>
                    {u.id === scope.userId ? (
                      `${roles(u.role)} · ${u.agentCode}`
                    ) : (
                      <EditUserForm id={u.id} role={u.role} agent={u.agentCode} roles={roleOptions} agents={agents} />
                    )}
                  </td>
                  <td>{u.deactivatedAt === null ? <Badge color="#16a34a">{c("active")}</Badge> : <Badge color="#94a3b8">{t("deactivated")}</Badge>}</td>
                  <td className="actions">
                    {u.id !== scope.userId && (
                      <>
                        {u.deactivatedAt === null ? (
                          <RowAction action={deactivateUserAction} id={u.id} label={t("deactivate")} confirm={t("confirmDeactivate", { email: u.email })} />
                        ) : (
                          <RowAction action={reactivateUserAction} id={u.id} label={t("reactivate")} danger={false} />
                        )}
                        <TemporaryPassword action={resetPasswordAction} id={u.id} label={t("resetPassword")} confirm={t("confirmReset", { email: u.email })} />
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </>
  );
}
