import "server-only";
import { headers } from "next/headers";
import { getTranslations } from "next-intl/server";
import { getDb, type Db } from "@/db/client";
import { requireCaller } from "@/lib/auth/current";
import type { Caller } from "@/lib/auth/principal";
import { clientIp } from "@/lib/auth/request-info";
import { describeError } from "./describe-error";

/** What every settings form gets back from its server action. */
export type ActionState<T = unknown> =
  | { status: "idle" }
  | { status: "ok"; value: T; at: number }
  | { status: "error"; error: string; fields: Record<string, string>; at: number; values?: Record<string, string> };

export interface ActionContext {
  caller: Caller;
  db: Db;
  now: number;
  ip: string;
}

/**
 * Runs a settings verb for the signed-in caller (signed out: to /login) and words any error in
 * the reader's language. `at` lets a form tell two identical answers apart.
 */
export async function runAction<T>(fn: (ctx: ActionContext) => T | Promise<T>, echo?: Record<string, string>): Promise<ActionState<T>> {
  const caller = await requireCaller({ next: "/settings" });
  const ip = clientIp(await headers());
  const now = Date.now();
  try {
    return { status: "ok", value: await fn({ caller, db: getDb(), now, ip }), at: now };
  } catch (err) {
    const t = await getTranslations("settings.errors");
    // `echo` (never passwords) refills the form, which React clears after an action.
    return { status: "error", ...describeError(err, t as never), at: now, ...(echo ? { values: echo } : {}) };
  }
}

export function formObject(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form) if (typeof v === "string" && !k.startsWith("$")) out[k] = v;
  return out;
}
