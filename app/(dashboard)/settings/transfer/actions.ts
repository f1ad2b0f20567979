"use server";
import { revalidatePath } from "next/cache";
import { splitSerials, transferTerminals } from "@/lib/onboarding/transfer";
import { formObject, runAction, type ActionState } from "../_lib/action";

export async function transferAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const typed = formObject(form);
  const r = await runAction(
    ({ caller, db, now, ip }) => transferTerminals(db, caller.scope, { serials: splitSerials(typed.serials ?? ""), toAgent: typed.toAgent ?? "", note: typed.note ?? "" }, now, ip),
    typed,
  );
  revalidatePath("/settings/transfer");
  return r;
}
