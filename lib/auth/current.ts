import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { requireApiScope } from "./api";
import type { Caller } from "./principal";
import { requestedPath } from "./request-info";
import type { Scope } from "./scope";
import { resolveSession, SESSION_COOKIE } from "./sessions";

/** The signed-in caller of the current page, server component or server action; null when signed out. */
export async function getCurrentCaller(): Promise<Caller | null> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return resolveSession(getDb(), token, Date.now());
}

/**
 * Like getCurrentCaller, but a signed-out visitor is sent to /login and comes back afterwards.
 * Someone who must change their password (a temporary one, set by an admin) reaches only the
 * password page, and its actions, until they have.
 */
export async function requireCaller(opts: { next?: string } = {}): Promise<Caller> {
  const caller = await getCurrentCaller();
  const h = await headers();
  if (caller) {
    if (caller.user.mustChangePassword && !PASSWORD_PAGE.test(requestedPath(h, { keepAuthPages: true }))) redirect("/settings/account?first=1");
    return caller;
  }
  const next = opts.next ?? requestedPath(h);
  redirect(next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`);
}

/** The one page open to a person who must change their password first. */
const PASSWORD_PAGE = /^\/settings\/account(?:[?#]|$)/;

/**
 * The scope of the person making the current page request (pages, layouts, server actions).
 * Signed out: redirects to /login?next=<this page>.
 */
export async function requireScope(opts: { next?: string } = {}): Promise<Scope> {
  return (await requireCaller(opts)).scope;
}

/** The scope of a route handler's request: API token (GET only) or session cookie; 401/403 as AppError. */
export function requireRequestScope(request: Request): Promise<Scope> {
  return requireApiScope(request);
}
