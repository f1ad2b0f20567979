"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { PROBLEM_CATEGORIES } from "@/lib/domain/enums";
import { createSilenceAction, endSilenceAction } from "../actions";
import type { ActionState } from "../_lib/action";
import styles from "../alerts.module.css";

const IDLE: ActionState = { status: "idle" };
const DURATIONS = ["60", "240", "1440", "4320"] as const;

export function SilenceForm({ agents, cities }: { agents: { id: number; name: string; depth: number }[]; cities: string[] }) {
  const t = useTranslations();
  const [state, action, pending] = useActionState(createSilenceAction, IDLE);
  const fieldError = (name: string) => (state.status === "error" && state.fields[name] ? <span className={styles.error}>{state.fields[name]}</span> : null);
  return (
    <form action={action} className={styles.form}>
      <label className="field">
        <span>{t("alerts.silences.agent")}</span>
        <select name="agentId" defaultValue={agents[0]?.id}>
          {agents.map((a) => <option key={a.id} value={a.id}>{`${"· ".repeat(Math.max(0, a.depth))}${a.name}`}</option>)}
        </select>
        {fieldError("agentId")}
      </label>
      <label className="field">
        <span>{t("alerts.silences.city")}</span>
        <input name="city" list="silence-cities" maxLength={50} />
        <datalist id="silence-cities">{cities.map((c) => <option key={c} value={c} />)}</datalist>
        {fieldError("city")}
      </label>
      <label className="field">
        <span>{t("alerts.silences.category")}</span>
        <select name="category" defaultValue="">
          <option value="">{t("alerts.silences.anyCategory")}</option>
          {PROBLEM_CATEGORIES.map((c) => <option key={c} value={c}>{t(`enums.category.${c}`)}</option>)}
        </select>
      </label>
      <label className="field">
        <span>{t("alerts.silences.duration")}</span>
        <select name="minutes" defaultValue="240">
          {DURATIONS.map((m) => <option key={m} value={m}>{t(`alerts.durations.${m}`)}</option>)}
        </select>
        {fieldError("minutes")}
      </label>
      <label className="field">
        <span>{t("alerts.silences.reason")}</span>
        <input name="reason" required maxLength={200} />
        {fieldError("reason")}
      </label>
      <button className="btn" type="submit" disabled={pending}>{t("alerts.silences.create")}</button>
      {state.status === "ok" && <p role="status" className="small">{t("alerts.silences.created")}</p>}
      {state.status === "error" && <p role="alert" className={styles.error} data-testid="form-error">{state.error}</p>}
    </form>
  );
}

export function EndSilenceButton({ id }: { id: number }) {
  const t = useTranslations("alerts.silences");
  const [state, action, pending] = useActionState(endSilenceAction, IDLE);
  return (
    <form action={action}>
      <input type="hidden" name="id" value={id} />
      <button className="btn" type="submit" disabled={pending}>{t("end")}</button>
      {state.status === "error" && <span role="alert" className={styles.error}>{state.error}</span>}
    </form>
  );
}
