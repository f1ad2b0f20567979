// GET /api/auth/me: who the session or API token belongs to and what they may see.
import { requireApiCaller } from "@/lib/auth/api";
import { json, problemResponse } from "@/lib/http/route";

export async function GET(req: Request): Promise<Response> {
  try {
    const { user, scope, via } = await requireApiCaller(req);
    return json({ user, scope: { agentId: scope.agentId, role: scope.role }, via });
  } catch (err) {
    return problemResponse(err, req);
  }
}
