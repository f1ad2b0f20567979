"use server";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { getCurrentCaller } from "@/lib/auth/current";
import { clientIp, safeNextPath } from "@/lib/auth/request-info";
import { isHttps, SESSION_COOKIE, sessionCookieOptions } from "@/lib/auth/sessions";
import { signIn, signOut } from "@/lib/auth/sign-in";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import type { FormState } from "@/app/_lib/form-state";

/**
 * The login form's action: a new session (the old cookie's session ends), then back to `next`.
 * It answers only with a refusal (the e-mail typed is given back to refill the form); success redirects.
 */
export async function signInAction(_prev: FormState, form: FormData): Promise<FormState<never>> {
  const h = await headers();
  const jar = await cookies();
  const email = String(form.get("email") ?? "");
  // Settled before the session exists: whatever was posted, the redirect below cannot fail.
  const next = safeNextPath(form.get("next"));
  let mustChange = false;
  try {
    const s = await signIn(
      getDb(),
      { email, password: form.get("password"), ip: clientIp(h), userAgent: h.get("user-agent") ?? "", previousToken: jar.get(SESSION_COOKIE)?.value },
      Date.now(),
    );
    jar.set(SESSION_COOKIE, s.token, sessionCookieOptions(isHttps(h)));
    mustChange = s.mustChangePassword;
  } catch (err) {
    const t = await getTranslations("auth.login");
    if (!(err instanceof AppError)) log.error({ err }, "sign-in failed unexpectedly");
    const code = err instanceof AppError ? err.code : "unexpected";
    const minutes = Math.ceil(Number((err instanceof AppError ? err.details?.retryAfterSeconds : undefined) ?? 60) / 60);
    const message =
      code === "rate_limited"
        ? t("rateLimited", { minutes })
        : code === "unavailable"
          ? t("rateLimited", { minutes: 1 })
          : code === "validation"
            ? t("missing")
            : code === "unauthorized"
              ? t("failed")
              : t("unexpected");
    return { status: "error", error: message, fields: {}, at: Date.now(), values: { email } };
  }
  redirect(mustChange ? "/settings/account?first=1" : next);
}

export async function signOutAction(): Promise<void> {
  const jar = await cookies();
  const caller = await getCurrentCaller();
  await signOut(getDb(), caller?.scope ?? null, jar.get(SESSION_COOKIE)?.value, clientIp(await headers()), Date.now());
  jar.delete(SESSION_COOKIE);
  redirect("/login");
}
