"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { IDLE, type FormState } from "@/app/_lib/form-state";
import { activityAction } from "./actions";

/**
 * Log a call, mark to be recovered (回收), or transfer (划拨) the terminal to another merchant of
 * the subtree, named or numbered in the merchant field. Transfers need the transfer right
 * (managers and admins), the other two the right to act on alerts.
 */
export function RowActions({ sn, canAct, canTransfer }: { sn: string; canAct: boolean; canTransfer: boolean }) {
  const t = useTranslations("activity.actions");
  const [state, action, pending] = useActionState(activityAction as (s: FormState, f: FormData) => Promise<FormState>, IDLE);
  if (!canAct && !canTransfer) return null;
  const ok = state.status === "ok" ? ((state.value ?? {}) as { merchant?: string }) : null;
  return (
    <form action={action} className="row-actions">
      <input type="hidden" name="sn" value={sn} />
      <input name="note" maxLength={200} placeholder={t("note")} aria-label={t("note")} />
      {canAct && (
        <>
          <button type="submit" name="kind" value="call" disabled={pending}>
            {t("call")}
          </button>
          <button type="submit" name="kind" value="recover" disabled={pending}>
            {t("recover")}
          </button>
        </>
      )}
      {canTransfer && (
        <>
          <input name="merchant" maxLength={100} placeholder={t("merchant")} aria-label={t("merchant")} />
          <button type="submit" name="kind" value="transfer" disabled={pending}>
            {t("transfer")}
          </button>
        </>
      )}
      <span role="status">
        {ok ? (ok.merchant ? t("transferred", { merchant: ok.merchant }) : t("saved")) : state.status === "error" ? (state.fields.merchant ?? state.error) : ""}
      </span>
    </form>
  );
}
