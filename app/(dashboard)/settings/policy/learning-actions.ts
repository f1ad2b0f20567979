"use server";
import { revalidatePath } from "next/cache";
import { runAction } from "@/app/_lib/action";
import type { FormState } from "@/app/_lib/form-state";
import { applySuggestion } from "@/lib/policy/learning";

/** Applies the threshold change the calls suggest for one field, through the ordinary policy save. */
export async function applySuggestionAction(_prev: FormState, form: FormData) {
  const field = String(form.get("field") ?? "");
  const r = await runAction({ next: "/settings/policy" }, async ({ caller, db, now, ip }) => {
    const { versionId, changed, suggestion } = await applySuggestion(db, caller.scope, field, now, ip);
    return { versionId, changed, to: suggestion.to };
  });
  revalidatePath("/settings/policy");
  return r;
}
