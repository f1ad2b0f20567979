"use client";
import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { ALERT_SEVERITIES, CHANNEL_KINDS, CHANNEL_LOCALES, type ChannelKind } from "@/lib/alerts/enums";
import { PROBLEM_CATEGORIES } from "@/lib/domain/enums";
import { Done, FieldError, FormError, Submit } from "@/app/_components/form";
import { IDLE, type FormAction } from "@/app/_lib/form-state";
import styles from "../settings.module.css";
import { createChannelAction, testChannelAction, updateChannelAction } from "./actions";

export interface ChannelFormValues {
  id?: number;
  name: string;
  kind: ChannelKind;
  agentId: number;
  locale: string;
  minSeverity: string;
  categories: string[];
  windowSeconds: number;
  enabled: boolean;
  hasSecret: boolean;
  maskedUrl?: string;
}

export function ChannelForm({ agents, initial }: { agents: { id: number; label: string }[]; initial?: ChannelFormValues }) {
  const t = useTranslations("channels");
  const te = useTranslations("enums");
  const [kind, setKind] = useState<ChannelKind>(initial?.kind ?? "dingtalk");
  const save: FormAction = initial?.id ? updateChannelAction : createChannelAction;
  const [state, action] = useActionState(save, IDLE);
  return (
    <form action={action} className={styles.form} data-testid="channel-form">
      <FormError state={state} />
      <Done state={state}>{initial?.id ? t("saved") : t("created")}</Done>
      {initial?.id && <input type="hidden" name="id" value={initial.id} />}
      <label>
        {t("fields.name")}
        <input name="name" required maxLength={60} defaultValue={initial?.name} />
        <FieldError state={state} name="name" />
      </label>
      <label>
        {t("fields.kind")}
        <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as ChannelKind)}>
          {CHANNEL_KINDS.map((k) => <option key={k} value={k}>{t(`kind.${k}`)}</option>)}
        </select>
      </label>
      <label>
        {t("fields.agent")}
        <select name="agentId" defaultValue={initial?.agentId}>
          {agents.map((a) => <option key={a.id} value={a.id}>{a.label}</option>)}
        </select>
        <FieldError state={state} name="agentId" />
      </label>
      <label>
        {t("fields.url")}
        <input name="url" type="url" required={!initial?.id} placeholder={initial?.maskedUrl ?? t(`urlHint.${kind}`)} autoComplete="off" />
        <span className="hint">{t(`urlHint.${kind}`)}</span>
        <FieldError state={state} name="url" />
      </label>
      {kind !== "wecom" && (
        <label>
          {t("fields.secret")}
          <input name="secret" type="password" autoComplete="new-password" placeholder={initial?.hasSecret ? "••••••" : ""} />
          <span className="hint">{t("fields.secretHint")}</span>
          <FieldError state={state} name="secret" />
        </label>
      )}
      <label>
        {t("fields.locale")}
        <select name="locale" defaultValue={initial?.locale ?? "zh-CN"}>
          {CHANNEL_LOCALES.map((l) => <option key={l} value={l}>{t(`locale.${l}`)}</option>)}
        </select>
      </label>
      <label>
        {t("fields.minSeverity")}
        <select name="minSeverity" defaultValue={initial?.minSeverity ?? "warning"}>
          {ALERT_SEVERITIES.map((s) => <option key={s} value={s}>{t("atLeast", { severity: te(`severity.${s}`) })}</option>)}
        </select>
      </label>
      <fieldset className={styles.actions}>
        <legend className="small muted">{t("fields.categories")}</legend>
        {PROBLEM_CATEGORIES.map((c) => (
          <label key={c} className={styles.inline}>
            <input type="checkbox" name="categories" value={c} defaultChecked={initial?.categories.includes(c)} /> {te(`category.${c}`)}
          </label>
        ))}
      </fieldset>
      <label>
        {t("fields.window")}
        <input name="windowSeconds" type="number" min={10} max={3600} defaultValue={initial?.windowSeconds ?? 60} />
        <FieldError state={state} name="windowSeconds" />
      </label>
      <label className={styles.inline}>
        <input type="checkbox" name="enabled" defaultChecked={initial?.enabled ?? true} /> {t("fields.enabled")}
      </label>
      <div className={styles.actions}>
        <Submit label={initial?.id ? t("save") : t("create")} />
      </div>
    </form>
  );
}

export function TestButton({ id }: { id: number }) {
  const t = useTranslations("channels");
  const [state, action] = useActionState(testChannelAction, IDLE);
  const v = state.status === "ok" ? state.value : null;
  return (
    <form action={action} className={styles.inline}>
      <input type="hidden" name="id" value={id} />
      <Submit label={t("test")} className="btn" />
      {v && (v.ok ? <span role="status" className={styles.ok} data-testid="test-result">{t("testOk", { status: v.status ?? 0 })}</span> : <span role="alert" className={styles.error} data-testid="test-result">{t("testFailed", { error: v.error ?? "" })}</span>)}
      <FormError state={state} />
    </form>
  );
}
