"use client";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { IDLE, type FormState } from "@/app/_lib/form-state";
import { activityAction } from "./actions";

/** Log a call, mark to be recovered (回收), or go to the transfer (划拨) form with this serial. */
export function RowActions({ sn, canAct }: { sn: string; canAct: boolean }) {
  const t = useTranslations("activity.actions");
  const [state, action, pending] = useActionState(activityAction as (s: FormState, f: FormData) => Promise<FormState>, IDLE);
  if (!canAct) return null;
  return (
    <form action={action} className="row-actions">
      <input type="hidden" name="sn" value={sn} />
      <input name="note" maxLength={200} placeholder={t("note")} aria-label={t("note")} />
      <button type="submit" name="kind" value="call" disabled={pending}>
        {t("call")}
      </button>
      <button type="submit" name="kind" value="recover" disabled={pending}>
        {t("recover")}
      </button>
      <Link href={`/settings/transfer?sn=${encodeURIComponent(sn)}`}>{t("transfer")}</Link>
      <span role="status">{state.status === "ok" ? t("saved") : state.status === "error" ? state.error : ""}</span>
    </form>
  );
}
