"use server";
// Server actions of the call queue and the alert detail page: thin wrappers over lib/alerts.
import { revalidatePath } from "next/cache";
import { acknowledgeAlerts, assignAlerts, logCall, resolveAlert, snoozeAlert } from "@/lib/alerts/actions";
import { createSilence, endSilence } from "@/lib/alerts/silences";
import { formFields, runAction } from "@/app/_lib/action";
import type { FormState } from "@/app/_lib/form-state";

const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function refresh(id?: string | string[]) {
  revalidatePath("/alerts");
  for (const one of list(id)) revalidatePath(`/alerts/${one}`);
}

export async function acknowledgeAction(_prev: FormState, form: FormData) {
  const f = formFields(form);
  const r = await runAction({ next: "/alerts" }, ({ caller, db, now, ip }) => acknowledgeAlerts(db, caller.scope, { ids: list(f.ids) }, now, { ip }));
  refresh(f.ids);
  return r;
}

export async function assignAction(_prev: FormState, form: FormData) {
  const f = formFields(form);
  const r = await runAction({ next: "/alerts" }, ({ caller, db, now, ip }) => assignAlerts(db, caller.scope, { ids: list(f.ids), assignee: f.assignee }, now, { ip }));
  refresh(f.ids);
  return r;
}

export async function logCallAction(_prev: FormState, form: FormData) {
  const f = formFields(form);
  const r = await runAction({ next: `/alerts/${f.id}` }, async ({ caller, db, now, ip }) => void (await logCall(db, caller.scope, f, now, { ip })));
  refresh(f.id);
  return r;
}

export async function snoozeAction(_prev: FormState, form: FormData) {
  const f = formFields(form);
  const r = await runAction({ next: `/alerts/${f.id}` }, async ({ caller, db, now, ip }) => void (await snoozeAlert(db, caller.scope, f, now, { ip })));
  refresh(f.id);
  return r;
}

export async function resolveAction(_prev: FormState, form: FormData) {
  const f = formFields(form);
  const r = await runAction({ next: `/alerts/${f.id}` }, async ({ caller, db, now, ip }) => void (await resolveAlert(db, caller.scope, f, now, { ip })));
  refresh(f.id);
  return r;
}

export async function createSilenceAction(_prev: FormState, form: FormData) {
  const r = await runAction({ next: "/alerts/silences" }, ({ caller, db, now, ip }) => createSilence(db, caller.scope, formFields(form), now, ip));
  revalidatePath("/alerts/silences");
  refresh();
  return r;
}

export async function endSilenceAction(_prev: FormState, form: FormData) {
  const r = await runAction({ next: "/alerts/silences" }, ({ caller, db, now, ip }) => endSilence(db, caller.scope, Number(form.get("id")), now, ip));
  revalidatePath("/alerts/silences");
  refresh();
  return r;
}
