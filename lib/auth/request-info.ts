// What the edge knows about a request: the client's address and the path asked for. The fleet
// server (lib/server/server.ts) writes x-pfh-client-ip and x-pfh-path itself, over anything sent.
export const CLIENT_IP_HEADER = "x-pfh-client-ip";
export const PATH_HEADER = "x-pfh-path";

/**
 * The client address for rate limiting and the audit log. Behind a reverse proxy set TRUST_PROXY=1
 * so the first X-Forwarded-For entry is used; otherwise that header is the client's to forge.
 */
export function clientIp(headers: Headers): string {
  if (process.env.TRUST_PROXY === "1") {
    const first = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
    if (first) return first.slice(0, 64);
  }
  return (headers.get(CLIENT_IP_HEADER) ?? "").slice(0, 64) || "unknown";
}

/** A local path to return to after sign-in; anything else (other hosts, "//x", "/\\x") becomes "/". */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  if (next.startsWith("/login") || next.startsWith("/api/")) return "/";
  return next.slice(0, 1000);
}

/** The page path of the current request, without Next's internal `_rsc` parameter. */
export function requestedPath(headers: Headers): string {
  const raw = headers.get(PATH_HEADER);
  if (!raw) return "/";
  try {
    const url = new URL(raw, "http://local");
    url.searchParams.delete("_rsc");
    return safeNextPath(url.pathname + url.search);
  } catch {
    return "/";
  }
}
