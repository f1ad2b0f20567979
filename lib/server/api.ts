import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Db } from "@/db/client";
import { authenticateIngestKey } from "@/lib/auth/ingest-keys";
import { AppError } from "@/lib/errors";
import type { IngestSummary } from "@/lib/ingest/ingest";
import { parseHeartbeatRequest } from "@/lib/ingest/parse-request";
import { shuttingDown, type IngestQueue } from "@/lib/ingest/queue";
import type { RateLimiter } from "@/lib/ingest/rate-limit";
import { MAX_BODY_BYTES } from "@/lib/ingest/schema";
import { log } from "@/lib/log";
import { metrics } from "@/lib/metrics";
import { healthReport, refreshFleetGauges } from "./health";
import { readBody, sendJson, sendProblem } from "./http";

export interface ApiContext {
  db: Db;
  /** The clock of the edge; tests pass their own. */
  now: () => number;
  queue: IngestQueue;
  limiter: RateLimiter;
  /** Set while shutting down: new ingest requests are refused with 503. */
  draining: () => boolean;
  /** Whether this instance leads the periodic work now (lib/server/main.ts). */
  leader: () => boolean;
}

/**
 * The endpoints served by plain node:http in front of Next: the ingest hot path, health and
 * metrics. A Next route handler costs ~30x more per request; see docs/operations.md.
 * Returns false when the request is not one of ours.
 */
export async function handleApi(req: IncomingMessage, res: ServerResponse, ctx: ApiContext): Promise<boolean> {
  const path = (req.url ?? "/").split("?")[0];
  if (path === "/api/v1/heartbeats") await handleIngest(req, res, ctx);
  else if (path === "/api/health") await handleHealth(res, ctx);
  else if (path === "/api/metrics") await handleMetrics(res, ctx);
  else return false;
  return true;
}

async function handleIngest(req: IncomingMessage, res: ServerResponse, ctx: ApiContext): Promise<void> {
  const started = performance.now();
  const requestId = (req.headers["x-request-id"] as string | undefined)?.slice(0, 64) || randomUUID();
  const headers: Record<string, string> = { "x-request-id": requestId };
  const m = metrics();
  let status = 200;
  try {
    if (req.method !== "POST") throw new AppError("method_not_allowed", "use POST to send heartbeats");
    if (ctx.draining()) throw shuttingDown();
    const now = ctx.now();
    const principal = await authenticateIngestKey(ctx.db, req.headers.authorization, now);
    const body = await readBody(req, MAX_BODY_BYTES);
    const items = parseHeartbeatRequest(req.headers["content-type"], body);
    const wait = ctx.limiter.take(principal.keyId, items.length, now);
    if (wait > 0) {
      throw new AppError("rate_limited", `this key sends more heartbeats than its limit allows; retry in ${wait} s`, { retryAfterSeconds: wait });
    }
    const summary = await ctx.queue.submit({ scope: principal, items });
    count(summary);
    sendJson(res, 200, summary, headers);
  } catch (err) {
    if (!req.complete) req.resume();
    const retry = err instanceof AppError ? err.details?.retryAfterSeconds : undefined;
    if (retry !== undefined) headers["retry-after"] = String(retry);
    status = sendProblem(res, err, headers);
    if (status >= 500 && status !== 503) log.error({ err, requestId }, "ingest failed");
    else log.debug({ requestId, status, detail: (err as Error).message }, "ingest refused");
  } finally {
    m.requests.inc({ status: String(status) });
    m.ingestLatency.observe((performance.now() - started) / 1000);
  }
}

function count(summary: IngestSummary): void {
  const m = metrics();
  if (summary.accepted) m.heartbeats.inc({ result: "accepted", reason: "" }, summary.accepted);
  if (summary.duplicate) m.heartbeats.inc({ result: "duplicate", reason: "" }, summary.duplicate);
  if (summary.rejected) {
    for (const r of summary.results) if (r.status === "rejected") m.heartbeats.inc({ result: "rejected", reason: r.code });
  }
}

async function handleHealth(res: ServerResponse, ctx: ApiContext): Promise<void> {
  const report = await healthReport(ctx.db, ctx.now(), ctx.queue.depth, ctx.leader());
  sendJson(res, report.status === "ok" ? 200 : 503, report, { "cache-control": "no-store" });
}

async function handleMetrics(res: ServerResponse, ctx: ApiContext): Promise<void> {
  const m = metrics();
  m.queueDepth.set(ctx.queue.depth);
  try {
    await refreshFleetGauges(ctx.db);
  } catch (err) {
    log.error({ err }, "reading fleet gauges failed");
  }
  const text = await m.registry.metrics();
  res.writeHead(200, { "content-type": m.registry.contentType, "cache-control": "no-store" });
  res.end(text);
}
