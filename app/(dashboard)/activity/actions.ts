"use server";
import { revalidatePath } from "next/cache";
import { recordActivityAction } from "@/lib/activity/actions";
import { formObject, runAction } from "@/app/_lib/action";
import type { FormState } from "@/app/_lib/form-state";

export async function activityAction(_prev: FormState, form: FormData) {
  const typed = formObject(form);
  const r = await runAction({ next: "/activity", echo: typed }, ({ caller, db, now }) =>
    recordActivityAction(db, caller.scope, { sn: typed.sn ?? "", kind: typed.kind ?? "", note: typed.note ?? "" }, now),
  );
  revalidatePath("/activity");
  return r;
}
