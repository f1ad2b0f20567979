// POST /api/auth/sign-out: ends the session of the cookie and clears it.
import { getDb } from "@/db/client";
import { requireApiCaller } from "@/lib/auth/api";
import { clientIp } from "@/lib/auth/request-info";
import { clearedSessionCookie, isHttps, readCookie, SESSION_COOKIE } from "@/lib/auth/sessions";
import { signOut } from "@/lib/auth/sign-in";
import { problemResponse } from "@/lib/http/route";

export async function POST(req: Request): Promise<Response> {
  try {
    const caller = await requireApiCaller(req, { sessionOnly: true });
    await signOut(getDb(), caller.scope, readCookie(req.headers.get("cookie"), SESSION_COOKIE), clientIp(req.headers), Date.now());
    return new Response(null, { status: 204, headers: { "set-cookie": clearedSessionCookie(isHttps(req.headers, req.url)) } });
  } catch (err) {
    return problemResponse(err, req);
  }
}
