import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import { requireCaller } from "@/lib/auth/current";
import { can, isNetworkAdmin } from "@/lib/auth/permissions";
import { SettingsNav } from "./_components/settings-nav";
import styles from "./settings.module.css";

// The settings area: a side menu showing only what the caller's role can use.
export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const { scope } = await requireCaller({ next: "/settings" });
  const t = await getTranslations("settings.nav");
  const items = [
    { href: "/settings/account", label: t("account"), show: true },
    { href: "/settings/tokens", label: t("tokens"), show: can(scope, "tokens:own") },
    { href: "/settings/users", label: t("users"), show: can(scope, "users:manage") },
    { href: "/settings/keys", label: t("keys"), show: can(scope, "keys:manage") },
    { href: "/settings/policy", label: t("policy"), show: true },
    { href: "/settings/import", label: t("import"), show: can(scope, "fleet:import") },
    { href: "/settings/transfer", label: t("transfer"), show: can(scope, "fleet:transfer") },
    { href: "/settings/audit", label: t("audit"), show: can(scope, "audit:read") },
    { href: "/settings/channels", label: (await getTranslations("channels"))("title"), show: can(scope, "channels:manage") },
  ].filter((i) => i.show);
  return (
    <div className={styles.layout}>
      <SettingsNav label={t("label")} items={items.map(({ href, label }) => ({ href, label }))} />
      <div className="stack" data-network-admin={isNetworkAdmin(scope) ? "1" : "0"}>
        {children}
      </div>
    </div>
  );
}
