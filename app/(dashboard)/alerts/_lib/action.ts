import "server-only";
import { headers } from "next/headers";
import { getTranslations } from "next-intl/server";
import { getDb, type Db } from "@/db/client";
import { requireCaller } from "@/lib/auth/current";
import type { Caller } from "@/lib/auth/principal";
import { clientIp } from "@/lib/auth/request-info";
import { AppError } from "@/lib/errors";
import { describeError } from "../../settings/_lib/describe-error";

/** What every alert, incident and channel form gets back from its server action. */
export type ActionState<T = unknown> =
  | { status: "idle" }
  | { status: "ok"; value: T; at: number }
  | { status: "error"; error: string; fields: Record<string, string>; at: number };

export interface ActionContext {
  caller: Caller;
  db: Db;
  now: number;
  ip: string;
}

/**
 * Runs a verb for the signed-in caller and words errors in the reader's language: the alert
 * reasons (already acknowledged, ...) from "alerts.errors", everything else as the settings do.
 */
export async function runAlertAction<T>(next: string, fn: (ctx: ActionContext) => T | Promise<T>): Promise<ActionState<T>> {
  const caller = await requireCaller({ next });
  const ip = clientIp(await headers());
  const now = Date.now();
  try {
    return { status: "ok", value: await fn({ caller, db: getDb(), now, ip }), at: now };
  } catch (err) {
    const mine = await getTranslations("alerts.errors");
    const reason = err instanceof AppError ? (err.details?.reason as string | undefined) : undefined;
    if (reason && mine.has(`reason.${reason}`)) {
      const msg = mine(`reason.${reason}` as never);
      const field = err instanceof AppError ? (err.details?.field as string | undefined) : undefined;
      return { status: "error", error: msg, fields: field ? { [field]: msg } : {}, at: now };
    }
    const t = await getTranslations("settings.errors");
    return { status: "error", ...describeError(err, t as never), at: now };
  }
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
