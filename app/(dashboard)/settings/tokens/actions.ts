"use server";
import { revalidatePath } from "next/cache";
import { createApiToken, revokeApiToken } from "@/lib/auth/api-tokens";
import { formObject, runAction, type ActionState } from "../_lib/action";

export async function createTokenAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const r = await runAction(async ({ caller, db, now, ip }) => (await createApiToken(db, caller.scope, formObject(form), now, ip)).token);
  revalidatePath("/settings/tokens");
  return r;
}

export async function revokeTokenAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const r = await runAction(({ caller, db, now, ip }) => revokeApiToken(db, caller.scope, Number(form.get("id")), now, ip));
  revalidatePath("/settings/tokens");
  return r;
}
