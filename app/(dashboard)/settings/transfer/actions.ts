"use server";
import { revalidatePath } from "next/cache";
import { splitSerials, transferTerminals } from "@/lib/onboarding/transfer";
import { formObject, runAction } from "@/app/_lib/action";
import type { FormState } from "@/app/_lib/form-state";

export async function transferAction(_prev: FormState, form: FormData) {
  const typed = formObject(form);
  const r = await runAction({ next: "/settings/transfer", echo: typed }, ({ caller, db, now, ip }) =>
    transferTerminals(db, caller.scope, { serials: splitSerials(typed.serials ?? ""), toAgent: typed.toAgent ?? "", note: typed.note ?? "" }, now, ip),
  );
  revalidatePath("/settings/transfer");
  return r;
}
