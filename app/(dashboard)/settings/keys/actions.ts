"use server";
import { revalidatePath } from "next/cache";
import { createKey, revokeKey } from "@/lib/auth/ingest-key-admin";
import { formObject, runAction, type ActionState } from "../_lib/action";

export async function createKeyAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const r = await runAction(async ({ caller, db, now, ip }) => (await createKey(db, caller.scope, formObject(form), now, ip)).key);
  revalidatePath("/settings/keys");
  return r;
}

export async function revokeKeyAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const r = await runAction(({ caller, db, now, ip }) => revokeKey(db, caller.scope, Number(form.get("id")), now, ip));
  revalidatePath("/settings/keys");
  return r;
}
