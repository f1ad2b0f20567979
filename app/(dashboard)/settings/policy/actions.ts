"use server";
import { revalidatePath } from "next/cache";
import { dryRunPolicyChange, revertPolicy, savePolicyChange } from "@/lib/policy/admin";
import { formObject, runAction } from "@/app/_lib/action";
import type { FormState } from "@/app/_lib/form-state";
import { policyFromForm } from "./form-data";

/** Shown rows of a dry run; the count covers all of them. */
const DRY_RUN_ROWS = 200;

export async function policyAction(_prev: FormState, form: FormData) {
  const intent = form.get("intent");
  const candidate = policyFromForm(formObject(form));
  if (intent === "save") {
    const r = await runAction({ next: "/settings/policy" }, async ({ caller, db, now, ip }) => ({ kind: "saved" as const, ...(await savePolicyChange(db, caller.scope, candidate, now, ip)) }));
    revalidatePath("/settings/policy");
    return r;
  }
  return runAction({ next: "/settings/policy" }, async ({ caller, db, now }) => {
    const d = await dryRunPolicyChange(db, caller.scope, candidate, now);
    return { kind: "dry-run" as const, changed: d.changed, total: d.total, items: d.items.slice(0, DRY_RUN_ROWS) };
  });
}

export async function revertPolicyAction(_prev: FormState, form: FormData) {
  const r = await runAction({ next: "/settings/policy" }, ({ caller, db, now, ip }) => revertPolicy(db, caller.scope, Number(form.get("id")), now, ip));
  revalidatePath("/settings/policy");
  return r;
}
