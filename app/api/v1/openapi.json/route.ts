import { json } from "@/lib/http/route";
import { buildOpenApi } from "./openapi";

export const dynamic = "force-dynamic";

/** GET /api/v1/openapi.json: public, it describes the API and holds no data. */
export function GET(req: Request): Response {
  return json(buildOpenApi(new URL(req.url).origin));
}
