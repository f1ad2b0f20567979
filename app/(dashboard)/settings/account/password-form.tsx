"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Done, FieldError, FormError, Submit } from "@/app/_components/form";
import { IDLE } from "@/app/_lib/form-state";
import styles from "../settings.module.css";
import { changePasswordAction } from "./actions";

export function PasswordForm() {
  const t = useTranslations("settings.account");
  const [state, action] = useActionState(changePasswordAction, IDLE);
  return (
    <form action={action} className={styles.form} key={state.status === "ok" ? state.at : "form"}>
      <FormError state={state} />
      <Done state={state}>{t("changed")}</Done>
      <label>
        {t("current")}
        <input type="password" name="current" autoComplete="current-password" required />
        <FieldError state={state} name="current" />
      </label>
      <label>
        {t("next")}
        <input type="password" name="next" autoComplete="new-password" required minLength={10} />
        <FieldError state={state} name="next" />
      </label>
      <label>
        {t("confirm")}
        <input type="password" name="confirm" autoComplete="new-password" required />
        <FieldError state={state} name="confirm" />
      </label>
      <div className={styles.actions}>
        <Submit label={t("change")} />
      </div>
    </form>
  );
}
