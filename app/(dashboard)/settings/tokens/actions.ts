"use server";
import { revalidatePath } from "next/cache";
import { createApiToken, revokeApiToken } from "@/lib/auth/api-tokens";
import { formObject, runAction } from "@/app/_lib/action";
import type { FormState } from "@/app/_lib/form-state";

export async function createTokenAction(_prev: FormState, form: FormData) {
  const r = await runAction({ next: "/settings/tokens" }, async ({ caller, db, now, ip }) => (await createApiToken(db, caller.scope, formObject(form), now, ip)).token);
  revalidatePath("/settings/tokens");
  return r;
}

export async function revokeTokenAction(_prev: FormState, form: FormData) {
  const r = await runAction({ next: "/settings/tokens" }, ({ caller, db, now, ip }) => revokeApiToken(db, caller.scope, Number(form.get("id")), now, ip));
  revalidatePath("/settings/tokens");
  return r;
}
