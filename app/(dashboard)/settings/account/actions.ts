"use server";
import { changePassword } from "@/lib/auth/sign-in";
import { formObject, runAction } from "@/app/_lib/action";
import type { FormState } from "@/app/_lib/form-state";

export async function changePasswordAction(_prev: FormState, form: FormData) {
  return runAction({ next: "/settings/account" }, ({ caller, db, now }) => changePassword(db, caller.scope, formObject(form), caller.credentialId, now));
}
