"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FieldError, FormError, RowAction, SecretOnce, Submit } from "@/app/_components/form";
import { IDLE, typed, type FormAction } from "@/app/_lib/form-state";
import styles from "../settings.module.css";
import { createUserAction, updateUserAction } from "./actions";

interface Options {
  roles: { value: string; label: string }[];
  agents: { code: string; label: string }[];
}

export function CreateUserForm({ roles, agents }: Options) {
  const t = useTranslations("settings.users");
  const [state, action] = useActionState(createUserAction, IDLE);
  return (
    <form action={action} className={styles.form} key={state.status === "idle" ? "new" : state.at}>
      <FormError state={state} />
      {state.status === "ok" && state.value !== null && <SecretOnce label={t("temporaryShownOnce")} value={String(state.value)} />}
      <label>
        {t("email")}
        <input type="email" name="email" required autoComplete="off" defaultValue={typed(state, "email")} />
        <FieldError state={state} name="email" />
      </label>
      <label>
        {t("name")}
        <input name="name" required maxLength={100} defaultValue={typed(state, "name")} />
        <FieldError state={state} name="name" />
      </label>
      <label>
        {t("role")}
        <select name="role" defaultValue={typed(state, "role") ?? "viewer"}>
          {roles.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
        <FieldError state={state} name="role" />
      </label>
      <label>
        {t("agent")}
        <select name="agent" defaultValue={typed(state, "agent")}>
          {agents.map((a) => (
            <option key={a.code} value={a.code}>
              {a.label}
            </option>
          ))}
        </select>
        <FieldError state={state} name="agent" />
      </label>
      <div className={styles.actions}>
        <Submit label={t("createSubmit")} />
      </div>
    </form>
  );
}

export function EditUserForm({ id, role, agent, roles, agents }: Options & { id: number; role: string; agent: string }) {
  const t = useTranslations("settings.users");
  const [state, action] = useActionState(updateUserAction, IDLE);
  return (
    <form action={action} className={styles.inline}>
      <input type="hidden" name="id" value={id} />
      <select name="role" defaultValue={role} aria-label={t("role")}>
        {roles.map((r) => (
          <option key={r.value} value={r.value}>
            {r.label}
          </option>
        ))}
      </select>
      <select name="agent" defaultValue={agent} aria-label={t("agent")}>
        {agents.map((a) => (
          <option key={a.code} value={a.code}>
            {a.label}
          </option>
        ))}
      </select>
      <Submit label={t("save")} />
      <FormError state={state} />
    </form>
  );
}

export function TemporaryPassword({ action, id, label, confirm }: { action: FormAction<string>; id: number; label: string; confirm: string }) {
  const t = useTranslations("settings.users");
  return <RowAction action={action} id={id} label={label} confirm={confirm} danger={false} result={(value) => <SecretOnce label={t("temporaryShownOnce")} value={value} />} />;
}
