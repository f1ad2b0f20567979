// GET /api/v1/tokens: the caller's own API tokens (never the secrets).
// POST /api/v1/tokens {label}: creates one and returns it once; needs a browser session.
import { getDb } from "@/db/client";
import { requireApiCaller } from "@/lib/auth/api";
import { createApiToken, listOwnApiTokens } from "@/lib/auth/api-tokens";
import { clientIp } from "@/lib/auth/request-info";
import { badRequest } from "@/lib/errors";
import { json, problemResponse } from "@/lib/http/route";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export async function GET(req: Request): Promise<Response> {
  try {
    const { scope } = await requireApiCaller(req);
    const tokens = (await listOwnApiTokens(getDb(), scope)).map((t) => ({ ...t, createdAt: iso(t.createdAt), lastUsedAt: iso(t.lastUsedAt), revokedAt: iso(t.revokedAt) }));
    return json({ tokens });
  } catch (err) {
    return problemResponse(err, req);
  }
}

export async function POST(req: Request): Promise<Response> {
  try {
    const { scope } = await requireApiCaller(req, { sessionOnly: true });
    const body = await req.json().catch(() => {
      throw badRequest("send a JSON body: {\"label\": \"...\"}");
    });
    const t = await createApiToken(getDb(), scope, body, Date.now(), clientIp(req.headers));
    return json(t, { status: 201 });
  } catch (err) {
    return problemResponse(err, req);
  }
}
