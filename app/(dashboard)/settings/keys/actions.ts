"use server";
import { revalidatePath } from "next/cache";
import { createKey, revokeKey } from "@/lib/auth/ingest-key-admin";
import { formObject, runAction } from "@/app/_lib/action";
import type { FormState } from "@/app/_lib/form-state";

export async function createKeyAction(_prev: FormState, form: FormData) {
  const r = await runAction({ next: "/settings/keys" }, async ({ caller, db, now, ip }) => (await createKey(db, caller.scope, formObject(form), now, ip)).key);
  revalidatePath("/settings/keys");
  return r;
}

export async function revokeKeyAction(_prev: FormState, form: FormData) {
  const r = await runAction({ next: "/settings/keys" }, ({ caller, db, now, ip }) => revokeKey(db, caller.scope, Number(form.get("id")), now, ip));
  revalidatePath("/settings/keys");
  return r;
}
