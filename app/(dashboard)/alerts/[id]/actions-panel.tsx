"use client";
// The actions a person takes on one alert. Each form posts to a server action and shows the
// answer (or what to fix) in the reader's language.
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import type { AlertStatus } from "@/lib/alerts/enums";
import { CALL_OUTCOMES, RESOLVE_OUTCOMES } from "@/lib/alerts/enums";
import { acknowledgeAction, assignAction, logCallAction, resolveAction, snoozeAction } from "../actions";
import { Done, FormError, Submit } from "@/app/_components/form";
import { IDLE, type FormState } from "@/app/_lib/form-state";
import styles from "../alerts.module.css";

const DURATIONS = ["30", "60", "240", "1440", "4320"] as const;

function Answer({ state, testId }: { state: FormState; testId: string }) {
  const t = useTranslations("alerts.actions");
  return (
    <>
      <Done state={state} testId={`${testId}-ok`}>{t("done")}</Done>
      <FormError state={state} />
    </>
  );
}

export function ActionsPanel({ id, status, people }: { id: number; status: AlertStatus; people: { id: number; name: string }[] }) {
  const t = useTranslations("alerts");
  const [ackState, ack] = useActionState(acknowledgeAction, IDLE);
  const [assignState, assign] = useActionState(assignAction, IDLE);
  const [callState, call] = useActionState(logCallAction, IDLE);
  const [snoozeState, snooze] = useActionState(snoozeAction, IDLE);
  const [resolveState, resolve] = useActionState(resolveAction, IDLE);
  if (status === "resolved") return <p className="muted">{t("errors.reason.already_resolved")}</p>;
  return (
    <div className="stack">
      {(status === "open" || status === "pending" || status === "snoozed") && (
        <form action={ack}>
          <input type="hidden" name="ids" value={id} />
          <Submit label={t("actions.acknowledge")} testId="acknowledge" />
          <Answer state={ackState} testId="acknowledge" />
        </form>
      )}
      <form action={assign} className={styles.row}>
        <input type="hidden" name="ids" value={id} />
        <label className="field">
          <span>{t("actions.assignTo")}</span>
          <select name="assignee" defaultValue="me" data-testid="assignee-select">
            <option value="me">{t("actions.assignMe")}</option>
            {people.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            <option value="none">{t("actions.unassign")}</option>
          </select>
        </label>
        <Submit label={t("actions.assign")} testId="assign" />
        <Answer state={assignState} testId="assign" />
      </form>
      <form action={call} className={styles.block}>
        <input type="hidden" name="id" value={id} />
        <fieldset className={styles.fieldset}>
          <legend>{t("actions.logCall")}</legend>
          <label className="field">
            <span>{t("actions.outcome")}</span>
            <select name="outcome" required defaultValue="" data-testid="call-outcome">
              <option value="" disabled>—</option>
              {CALL_OUTCOMES.map((o) => <option key={o} value={o}>{t(`outcome.${o}`)}</option>)}
            </select>
          </label>
          <label className="field">
            <span>{t("actions.note")}</span>
            <textarea name="note" rows={2} maxLength={500} placeholder={t("actions.notePlaceholder")} data-testid="call-note" />
          </label>
          <Submit label={t("actions.logCall")} testId="log-call" />
        </fieldset>
        <Answer state={callState} testId="log-call" />
      </form>
      <form action={snooze} className={styles.row}>
        <input type="hidden" name="id" value={id} />
        <label className="field">
          <span>{t("actions.snoozeFor")}</span>
          <select name="minutes" defaultValue="60" data-testid="snooze-minutes">
            {DURATIONS.map((m) => <option key={m} value={m}>{t(`durations.${m}`)}</option>)}
          </select>
        </label>
        <Submit label={t("actions.snooze")} testId="snooze" />
        <Answer state={snoozeState} testId="snooze" />
      </form>
      <form action={resolve} className={styles.block}>
        <input type="hidden" name="id" value={id} />
        <fieldset className={styles.fieldset}>
          <legend>{t("actions.resolve")}</legend>
          <label className="field">
            <span>{t("actions.resolveOutcome")}</span>
            <select name="outcome" required defaultValue="" data-testid="resolve-outcome">
              <option value="" disabled>—</option>
              {RESOLVE_OUTCOMES.map((o) => <option key={o} value={o}>{t(`resolution.${o}`)}</option>)}
            </select>
          </label>
          <label className="field">
            <span>{t("actions.note")}</span>
            <textarea name="note" rows={2} maxLength={500} data-testid="resolve-note" />
          </label>
          <Submit label={t("actions.resolve")} testId="resolve" />
        </fieldset>
        <Answer state={resolveState} testId="resolve" />
      </form>
    </div>
  );
}
