"use server";
import { revalidatePath } from "next/cache";
import { recordActivityAction } from "@/lib/activity/actions";
import { transferToMerchant } from "@/lib/activity/transfer";
import { formObject, runAction } from "@/app/_lib/action";
import type { FormState } from "@/app/_lib/form-state";

export async function activityAction(_prev: FormState, form: FormData) {
  const typed = formObject(form);
  const r = await runAction<{ sn: string; merchant?: string }>({ next: "/activity", echo: typed }, ({ caller, db, now, ip }) =>
    typed.kind === "transfer"
      ? transferToMerchant(db, caller.scope, { sn: typed.sn ?? "", merchant: typed.merchant ?? "", note: typed.note ?? "" }, now, ip)
      : recordActivityAction(db, caller.scope, { sn: typed.sn ?? "", kind: typed.kind ?? "", note: typed.note ?? "" }, now),
  );
  revalidatePath("/activity");
  return r;
}
