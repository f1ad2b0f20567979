// One HTTP attempt to deliver a rendered request, with a timeout. The robots answer HTTP 200
// even when they refuse a message, so their JSON error code decides success too.
import type { ChannelKind } from "@/lib/alerts/enums";
import type { RenderedRequest } from "./render";

export interface SendResult {
  ok: boolean;
  status: number | null;
  /** Why it failed, already cleaned of the URL and the secret. */
  error: string | null;
  durationMs: number;
}

const MAX_RESPONSE_CHARS = 2000;

export async function send(kind: ChannelKind, req: RenderedRequest, opts: { timeoutMs: number; secrets: string[]; signal?: AbortSignal }): Promise<SendResult> {
  const started = performance.now();
  const done = (ok: boolean, status: number | null, error: string | null): SendResult => ({
    ok, status, error: error === null ? null : redact(error, [req.url, ...opts.secrets]), durationMs: Math.round(performance.now() - started),
  });
  const signals = [AbortSignal.timeout(opts.timeoutMs), ...(opts.signal ? [opts.signal] : [])];
  let res: Response;
  let text: string;
  try {
    res = await fetch(req.url, { method: "POST", headers: req.headers, body: req.body, signal: AbortSignal.any(signals), redirect: "error" });
    text = (await res.text()).slice(0, MAX_RESPONSE_CHARS);
  } catch (err) {
    return done(false, null, describe(err, opts.timeoutMs));
  }
  if (res.status < 200 || res.status >= 300) return done(false, res.status, `HTTP ${res.status}: ${text.slice(0, 200)}`);
  const refusal = platformRefusal(kind, text);
  return refusal ? done(false, res.status, refusal) : done(true, res.status, null);
}

/** DingTalk and WeCom answer {errcode, errmsg}; Feishu {code, msg} (older bots: StatusCode). */
export function platformRefusal(kind: ChannelKind, text: string): string | null {
  if (kind === "webhook") return null;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return `the ${kind} endpoint answered something other than JSON: ${text.slice(0, 120)}`;
  }
  if (kind === "feishu") {
    const code = body.code ?? body.StatusCode;
    return code === 0 ? null : `feishu code ${String(code)}: ${String(body.msg ?? body.StatusMessage ?? "")}`;
  }
  return body.errcode === 0 ? null : `${kind} errcode ${String(body.errcode)}: ${String(body.errmsg ?? "")}`;
}

function describe(err: unknown, timeoutMs: number): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e.name === "TimeoutError") return `no answer within ${timeoutMs} ms`;
  if (e.name === "AbortError") return "the attempt was cut short by shutdown";
  return `network error: ${e.cause?.code ?? e.cause?.message ?? e.message}`;
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
