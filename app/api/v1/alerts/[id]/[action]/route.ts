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

// A Map, not an object: "constructor" or "__proto__" must not find Object's own members.
const VERBS = new Map<string, typeof acknowledgeAlerts | typeof assignAlerts | typeof logCall | typeof snoozeAlert | typeof resolveAlert>([
  ["acknowledge", acknowledgeAlerts],
  ["assign", assignAlerts],
  ["call", logCall],
  ["snooze", snoozeAlert],
  ["resolve", resolveAlert],
]);

export async function POST(req: Request, context: { params: Promise<{ id: string; action: string }> }): Promise<Response> {
  try {
    const { scope } = await requireApiCaller(req);
    const { id, action } = await context.params;
    const verb = VERBS.get(action);
    if (!verb) throw new AppError("not_found", `no alert action "${action.slice(0, 40)}"; use one of ${[...VERBS.keys()].join(", ")}`);
    const text = await req.text();
    let body: Record<string, unknown> = {};
    if (text.trim()) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw badRequest("the body is not valid JSON");
      }
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw badRequest("send a JSON object as the body");
      body = parsed as Record<string, unknown>;
    }
    const db = getDb();
    const now = Date.now();
    const opts = { ip: clientIp(req.headers) };
    const bulk = action === "acknowledge" || action === "assign";
    const input = bulk ? { ...body, ids: [id] } : { ...body, id };
    const result = await verb(db, scope, input, now, opts);
    return json(result);
  } catch (err) {
    return problemResponse(err, req);
  }
}
