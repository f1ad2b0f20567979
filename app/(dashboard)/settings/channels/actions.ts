"use server";
// Server actions of the channel settings: thin wrappers over lib/notify/channels.
import { revalidatePath } from "next/cache";
import { createChannel, deleteChannel, sendTestMessage, updateChannel } from "@/lib/notify/channels";
import { formFields, runAction } from "@/app/_lib/action";
import type { FormState } from "@/app/_lib/form-state";

/** The form as the channel schema reads it: checkbox groups as lists, the switch as a boolean. */
function channelInput(form: FormData) {
  const f = formFields(form);
  const categories = f.categories === undefined ? [] : Array.isArray(f.categories) ? f.categories : [f.categories];
  return { ...f, categories, enabled: f.enabled === "on" };
}

export async function createChannelAction(_prev: FormState, form: FormData) {
  const r = await runAction({ next: "/settings/channels" }, ({ caller, db, now, ip }) => createChannel(db, caller.scope, channelInput(form), now, ip));
  revalidatePath("/settings/channels");
  return r;
}

export async function updateChannelAction(_prev: FormState, form: FormData) {
  const id = Number(form.get("id"));
  const r = await runAction({ next: `/settings/channels/${id}` }, ({ caller, db, now, ip }) => updateChannel(db, caller.scope, id, channelInput(form), now, ip));
  revalidatePath("/settings/channels");
  revalidatePath(`/settings/channels/${id}`);
  return r;
}

export async function deleteChannelAction(_prev: FormState, form: FormData) {
  const r = await runAction({ next: "/settings/channels" }, ({ caller, db, now, ip }) => deleteChannel(db, caller.scope, Number(form.get("id")), now, ip));
  revalidatePath("/settings/channels");
  return r;
}

/** Sends at once and answers with the receiver's verdict (the error text never holds the URL or secret). */
export async function testChannelAction(_prev: FormState, form: FormData) {
  const id = Number(form.get("id"));
  const r = await runAction({ next: "/settings/channels" }, async ({ caller, db, now }) => {
    const res = await sendTestMessage(db, caller.scope, id, now);
    return { ok: res.ok, status: res.status, error: res.error };
  });
  revalidatePath("/settings/channels");
  revalidatePath(`/settings/channels/${id}`);
  return r;
}
