"use server";
import { changePassword } from "@/lib/auth/sign-in";
import { formObject, runAction, type ActionState } from "../_lib/action";

export async function changePasswordAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(({ caller, db, now }) => changePassword(db, caller.scope, formObject(form), caller.credentialId, now));
}
