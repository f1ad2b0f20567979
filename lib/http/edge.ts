// Checks made by the node:http server before a request reaches Next, and the security headers
// every answer carries. Next answers some malformed requests with a bare 500 (a path with broken
// percent-encoding on a dynamic route, a server action from another origin, over its body limit or
// with a body it cannot decode); these are the client's mistakes and get a 4xx problem here.
import type { IncomingHttpHeaders } from "node:http";
import { hashGate } from "@/lib/auth/password";
import { env } from "@/lib/config";
import HEADERS from "./security-headers.json";

/** Security headers for every answer: pages (also set by next.config.js headers()), API and node:http. */
export function securityHeaders(dev = env("NODE_ENV") === "development"): Record<string, string> {
  const out: Record<string, string> = { ...HEADERS };
  // Next's development runtime evaluates code; the production build does not.
  if (dev) out["Content-Security-Policy"] = out["Content-Security-Policy"]!.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'");
  return out;
}

/** Next's default server-action body limit ("1mb"). */
export const ACTION_BODY_LIMIT = 1024 * 1024;

export interface EdgeRefusal {
  status: 400 | 403 | 411 | 413 | 503;
  title: string;
  detail: string;
}

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/** The same test as lib/auth/csrf.ts, on node:http headers: Sec-Fetch-Site, else Origin against Host. */
function sameOrigin(headers: IncomingHttpHeaders, trustProxy: boolean): boolean {
  const site = headers["sec-fetch-site"];
  if (typeof site === "string" && site) return site === "same-origin" || site === "none";
  const origin = headers.origin;
  const fwd = trustProxy ? String(headers["x-forwarded-host"] ?? "").split(",")[0]?.trim() : "";
  const host = fwd || headers.host;
  if (!origin || !host || origin === "null") return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

function validPercentEncoding(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Why the request must not reach Next, or null. `url` is the raw request target. API route
 * handlers (/api/...) check Origin themselves and answer their own problems; pages and server
 * actions (every other write) are checked here.
 */
export function refuseBeforeNext(method: string, url: string, headers: IncomingHttpHeaders, opts: { trustProxy?: boolean } = {}): EdgeRefusal | null {
  const q = url.indexOf("?");
  const path = q < 0 ? url : url.slice(0, q);
  if (!validPercentEncoding(path)) return { status: 400, title: "Bad request", detail: "the path has broken percent-encoding" };
  // A sign-in while the password checker is saturated is refused here, before Next spends anything on it.
  if (path === "/api/auth/sign-in" && method.toUpperCase() === "POST" && hashGate.full()) {
    return { status: 503, title: "Service unavailable", detail: "the server is checking too many passwords at once; try again in a moment" };
  }
  if (SAFE.has(method.toUpperCase()) || path.startsWith("/api/")) return null;
  // A write to a page is a server action (or a form posted to one).
  if (!sameOrigin(headers, opts.trustProxy ?? false)) {
    return { status: 403, title: "Forbidden", detail: "cross-site request refused: send it from this site's own pages (Origin must match the host)" };
  }
  const declared = headers["content-length"];
  if (declared === undefined) {
    if (headers["transfer-encoding"]) return { status: 411, title: "Length required", detail: "send the form with a Content-Length" };
    return null;
  }
  if (!/^\d+$/.test(declared) || Number(declared) > ACTION_BODY_LIMIT) {
    return { status: 413, title: "Payload too large", detail: `a form may carry at most ${ACTION_BODY_LIMIT} bytes` };
  }
  return null;
}

/** True for a request Next treats as a server action (its 500 answers then mean an undecodable request). */
export function isServerActionRequest(method: string, url: string, headers: IncomingHttpHeaders): boolean {
  if (method.toUpperCase() !== "POST" || url.startsWith("/api/") || url.startsWith("/_next/")) return false;
  if (headers["next-action"]) return true;
  const type = String(headers["content-type"] ?? "");
  return type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form-urlencoded");
}

/** How long a connection closed after a refusal keeps reading (and dropping) what the client still sends. */
const LINGER_MS = 2_000;

/**
 * Writes a refusal as problem+json (the body, if any, is drained so the connection stays usable).
 * A 411 or 413 closes the connection, with a lingering close: the answer and a FIN go first, and
 * the rest of the body the client is still sending is read and dropped for up to LINGER_MS.
 * Closing at once with unread data makes the kernel send a reset, and a client still writing its
 * body then sees ECONNRESET and may never read the 413.
 */
export function answerRefusal(req: { complete: boolean; resume(): unknown }, res: import("node:http").ServerResponse, r: EdgeRefusal): void {
  if (!req.complete) req.resume();
  const closing = r.status === 411 || r.status === 413;
  if (closing && res.socket) lingerOnClose(res.socket);
  const text = JSON.stringify({ type: "about:blank", title: r.title, status: r.status, detail: r.detail });
  res.writeHead(r.status, {
    "content-type": "application/problem+json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    connection: closing ? "close" : "keep-alive",
    ...(r.status === 503 ? { "retry-after": "1" } : {}),
  });
  res.end(text);
}

/** Node ends a "connection: close" answer with destroySoon(); this one half-closes and drains first. */
function lingerOnClose(socket: import("node:net").Socket): void {
  socket.destroySoon = function lingeringClose(this: import("node:net").Socket) {
    const timer = setTimeout(() => this.destroy(), LINGER_MS);
    timer.unref();
    this.once("close", () => clearTimeout(timer));
    this.once("end", () => this.destroy());
    this.on("data", () => undefined);
    this.end();
  };
}

/**
 * Next answers a server action it cannot decode (a garbled body, a stale action id, a form from a
 * foreign origin that slipped past the checks above) with 500. The action functions of this
 * product catch their own errors and answer with a state, so a 500 from the action machinery is
 * the request's fault: it is answered as 400 and logged by `onDowngrade`.
 */
export function downgradeActionFailures(res: import("node:http").ServerResponse, onDowngrade: () => void): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => import("node:http").ServerResponse;
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    if (status === 500) {
      onDowngrade();
      return writeHead(400, ...rest);
    }
    return writeHead(status, ...rest);
  }) as typeof res.writeHead;
}

const FORWARDING_HEADERS = ["x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port", "forwarded"];

/**
 * Without a trusted proxy in front (TRUST_PROXY), X-Forwarded-* and Forwarded are whatever the
 * client made up: they are removed before Next reads them (its request URL, its server-action
 * origin check), so a forged "https" or host changes nothing.
 */
export function dropUntrustedForwarding(headers: IncomingHttpHeaders, trustProxy: boolean): void {
  if (trustProxy) return;
  for (const name of FORWARDING_HEADERS) delete headers[name];
}
