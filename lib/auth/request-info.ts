// What the edge knows about a request: the client's address and the path asked for. The fleet
// server (lib/server/server.ts) writes x-pfh-client-ip and x-pfh-path itself, over anything sent.
import { env } from "@/lib/config";

export const CLIENT_IP_HEADER = "x-pfh-client-ip";
export const PATH_HEADER = "x-pfh-path";

/** True when the operator said a reverse proxy sits in front (TRUST_PROXY=1): only then do X-Forwarded-* count. */
export function trustProxy(): boolean {
  return env("TRUST_PROXY");
}

/** The first value of an X-Forwarded-* header, when a trusted proxy sets it; otherwise undefined. */
export function forwarded(headers: Headers, name: "for" | "proto" | "host"): string | undefined {
  if (!trustProxy()) return undefined;
  const first = headers.get(`x-forwarded-${name}`)?.split(",")[0]?.trim();
  return first || undefined;
}

/**
 * The client address for rate limiting and the audit log. Behind a reverse proxy set TRUST_PROXY=1
 * so the first X-Forwarded-For entry is used; otherwise that header is the client's to forge.
 */
export function clientIp(headers: Headers): string {
  const first = forwarded(headers, "for");
  if (first) return first.slice(0, 64);
  return (headers.get(CLIENT_IP_HEADER) ?? "").slice(0, 64) || "unknown";
}

const BASE = "http://next.invalid";
const MAX_NEXT_LENGTH = 2000;
// C0 controls, DEL and the C1 range: never part of a path a person asked for.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// Pages that make no sense to come back to (the sign-in page itself, JSON endpoints).
const NOT_A_RETURN = /^\/(?:login|api)(?:[/?#]|$)/i;

/**
 * A same-origin path to return to after sign-in, percent-encoded so it is safe in a Location
 * header; anything else becomes "/". The value is first read the way a browser reads a URL: tabs
 * and line breaks vanish and a backslash counts as a slash, so "/\t/evil.example", "/\\evil" and
 * "/%09/evil" (decoded by the query string) cannot turn into the protocol-relative "//evil".
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== "string" || next.length === 0 || next.length > MAX_NEXT_LENGTH) return "/";
  const s = next.replace(/[\t\n\r]/g, "");
  if (!s.startsWith("/") || CONTROL.test(s)) return "/";
  // A backslash is a slash to the browser; in the path part it could only serve to disguise one.
  const pathPart = s.split(/[?#]/, 1)[0]!;
  if (pathPart.includes("\\")) return "/";
  if (s.startsWith("//")) return "/";
  let url: URL;
  try {
    url = new URL(s, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE) return "/";
  // The serialised form is ASCII: non-ASCII and unsafe characters are percent-encoded.
  const out = url.pathname + url.search + url.hash;
  // Dot segments may collapse "/.//x" into "//x"; a path that starts with two slashes is a host.
  if (!out.startsWith("/") || out.startsWith("//") || /[^\x21-\x7e]/.test(out)) return "/";
  if (NOT_A_RETURN.test(out)) return "/";
  return out;
}

/**
 * The page path of the current request, without Next's internal `_rsc` parameter, as a safe
 * return address ("/" for anything odd).
 */
export function requestedPath(headers: Headers, opts: { keepAuthPages?: boolean } = {}): string {
  const raw = headers.get(PATH_HEADER);
  if (!raw) return "/";
  try {
    const url = new URL(raw, BASE);
    if (url.origin !== BASE) return "/";
    url.searchParams.delete("_rsc");
    const path = url.pathname + url.search;
    return opts.keepAuthPages ? path : safeNextPath(path);
  } catch {
    return "/";
  }
}
