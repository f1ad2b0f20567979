// One HTTP attempt to deliver a rendered request, with a timeout. The robots answer HTTP 200
// even when they refuse a message, so their JSON error code decides success too.
//
// The request goes through node:http(s) with `guardedLookup` (lib/notify/ssrf.ts): the address
// actually connected to is checked, so a receiver name cannot be re-pointed at this server or its
// network after it was saved. What the receiver answers is read only to judge success; the result
// carries the status and a fixed reason, never the response body.
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import type { ChannelKind } from "@/lib/alerts/enums";
import type { RenderedRequest } from "./render";
import { BlockedAddressError, guardedLookup, refusedAddress } from "./ssrf";

export interface SendResult {
  ok: boolean;
  status: number | null;
  /** Why it failed: a fixed text with the status or error code, never the URL, the secret or the response. */
  error: string | null;
  durationMs: number;
}

/** Enough of a robot's answer to read its error code; the rest is not read. */
const MAX_RESPONSE_BYTES = 16 * 1024;

interface Answer {
  status: number;
  text: string;
}

function post(req: RenderedRequest, signal: AbortSignal): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      reject(Object.assign(new Error("bad url"), { code: "EBADURL" }));
      return;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      reject(Object.assign(new Error("bad scheme"), { code: "EBADURL" }));
      return;
    }
    // An address literal is connected to without a lookup: check it here.
    const host = url.hostname.replace(/^\[|\]$/g, "");
    if (isIP(host)) {
      const reason = refusedAddress(host);
      if (reason) {
        reject(new BlockedAddressError(reason));
        return;
      }
    }
    const client = url.protocol === "https:" ? https : http;
    const r = client.request(
      url,
      { method: "POST", headers: { ...req.headers, "content-length": String(Buffer.byteLength(req.body)) }, lookup: guardedLookup, signal, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          if (size >= MAX_RESPONSE_BYTES) return;
          size += c.length;
          chunks.push(c);
          if (size >= MAX_RESPONSE_BYTES) res.destroy();
        });
        const finish = () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8").slice(0, MAX_RESPONSE_BYTES) });
        res.on("end", finish);
        res.on("close", finish);
        res.on("error", (err) => (size >= MAX_RESPONSE_BYTES ? finish() : reject(err)));
      },
    );
    r.on("error", reject);
    r.end(req.body);
  });
}

export async function send(kind: ChannelKind, req: RenderedRequest, opts: { timeoutMs: number; secrets: string[]; signal?: AbortSignal }): Promise<SendResult> {
  const started = performance.now();
  const done = (ok: boolean, status: number | null, error: string | null): SendResult => ({
    ok, status, error: error === null ? null : redact(error, [req.url, ...opts.secrets]), durationMs: Math.round(performance.now() - started),
  });
  const signals = [AbortSignal.timeout(opts.timeoutMs), ...(opts.signal ? [opts.signal] : [])];
  let answer: Answer;
  try {
    answer = await post(req, AbortSignal.any(signals));
  } catch (err) {
    return done(false, null, describe(err, opts.timeoutMs, signals[0]!));
  }
  // Redirects are not followed: a receiver that moves must be saved again (and checked again).
  if (answer.status < 200 || answer.status >= 300) return done(false, answer.status, `HTTP ${answer.status}`);
  const refusal = platformRefusal(kind, answer.text);
  return refusal ? done(false, answer.status, refusal) : done(true, answer.status, null);
}

/** DingTalk and WeCom answer {errcode, errmsg}; Feishu {code, msg} (older bots: StatusCode). */
export function platformRefusal(kind: ChannelKind, text: string): string | null {
  if (kind === "webhook") return null;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return `the ${kind} endpoint answered something other than JSON`;
  }
  if (typeof body !== "object" || body === null) return `the ${kind} endpoint answered something other than a JSON object`;
  // Only the numeric code is repeated: the message text is the receiver's to choose.
  const num = (v: unknown) => (typeof v === "number" && Number.isInteger(v) ? String(v) : "(none)");
  if (kind === "feishu") {
    const code = body.code ?? body.StatusCode;
    return code === 0 ? null : `feishu refused the message: code ${num(code)}`;
  }
  return body.errcode === 0 ? null : `${kind} refused the message: errcode ${num(body.errcode)}`;
}

function describe(err: unknown, timeoutMs: number, timeout: AbortSignal): string {
  if (err instanceof BlockedAddressError) return err.message;
  const e = err as Error & { code?: string };
  if (e.name === "TimeoutError" || (e.name === "AbortError" && timeout.aborted)) return `no answer within ${timeoutMs} ms`;
  if (e.name === "AbortError") return "the attempt was cut short by shutdown";
  // A system error code (ECONNREFUSED, ENOTFOUND, CERT_HAS_EXPIRED...) and nothing else.
  return `network error: ${typeof e.code === "string" && /^[A-Z0-9_]{2,40}$/.test(e.code) ? e.code : "the connection failed"}`;
}

/** Removes the URL (its query holds tokens), its query values and the secrets from a text. */
export function redact(text: string, secrets: string[]): string {
  const needles = new Set<string>();
  for (const s of secrets) {
    if (!s) continue;
    needles.add(s);
    try {
      const url = new URL(s);
      for (const v of url.searchParams.values()) if (v.length >= 6) needles.add(v);
      if (url.pathname.length > 8) needles.add(url.pathname);
    } catch {
      // Not a URL: the plain value above is all there is to hide.
    }
  }
  let out = text;
  for (const n of [...needles].sort((a, b) => b.length - a.length)) out = out.split(n).join("[redacted]");
  return out;
}
