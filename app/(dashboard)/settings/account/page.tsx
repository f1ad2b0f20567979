import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Card } from "@/app/_components/ui";
import { settingsCaller } from "../_lib/guard";
import { PasswordForm } from "./password-form";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings.account"))("title") };
}

export default async function AccountPage({ searchParams }: { searchParams: Promise<{ first?: string }> }) {
  const { user } = await settingsCaller("/settings/account");
  const t = await getTranslations("settings.account");
  const roles = await getTranslations("auth.role");
  const first = (await searchParams).first === "1" || user.mustChangePassword;
  return (
    <>
      <h1>{t("title")}</h1>
      <Card title={t("profile")}>
        <dl className="facts">
          <dt>{t("name")}</dt>
          <dd data-testid="account-name">{user.name}</dd>
          <dt>{t("email")}</dt>
          <dd>{user.email}</dd>
          <dt>{t("role")}</dt>
          <dd data-testid="account-role">{roles(user.role)}</dd>
          <dt>{t("agent")}</dt>
          <dd>
            {user.agentName} ({user.agentCode})
          </dd>
        </dl>
      </Card>
      <Card title={t("password")}>
        {first && <p className="hint" role="status">{t("mustChange")}</p>}
        <PasswordForm />
      </Card>
    </>
  );
}
