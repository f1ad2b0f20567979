"use server";
import { revalidatePath } from "next/cache";
import { createUser, deactivateUser, reactivateUser, resetPassword, updateUser } from "@/lib/auth/users";
import { formObject, runAction, type ActionState } from "../_lib/action";

const done = <T,>(r: ActionState<T>) => {
  revalidatePath("/settings/users");
  return r;
};

export async function createUserAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const input = formObject(form);
  // The form is refilled after a refusal, but never with the password typed into it.
  const { password: _password, ...echo } = input;
  return done(await runAction(async ({ caller, db, now, ip }) => (await createUser(db, caller.scope, input, now, ip)).temporaryPassword, echo));
}

export async function updateUserAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const { id, ...patch } = formObject(form);
  return done(await runAction(({ caller, db, now, ip }) => updateUser(db, caller.scope, Number(id), patch, now, ip)));
}

export async function deactivateUserAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return done(await runAction(({ caller, db, now, ip }) => deactivateUser(db, caller.scope, Number(form.get("id")), now, ip)));
}

export async function reactivateUserAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return done(await runAction(({ caller, db, now, ip }) => reactivateUser(db, caller.scope, Number(form.get("id")), now, ip)));
}

export async function resetPasswordAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return done(await runAction(({ caller, db, now, ip }) => resetPassword(db, caller.scope, Number(form.get("id")), now, ip)));
}
