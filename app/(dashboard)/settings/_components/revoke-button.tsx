"use client";
// A one-click form for row actions (revoke, deactivate, ...) with a confirmation and its error.
import { useActionState } from "react";
import { FormError, IDLE, Submit, type FormState } from "./form-bits";
import styles from "../settings.module.css";

type Action = (s: FormState, f: FormData) => Promise<FormState>;

export function RevokeButton({ action, id, label, confirm, fields, danger = true, result }: {
  action: unknown;
  id: number;
  label: string;
  confirm?: string;
  fields?: Record<string, string>;
  danger?: boolean;
  /** Rendered with the action's value when it succeeds (e.g. a temporary password). */
  result?: (value: unknown) => React.ReactNode;
}) {
  const [state, run] = useActionState(action as Action, IDLE);
  return (
    <form
      action={run}
      className={styles.inline}
      onSubmit={(e) => {
        if (confirm && !window.confirm(confirm)) e.preventDefault();
      }}
    >
      <input type="hidden" name="id" value={id} />
      {Object.entries(fields ?? {}).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <Submit label={label} className={danger ? `btn ${styles.danger}` : "btn"} />
      <FormError state={state} />
      {state.status === "ok" && result?.(state.value)}
    </form>
  );
}
