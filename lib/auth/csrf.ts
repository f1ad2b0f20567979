// Cross-site request refusal for cookie-authenticated writes. Browsers send Sec-Fetch-Site (and
// Origin on every POST/PUT/PATCH/DELETE); a write that carries neither is refused too.
import { forbidden } from "./errors";
import { forwarded } from "./request-info";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/** True when the request comes from a page of this same origin (or the person typed the URL). */
export function isSameOrigin(headers: Headers): boolean {
  const site = headers.get("sec-fetch-site");
  if (site) return site === "same-origin" || site === "none";
  const origin = headers.get("origin");
  const host = forwarded(headers, "host") || headers.get("host");
  if (!origin || !host || origin === "null") return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Throws 403 for a state-changing request from another origin. */
export function assertSameOrigin(method: string, headers: Headers): void {
  if (isSafeMethod(method)) return;
  if (!isSameOrigin(headers)) throw forbidden("cross-site request refused: send it from this site's own pages (Origin must match the host)");
}
