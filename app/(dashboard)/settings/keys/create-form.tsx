"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FieldError, FormError, SecretOnce, Submit } from "@/app/_components/form";
import { IDLE } from "@/app/_lib/form-state";
import styles from "../settings.module.css";
import { createKeyAction } from "./actions";

export function CreateKeyForm({ agents }: { agents: { code: string; label: string }[] }) {
  const t = useTranslations("settings.keys");
  const c = useTranslations("settings.common");
  const [state, action] = useActionState(createKeyAction, IDLE);
  return (
    <form action={action} className={styles.form}>
      <FormError state={state} />
      {state.status === "ok" && <SecretOnce label={t("shownOnce")} value={String(state.value)} />}
      <label>
        {c("label")}
        <input name="label" required maxLength={80} placeholder={t("labelHint")} />
        <FieldError state={state} name="label" />
      </label>
      <label>
        {t("agent")}
        <select name="agent">
          {agents.map((a) => (
            <option key={a.code} value={a.code}>
              {a.label}
            </option>
          ))}
        </select>
        <FieldError state={state} name="agent" />
      </label>
      <div className={styles.actions}>
        <Submit label={t("create")} />
      </div>
    </form>
  );
}
