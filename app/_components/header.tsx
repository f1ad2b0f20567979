import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { LocaleSwitch } from "./locale-switch";
import { NavLinks } from "./nav-links";
import { UserMenu } from "./user-menu";

export async function Header() {
  const t = await getTranslations();
  const locale = await getLocale();
  return (
    <header className="header">
      <a className="skip" href="#main">{t("app.skip")}</a>
      <div className="header-inner">
        <Link href="/" className="brand">
          <span className="brand-mark" aria-hidden>◉</span>
          <span>{t("app.name")}</span>
        </Link>
        <NavLinks
          label={t("nav.main")}
          items={[
            { href: "/", label: t("nav.overview") },
            { href: "/terminals", label: t("nav.terminals") },
            { href: "/activity", label: t("nav.activity") },
            { href: "/firmware", label: t("nav.firmware") },
            { href: "/alerts", label: t("nav.alerts") },
            { href: "/incidents", label: t("incidents.title") },
          ]}
        />
        <LocaleSwitch current={locale} label={t("locale.label")} options={[{ value: "zh-CN", label: t("locale.zh-CN") }, { value: "en", label: t("locale.en") }]} />
        <UserMenu />
      </div>
    </header>
  );
}
