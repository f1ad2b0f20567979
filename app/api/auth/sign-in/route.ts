// POST /api/auth/sign-in {email, password}: opens a session (cookie) for scripts and tests; the
// login page uses a server action instead. Same-origin only, like every cookie-setting write.
import { getDb } from "@/db/client";
import { assertSameOrigin } from "@/lib/auth/csrf";
import { clientIp } from "@/lib/auth/request-info";
import { isHttps, readCookie, serializeSessionCookie, SESSION_COOKIE } from "@/lib/auth/sessions";
import { signIn } from "@/lib/auth/sign-in";
import { badRequest } from "@/lib/errors";
import { json, problemResponse } from "@/lib/http/route";

export async function POST(req: Request): Promise<Response> {
  try {
    assertSameOrigin(req.method, req.headers);
    const body = (await req.json().catch(() => {
      throw badRequest("send a JSON body: {\"email\": \"...\", \"password\": \"...\"}");
    })) as Record<string, unknown> | null;
    const s = await signIn(
      getDb(),
      { email: body?.email, password: body?.password, ip: clientIp(req.headers), userAgent: req.headers.get("user-agent") ?? "", previousToken: readCookie(req.headers.get("cookie"), SESSION_COOKIE) },
      Date.now(),
    );
    return json(
      { userId: s.userId, expiresAt: new Date(s.expiresAt).toISOString(), mustChangePassword: s.mustChangePassword },
      { headers: { "set-cookie": serializeSessionCookie(s.token, isHttps(req.headers, req.url)) } },
    );
  } catch (err) {
    const res = problemResponse(err, req);
    const retry = (err as { details?: { retryAfterSeconds?: number } }).details?.retryAfterSeconds;
    if (retry) res.headers.set("retry-after", String(retry));
    return res;
  }
}
