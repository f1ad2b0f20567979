// GET /api/v1/alerts: the call queue as JSON (same filters as the page, 50 per page).
// POST /api/v1/alerts {action: "acknowledge" | "assign", ids, assignee?}: bulk actions; a browser session is needed.
import { getDb } from "@/db/client";
import { listQueue, queueParamsSchema } from "@/db/queries/alerts-queue";
import { acknowledgeAlerts, assignAlerts } from "@/lib/alerts/actions";
import { requireApiCaller } from "@/lib/auth/api";
import { clientIp } from "@/lib/auth/request-info";
import { badRequest } from "@/lib/errors";
import { json, parseQuery, problemResponse, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export const GET = route(async ({ url, scope }) => {
  const now = Date.now();
  const page = await listQueue(getDb(), scope, parseQuery(queueParamsSchema, url), now);
  return json({
    data: page.items.map((i) => ({ ...i, openedAt: iso(i.openedAt), acknowledgedAt: iso(i.acknowledgedAt), lastCallAt: iso(i.lastCallAt), url: `/alerts/${i.id}` })),
    total: page.total,
    totalExact: page.totalExact,
    page: page.page,
    pages: page.pages,
  });
});

export async function POST(req: Request): Promise<Response> {
  try {
    const { scope } = await requireApiCaller(req);
    const shape = 'send a JSON body: {"action": "acknowledge", "ids": [1, 2]}';
    const parsed: unknown = await req.json().catch(() => {
      throw badRequest(shape);
    });
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw badRequest(shape);
    const body = parsed as { action?: unknown };
    const ctx = { ip: clientIp(req.headers) };
    if (body.action === "acknowledge") return json(await acknowledgeAlerts(getDb(), scope, body, Date.now(), ctx));
    if (body.action === "assign") return json(await assignAlerts(getDb(), scope, body, Date.now(), ctx));
    throw badRequest('action must be "acknowledge" or "assign"; single-alert actions are POST /api/v1/alerts/{id}/{action}', { parameter: "action" });
  } catch (err) {
    return problemResponse(err, req);
  }
}
