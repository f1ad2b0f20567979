// Database sessions: the cookie holds a random token, the table only its SHA-256. Role and agent
// are read from the user row on every request, so a change (or a deactivation) applies at once.
import type { Db } from "@/db/client";
import { deleteSessionByHash, findLiveSession, insertSession, touchSession } from "@/db/queries/auth-sessions";
import { toCaller, type Caller } from "./principal";
import { forwarded } from "./request-info";
import { randomSecret, sha256 } from "./secrets";
import { DAY_MS, MINUTE_MS } from "@/lib/domain/time";

export const SESSION_COOKIE = "pfh_session";
/** A session lives this long after its last use (sliding), ms. */
export const SESSION_TTL_MS = 7 * DAY_MS;
/** Last-seen and expiry are written at most this often per session, ms. */
const TOUCH_EVERY_MS = 5 * MINUTE_MS;

export interface NewSessionInfo {
  ip?: string;
  userAgent?: string;
}

export async function createSession(db: Db, userId: number, info: NewSessionInfo, now: number): Promise<{ token: string; id: number; expiresAt: number }> {
  const token = randomSecret();
  const expiresAt = now + SESSION_TTL_MS;
  const id = await insertSession(db, { tokenHash: sha256(token), userId, expiresAt, ip: (info.ip ?? "").slice(0, 64), userAgent: (info.userAgent ?? "").slice(0, 256) }, now);
  return { token, id, expiresAt };
}

/** The caller behind a session token, or null when the token is unknown, expired or its user deactivated. */
export async function resolveSession(db: Db, token: string | undefined | null, now: number): Promise<Caller | null> {
  if (!token || token.length > 200) return null;
  const row = await findLiveSession(db, sha256(token), now);
  if (!row) return null;
  if ((row.lastUsedAt ?? 0) + TOUCH_EVERY_MS <= now) await touchSession(db, row.credentialId, now, now + SESSION_TTL_MS);
  return toCaller(row, "session");
}

export async function endSession(db: Db, token: string | undefined | null): Promise<boolean> {
  if (!token) return false;
  return (await deleteSessionByHash(db, sha256(token))) > 0;
}

export interface CookieOptions {
  httpOnly: true;
  sameSite: "lax";
  secure: boolean;
  path: "/";
  maxAge: number; // seconds
}

/** Secure only when the browser talks HTTPS to us (directly or through a proxy that says so). */
export function sessionCookieOptions(secure: boolean): CookieOptions {
  return { httpOnly: true, sameSite: "lax", secure, path: "/", maxAge: Math.floor(SESSION_TTL_MS / 1000) };
}

/** HTTPS as the browser sees it: the request URL, or X-Forwarded-Proto from a trusted proxy (TRUST_PROXY=1). */
export function isHttps(headers: Headers, url?: string): boolean {
  const proto = forwarded(headers, "proto")?.toLowerCase();
  if (proto) return proto === "https";
  return url ? url.startsWith("https:") : false;
}

/** A Set-Cookie header value, for route handlers that answer with a plain Response. */
export function serializeSessionCookie(token: string, secure: boolean): string {
  const o = sessionCookieOptions(secure);
  return `${SESSION_COOKIE}=${token}; Path=/; Max-Age=${o.maxAge}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

/** Reads one cookie from a Cookie header; a value with broken percent-encoding reads as absent. */
export function readCookie(header: string | null | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
