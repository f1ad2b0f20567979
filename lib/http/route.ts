// The one helper every JSON/CSV route handler goes through: scope → handler → errors as
// problem+json. The scope comes from the session cookie or an API token.
import type { z } from "zod";
import { requireRequestScope } from "@/lib/auth/current";
import type { Scope } from "@/lib/auth/scope";
import { AppError, badRequest } from "@/lib/errors";
import { log } from "@/lib/log";
import { toProblem } from "./problem";

export interface RouteContext<P> {
  req: Request;
  url: URL;
  scope: Scope;
  params: P;
}

type Handler<P> = (ctx: RouteContext<P>) => Response | Promise<Response>;

/** Wraps a route handler: resolves the caller's scope first and maps any error to problem+json. */
export function route<P = Record<string, never>>(handler: Handler<P>) {
  return async (req: Request, context: { params?: Promise<P> } = {}): Promise<Response> => {
    try {
      const scope = await requireRequestScope(req);
      const params = ((await context.params) ?? {}) as P;
      return await handler({ req, url: new URL(req.url), scope, params });
    } catch (err) {
      return problemResponse(err, req);
    }
  };
}

export function problemResponse(err: unknown, req?: Request): Response {
  const problem = toProblem(err);
  // 503 is a deliberate refusal (busy, shutting down), not a fault: logging each would flood the log under load.
  if (problem.status >= 500 && problem.status !== 503) log.error({ err, url: req?.url }, "route failed");
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { "content-type": "application/problem+json; charset=utf-8" },
  });
}

export function json(body: unknown, init: ResponseInit = {}): Response {
  return new Response(JSON.stringify(body), {
    ...init,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...init.headers },
  });
}

/**
 * Parses the query string with `schema` (first value of each key). A bad value is a 400 that
 * names the parameter and says what is expected.
 */
export function parseQuery<S extends z.ZodType>(schema: S, url: URL): z.output<S> {
  const raw: Record<string, string> = {};
  for (const [k, v] of url.searchParams) if (!(k in raw)) raw[k] = v;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const parameter = String(issue.path[0] ?? "(query)");
  throw badRequest(`query parameter ${parameter}: ${issue.message}`, {
    parameter,
    errors: parsed.error.issues.map((i) => ({ parameter: String(i.path[0] ?? ""), message: i.message })),
  });
}

export { AppError };
