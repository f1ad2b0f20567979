import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Db } from "@/db/client";
import { getPolicy } from "@/db/policy";
import { authenticateIngestKey } from "@/lib/auth/ingest-keys";
import { AppError } from "@/lib/errors";
import { ingestHeartbeats } from "@/lib/ingest/ingest";
import { parseHeartbeatRequest } from "@/lib/ingest/parse-request";
import { MAX_BODY_BYTES } from "@/lib/ingest/schema";
import { log } from "@/lib/log";
import { readBody, sendJson, sendProblem } from "./http";

export interface ApiContext {
  db: Db;
  /** The clock of the edge; tests pass their own. */
  now: () => number;
}

/**
 * The endpoints served by plain node:http in front of Next: the ingest hot path and health.
 * A Next route handler costs ~30x more per request than this; see docs/ingest.md.
 * Returns false when the request is not one of ours.
 */
export async function handleApi(req: IncomingMessage, res: ServerResponse, ctx: ApiContext): Promise<boolean> {
  const url = req.url ?? "/";
  const path = url.split("?")[0];
  if (path === "/api/v1/heartbeats") {
    await handleIngest(req, res, ctx);
    return true;
  }
  if (path === "/api/health") {
    handleHealth(res, ctx);
    return true;
  }
  return false;
}

async function handleIngest(req: IncomingMessage, res: ServerResponse, ctx: ApiContext): Promise<void> {
  const requestId = (req.headers["x-request-id"] as string | undefined)?.slice(0, 64) || randomUUID();
  const headers = { "x-request-id": requestId };
  try {
    if (req.method !== "POST") {
      req.resume();
      throw new AppError("method_not_allowed", "use POST to send heartbeats");
    }
    const now = ctx.now();
    const principal = authenticateIngestKey(ctx.db, req.headers.authorization, now);
    const body = await readBody(req, MAX_BODY_BYTES);
    const items = parseHeartbeatRequest(req.headers["content-type"], body);
    const summary = ingestHeartbeats(ctx.db, principal, items, ctx.now(), getPolicy(ctx.db));
    sendJson(res, 200, summary, headers);
  } catch (err) {
    const status = sendProblem(res, err, headers);
    if (status >= 500) log.error({ err, requestId }, "ingest failed");
  }
}

function handleHealth(res: ServerResponse, ctx: ApiContext): void {
  try {
    const row = ctx.db.$client.prepare(`SELECT value FROM settings WHERE key = 'last_sweep_at'`).get() as { value: string } | undefined;
    const lastSweepAt = row ? (JSON.parse(row.value) as number) : null;
    sendJson(res, 200, {
      status: "ok",
      database: "ok",
      lastSweepAt: lastSweepAt === null ? null : new Date(lastSweepAt).toISOString(),
      sweepAgeSeconds: lastSweepAt === null ? null : Math.round((ctx.now() - lastSweepAt) / 1000),
    });
  } catch (err) {
    log.error({ err }, "health check failed");
    sendJson(res, 503, { status: "unhealthy", database: "unreachable" });
  }
}
