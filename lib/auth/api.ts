// The caller of an API route handler: a personal API token (read-only: GET/HEAD) or the session
// cookie (any method, same-origin only for writes). Free of next/headers so tests import it directly.
import { getDb, type Db } from "@/db/client";
import { unauthorized } from "@/lib/errors";
import { resolveApiToken } from "./api-tokens";
import { assertSameOrigin, isSafeMethod } from "./csrf";
import { forbidden } from "./errors";
import type { Caller } from "./principal";
import type { Scope } from "./scope";
import { readCookie, resolveSession, SESSION_COOKIE } from "./sessions";

export interface ApiAuthOptions {
  db?: Db;
  now?: number;
  /** Refuse API tokens (routes that manage credentials accept only a signed-in browser). */
  sessionOnly?: boolean;
}

export async function requireApiCaller(request: Request, opts: ApiAuthOptions = {}): Promise<Caller> {
  const db = opts.db ?? getDb();
  const now = opts.now ?? Date.now();
  const auth = request.headers.get("authorization");
  if (auth) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (!m) throw unauthorized(`send the API token as "Authorization: Bearer pfa_..."`);
    const caller = await resolveApiToken(db, m[1]!, now);
    if (!caller) throw unauthorized("the API token is unknown or revoked; create one in Settings → API tokens");
    if (opts.sessionOnly) throw forbidden("this endpoint needs a signed-in browser session, not an API token");
    if (!isSafeMethod(request.method)) throw forbidden("API tokens are read-only; use GET");
    assertPasswordSettled(caller, request);
    return caller;
  }
  const caller = await resolveSession(db, readCookie(request.headers.get("cookie"), SESSION_COOKIE), now);
  if (!caller) throw unauthorized("sign in, or send an API token as \"Authorization: Bearer pfa_...\"");
  assertSameOrigin(request.method, request.headers);
  assertPasswordSettled(caller, request);
  return caller;
}

/** Until a temporary password is changed, the API answers only "who am I" and sign-out. */
const OPEN_WHILE_PASSWORD_PENDING = new Set(["/api/auth/me", "/api/auth/sign-out"]);

function assertPasswordSettled(caller: Caller, request: Request): void {
  if (!caller.user.mustChangePassword) return;
  let path = "";
  try {
    path = new URL(request.url).pathname;
  } catch {
    // An unreadable URL is not one of the open paths.
  }
  if (!OPEN_WHILE_PASSWORD_PENDING.has(path)) throw forbidden("change your temporary password first (Settings → My account)");
}

/** The scope of an API request; throws 401 (no or bad credentials) or 403 (cross-site write, token write). */
export async function requireApiScope(request: Request, opts: ApiAuthOptions = {}): Promise<Scope> {
  return (await requireApiCaller(request, opts)).scope;
}
