"use client";
// The pieces every form in app/ shares: the submit button, the form-level and per-field messages,
// the success line, the box that shows a new secret once, and the one-click row action.
import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { useFormStatus } from "react-dom";
import { IDLE, type FormAction, type FormState } from "@/app/_lib/form-state";
import styles from "./form.module.css";

export function Submit({ label, pending, className, name, value, testId, disabled }: { label: string; pending?: string; className?: string; name?: string; value?: string; testId?: string; disabled?: boolean }) {
  const status = useFormStatus();
  return (
    <button type="submit" className={className ?? "btn"} disabled={status.pending || disabled} name={name} value={value} data-testid={testId}>
      {status.pending ? (pending ?? label) : label}
    </button>
  );
}

export function FormError({ state, testId = "form-error" }: { state: FormState; testId?: string }) {
  if (state.status !== "error") return null;
  return (
    <p role="alert" className={styles.error} data-testid={testId}>
      {state.error}
    </p>
  );
}

export function FieldError({ state, name }: { state: FormState; name: string }) {
  const msg = state.status === "error" ? state.fields[name] : undefined;
  if (!msg) return null;
  return (
    <span className={styles.fieldError} id={`${name}-error`} role="alert">
      {msg}
    </span>
  );
}

export function Done({ state, children, testId }: { state: FormState; children: React.ReactNode; testId?: string }) {
  if (state.status !== "ok") return null;
  return (
    <p role="status" className={styles.ok} data-testid={testId}>
      {children}
    </p>
  );
}

/** A secret shown once: selectable text and a copy button; it is never shown again. */
export function SecretOnce({ label, value }: { label: string; value: string }) {
  const t = useTranslations("settings.common");
  const [copied, setCopied] = useState(false);
  return (
    <div className={styles.secret} role="status">
      <p>{label}</p>
      <code data-testid="secret">{value}</code>
      <button
        type="button"
        className="btn"
        onClick={() => {
          void navigator.clipboard?.writeText(value).then(() => setCopied(true));
        }}
      >
        {copied ? t("copied") : t("copy")}
      </button>
    </div>
  );
}

/** A one-click form for row actions (revoke, deactivate, end, ...) with a confirmation and its error. */
export function RowAction<T>({ action, id, label, confirm, fields, danger = true, result }: {
  action: FormAction<T>;
  id: number;
  label: string;
  confirm?: string;
  fields?: Record<string, string>;
  danger?: boolean;
  /** Rendered with the action's value when it succeeds (e.g. a temporary password). */
  result?: (value: T) => React.ReactNode;
}) {
  const [state, run] = useActionState(action, IDLE);
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
