"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { PROBLEM_CATEGORIES } from "@/lib/domain/enums";
import { createSilenceAction, endSilenceAction } from "../actions";
import { Done, FieldError, FormError, RowAction, Submit } from "@/app/_components/form";
import { IDLE } from "@/app/_lib/form-state";
import styles from "../alerts.module.css";

const DURATIONS = ["60", "240", "1440", "4320"] as const;

export function SilenceForm({ agents, cities }: { agents: { id: number; name: string; depth: number }[]; cities: string[] }) {
  const t = useTranslations();
  const [state, action] = useActionState(createSilenceAction, IDLE);
  return (
    <form action={action} className={styles.form}>
      <label className="field">
        <span>{t("alerts.silences.agent")}</span>
        <select name="agentId" defaultValue={agents[0]?.id}>
          {agents.map((a) => <option key={a.id} value={a.id}>{`${"· ".repeat(Math.max(0, a.depth))}${a.name}`}</option>)}
        </select>
        <FieldError state={state} name="agentId" />
      </label>
      <label className="field">
        <span>{t("alerts.silences.city")}</span>
        <input name="city" list="silence-cities" maxLength={50} />
        <datalist id="silence-cities">{cities.map((c) => <option key={c} value={c} />)}</datalist>
        <FieldError state={state} name="city" />
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
        <FieldError state={state} name="minutes" />
      </label>
      <label className="field">
        <span>{t("alerts.silences.reason")}</span>
        <input name="reason" required maxLength={200} />
        <FieldError state={state} name="reason" />
      </label>
      <Submit label={t("alerts.silences.create")} />
      <Done state={state}>{t("alerts.silences.created")}</Done>
      <FormError state={state} />
    </form>
  );
}

export function EndSilenceButton({ id }: { id: number }) {
  const t = useTranslations("alerts.silences");
  return <RowAction action={endSilenceAction} id={id} label={t("end")} danger={false} />;
}
