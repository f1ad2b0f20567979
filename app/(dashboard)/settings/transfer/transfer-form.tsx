"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FieldError, FormError, Submit } from "@/app/_components/form";
import { IDLE, typed } from "@/app/_lib/form-state";
import styles from "../settings.module.css";
import { transferAction } from "./actions";

export function TransferForm({ agents, serials }: { agents: { code: string; label: string }[]; serials: string }) {
  const t = useTranslations("settings.transfer");
  const [state, action] = useActionState(transferAction, IDLE);
  const result = state.status === "ok" ? state.value : null;
  return (
    <form action={action} className={styles.form} key={state.status === "idle" ? "new" : state.at}>
      <FormError state={state} />
      {result && (
        <p className={styles.ok} role="status">
          {t("done", { moved: result.moved.length, unchanged: result.unchanged.length })}
        </p>
      )}
      <label>
        {t("serials")}
        <textarea name="serials" defaultValue={typed(state, "serials") ?? (state.status === "ok" ? "" : serials)} required placeholder={t("serialsHint")} />
        <FieldError state={state} name="serials" />
      </label>
      <label>
        {t("to")}
        <select name="toAgent" defaultValue={typed(state, "toAgent")}>
          {agents.map((a) => (
            <option key={a.code} value={a.code}>
              {a.label}
            </option>
          ))}
        </select>
        <FieldError state={state} name="toAgent" />
      </label>
      <label>
        {t("note")}
        <input name="note" maxLength={200} defaultValue={typed(state, "note")} />
        <FieldError state={state} name="note" />
      </label>
      <div className={styles.actions}>
        <Submit label={t("submit")} />
      </div>
    </form>
  );
}
