"use client";
import { useTranslations } from "next-intl";
import { useEffect } from "react";

/** The body of every error.tsx: says what happened and offers a retry. */
export function ErrorView({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("common");
  useEffect(() => {
    console.warn("page failed", error.digest ?? error.message);
  }, [error]);
  return (
    <div className="empty error" role="alert">
      <p className="empty-title">{t("errorTitle")}</p>
      <p>{t("errorBody")}</p>
      {error.digest && <p className="muted">ref: {error.digest}</p>}
      <button type="button" className="btn" onClick={reset}>
        {t("retry")}
      </button>
    </div>
  );
}
