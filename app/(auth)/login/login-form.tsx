"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormError, Submit } from "@/app/_components/form";
import { IDLE, typed } from "@/app/_lib/form-state";
import { signInAction } from "../actions";
import styles from "./login.module.css";

export function LoginForm({ next }: { next: string }) {
  const t = useTranslations("auth.login");
  const [state, action] = useActionState(signInAction, IDLE);
  return (
    <form action={action} className={styles.form}>
      <input type="hidden" name="next" value={next} />
      <FormError state={state} testId="login-error" />
      <label>
        {t("email")}
        <input type="email" name="email" autoComplete="username" required defaultValue={typed(state, "email")} autoFocus />
      </label>
      <label>
        {t("password")}
        <input type="password" name="password" autoComplete="current-password" required />
      </label>
      <Submit label={t("submit")} pending={t("signingIn")} className={styles.submit} />
    </form>
  );
}
