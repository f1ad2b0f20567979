"use server";
import { revalidatePath } from "next/cache";
import { createUser, deactivateUser, reactivateUser, resetPassword, updateUser } from "@/lib/auth/users";
import { formObject, runAction } from "@/app/_lib/action";
import type { FormState } from "@/app/_lib/form-state";

const done = <T,>(r: FormState<T>) => {
  revalidatePath("/settings/users");
  return r;
};

export async function createUserAction(_prev: FormState, form: FormData) {
  const input = formObject(form);
  // The form is refilled after a refusal, but never with the password typed into it.
  const { password: _password, ...echo } = input;
  return done(await runAction({ next: "/settings/users", echo }, async ({ caller, db, now, ip }) => (await createUser(db, caller.scope, input, now, ip)).temporaryPassword));
}

export async function updateUserAction(_prev: FormState, form: FormData) {
  const { id, ...patch } = formObject(form);
  return done(await runAction({ next: "/settings/users" }, ({ caller, db, now, ip }) => updateUser(db, caller.scope, Number(id), patch, now, ip)));
}

export async function deactivateUserAction(_prev: FormState, form: FormData) {
  return done(await runAction({ next: "/settings/users" }, ({ caller, db, now, ip }) => deactivateUser(db, caller.scope, Number(form.get("id")), now, ip)));
}

export async function reactivateUserAction(_prev: FormState, form: FormData) {
  return done(await runAction({ next: "/settings/users" }, ({ caller, db, now, ip }) => reactivateUser(db, caller.scope, Number(form.get("id")), now, ip)));
}

export async function resetPasswordAction(_prev: FormState, form: FormData) {
  return done(await runAction({ next: "/settings/users" }, ({ caller, db, now, ip }) => resetPassword(db, caller.scope, Number(form.get("id")), now, ip)));
}
