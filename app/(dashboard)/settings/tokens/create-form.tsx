"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FieldError, FormError, SecretOnce, Submit } from "@/app/_components/form";
import { IDLE } from "@/app/_lib/form-state";
import styles from "../settings.module.css";
import { createTokenAction } from "./actions";

export function CreateTokenForm() {
  const t = useTranslations("settings.tokens");
  const c = useTranslations("settings.common");
  const [state, action] = useActionState(createTokenAction, IDLE);
  return (
    <form action={action} className={styles.form}>
      <FormError state={state} />
      {state.status === "ok" && <SecretOnce label={t("shownOnce")} value={String(state.value)} />}
      <label>
        {c("label")}
        <input name="label" required maxLength={80} placeholder={t("labelHint")} />
        <FieldError state={state} name="label" />
      </label>
      <div className={styles.actions}>
        <Submit label={t("create")} />
      </div>
    </form>
  );
}
