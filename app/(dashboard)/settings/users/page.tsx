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
import { Table } from "@/app/_components/table";

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
        <Table
          label={t("list")}
          testId="users-table"
          rows={users}
          rowKey={(u) => u.id}
          rowData={(u) => ({ "data-user": u.email })}
          columns={[
            { key: "email", header: t("email"), cell: (u) => u.email, clip: (u) => u.email },
            { key: "name", header: t("name"), cell: (u) => u.name, clip: (u) => u.name },
            {
              key: "role",
              header: t("roleAndAgent"),
              cell: (u) => (u.id === scope.userId ? `${roles(u.role)} · ${u.agentCode}` : <EditUserForm id={u.id} role={u.role} agent={u.agentCode} roles={roleOptions} agents={agents} />),
            },
            { key: "status", header: c("status"), cell: (u) => (u.deactivatedAt === null ? <Badge color="#16a34a">{c("active")}</Badge> : <Badge color="#94a3b8">{t("deactivated")}</Badge>), keep: true },
            {
              key: "actions",
              header: c("actions"),
              hideHeader: true,
              className: "actions",
              cell: (u) =>
                u.id !== scope.userId && (
                  <>
                    {u.deactivatedAt === null ? (
                      <RowAction action={deactivateUserAction} id={u.id} label={t("deactivate")} confirm={t("confirmDeactivate", { email: u.email })} />
                    ) : (
                      <RowAction action={reactivateUserAction} id={u.id} label={t("reactivate")} danger={false} />
                    )}
                    <TemporaryPassword action={resetPasswordAction} id={u.id} label={t("resetPassword")} confirm={t("confirmReset", { email: u.email })} />
                  </>
                ),
            },
          ]}
        />
      </Card>
    </>
  );
}
