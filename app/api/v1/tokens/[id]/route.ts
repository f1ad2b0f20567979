// DELETE /api/v1/tokens/:id revokes one of the caller's own tokens; needs a browser session.
import { getDb } from "@/db/client";
import { requireApiCaller } from "@/lib/auth/api";
import { revokeApiToken } from "@/lib/auth/api-tokens";
import { clientIp } from "@/lib/auth/request-info";
import { notFound } from "@/lib/errors";
import { problemResponse } from "@/lib/http/route";

export async function DELETE(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { scope } = await requireApiCaller(req, { sessionOnly: true });
    const { id } = await ctx.params;
    if (!/^\d{1,12}$/.test(id)) throw notFound(`no API token with id ${id}`);
    await revokeApiToken(getDb(), scope, Number(id), Date.now(), clientIp(req.headers));
    return new Response(null, { status: 204 });
  } catch (err) {
    return problemResponse(err, req);
  }
}
