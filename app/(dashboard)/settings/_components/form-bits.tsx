"use client";
// Small pieces every settings form shares: the submit button, the form-level and field messages,
// and the box that shows a new secret once.
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useFormStatus } from "react-dom";
import styles from "../settings.module.css";

export type FormState =
  | { status: "idle" }
  | { status: "ok"; value: unknown; at: number }
  | { status: "error"; error: string; fields: Record<string, string>; at: number; values?: Record<string, string> };

/** What the person typed, after an action that failed. */
export const typed = (s: FormState, name: string): string | undefined => (s.status === "error" ? s.values?.[name] : undefined);

export const IDLE: FormState = { status: "idle" };

export function Submit({ label, pending, className, name, value }: { label: string; pending?: string; className?: string; name?: string; value?: string }) {
  const status = useFormStatus();
  return (
    <button type="submit" className={className ?? "btn"} disabled={status.pending} name={name} value={value}>
      {status.pending ? (pending ?? label) : label}
    </button>
  );
}

export function FormError({ state }: { state: FormState }) {
  if (state.status !== "error") return null;
  return (
    <p role="alert" className={styles.error} data-testid="form-error">
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

export function Done({ state, children }: { state: FormState; children: React.ReactNode }) {
  if (state.status !== "ok") return null;
  return (
    <p role="status" className={styles.ok}>
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
