import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getCurrentCaller } from "@/lib/auth/current";
import { safeNextPath } from "@/lib/auth/request-info";
import { LoginForm } from "./login-form";
import styles from "./login.module.css";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auth.login"))("title") };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const raw = (await searchParams).next;
  const next = safeNextPath(Array.isArray(raw) ? raw[0] : raw);
  if (await getCurrentCaller()) redirect(next);
  const t = await getTranslations("auth.login");
  const app = await getTranslations("app");
  return (
    <main className={styles.page}>
      <section className={styles.card} aria-labelledby="login-title">
        <p className={styles.brand}>◉ {app("name")}</p>
        <h1 id="login-title">{t("title")}</h1>
        <LoginForm next={next} />
        <p className={styles.hint}>{t("forgot")}</p>
      </section>
    </main>
  );
}
