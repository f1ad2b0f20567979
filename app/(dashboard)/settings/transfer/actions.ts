"use server";
import { revalidatePath } from "next/cache";
import { splitSerials, transferTerminals } from "@/lib/onboarding/transfer";
import { runAction, type ActionState } from "../_lib/action";

export async function transferAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const r = await runAction(({ caller, db, now, ip }) =>
    transferTerminals(db, caller.scope, { serials: splitSerials(String(form.get("serials") ?? "")), toAgent: String(form.get("toAgent") ?? ""), note: String(form.get("note") ?? "") }, now, ip),
  );
  revalidatePath("/settings/transfer");
  return r;
}
