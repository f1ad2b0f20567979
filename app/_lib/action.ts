import "server-only";
// The one runner of server actions in app/: signs the caller in (or sends them to /login), gives
// the verb the store, the time and the client address, and words any error in the reader's
// language with one message per input.
import { headers } from "next/headers";
import { getTranslations } from "next-intl/server";
import { getDb, type Db } from "@/db/client";
import { requireCaller } from "@/lib/auth/current";
import type { Caller } from "@/lib/auth/principal";
import { clientIp } from "@/lib/auth/request-info";
import { AppError } from "@/lib/errors";
import { describeError, type Described } from "./describe-error";
import type { FormState } from "./form-state";

export interface ActionContext {
  caller: Caller;
  db: Db;
  now: number;
  ip: string;
}

export interface ActionOptions {
  /** Where a signed-out caller returns after signing in. */
  next: string;
  /** Typed values to refill the form with after a refusal (never passwords). */
  echo?: Record<string, string>;
}

export async function runAction<T>(opts: ActionOptions, fn: (ctx: ActionContext) => T | Promise<T>): Promise<FormState<T>> {
  const caller = await requireCaller({ next: opts.next });
  const ip = clientIp(await headers());
  const now = Date.now();
  try {
    return { status: "ok", value: await fn({ caller, db: getDb(), now, ip }), at: now };
  } catch (err) {
    return { status: "error", ...(await describe(err)), at: now, ...(opts.echo ? { values: opts.echo } : {}) };
  }
}

/** Alert refusals (already acknowledged, ...) have their own sentences; everything else is worded generally. */
async function describe(err: unknown): Promise<Described> {
  const reason = err instanceof AppError ? err.details?.reason : undefined;
  if (typeof reason === "string") {
    const alerts = await getTranslations("alerts.errors");
    if (alerts.has(`reason.${reason}`)) {
      const msg = alerts(`reason.${reason}`);
      const field = err instanceof AppError ? err.details?.field : undefined;
      return { error: msg, fields: typeof field === "string" ? { [field]: msg } : {} };
    }
  }
  return describeError(err, await getTranslations("settings.errors"));
}

/** Form fields as strings; the last value wins for a repeated name. */
export function formObject(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form) if (typeof v === "string" && !k.startsWith("$")) out[k] = v;
  return out;
}

/** Form fields as strings; repeated names (checkbox groups) as arrays. */
export function formFields(form: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of form) {
    if (typeof v !== "string" || k.startsWith("$")) continue;
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}
