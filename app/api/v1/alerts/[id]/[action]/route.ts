// POST /api/v1/alerts/{id}/{action}: acknowledge | assign | call | snooze | resolve one alert.
// Bodies: assign {assignee: "me" | "none" | userId}; call {outcome, note?}; snooze {minutes} or {until};
// resolve {outcome, note?}. Needs a browser session (API tokens are read-only).
import { getDb } from "@/db/client";
import { acknowledgeAlerts, assignAlerts, logCall, resolveAlert, snoozeAlert } from "@/lib/alerts/actions";
import { requireApiCaller } from "@/lib/auth/api";
import { clientIp } from "@/lib/auth/request-info";
import { AppError, badRequest } from "@/lib/errors";
import { json, problemResponse } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const VERBS = {
  acknowledge: acknowledgeAlerts,
  assign: assignAlerts,
  call: logCall,
  snooze: snoozeAlert,
  resolve: resolveAlert,
} as const;

export async function POST(req: Request, context: { params: Promise<{ id: string; action: string }> }): Promise<Response> {
  try {
    const { scope } = await requireApiCaller(req);
    const { id, action } = await context.params;
    if (!(action in VERBS)) throw new AppError("not_found", `no alert action "${action}"; use one of ${Object.keys(VERBS).join(", ")}`);
    const text = await req.text();
    let body: Record<string, unknown> = {};
    if (text.trim()) {
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        throw badRequest("the body is not valid JSON");
      }
    }
    const db = getDb();
    const now = Date.now();
    const opts = { ip: clientIp(req.headers) };
    const bulk = action === "acknowledge" || action === "assign";
    const input = bulk ? { ...body, ids: [id] } : { ...body, id };
    const result = await VERBS[action as keyof typeof VERBS](db, scope, input, now, opts);
    return json(result);
  } catch (err) {
    return problemResponse(err, req);
  }
}
