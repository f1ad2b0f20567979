import http from "node:http";
import type { Db } from "@/db/client";
import { getPolicy, revalidatePolicyCache } from "@/db/policy";
import { IngestQueue, type Commit } from "@/lib/ingest/queue";
import { rateLimiterFromEnv, type RateLimiter } from "@/lib/ingest/rate-limit";
import { trustProxy } from "@/lib/auth/request-info";
import { answerRefusal, downgradeActionFailures, dropUntrustedForwarding, isServerActionRequest, refuseBeforeNext, securityHeaders } from "@/lib/http/edge";
import { log } from "@/lib/log";
import type { Policy } from "@/lib/rules/policy";
import { handleApi, type ApiContext } from "./api";
import { sendProblem } from "./http";

export type NextHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

export interface FleetServerOptions {
  db: Db;
  now?: () => number;
  /** Next's request handler for pages and the other routes; absent in API-only tests and benchmarks. */
  next?: NextHandler;
  limiter?: RateLimiter;
  /** Next is still being prepared: page requests answer 503 until setNext is called. */
  pagesPending?: boolean;
  /** Whether this instance leads the periodic work (health reports it); true when absent. */
  leader?: () => boolean;
  /** Where group commits run: the ingest thread's (lib/ingest/thread.ts); on the store itself when absent. */
  commit?: Commit;
}

/** How often ingest on PostgreSQL checks that no other instance saved a newer policy, ms. */
export const POLICY_REVALIDATE_MS = 2_000;

/**
 * The policy for each ingest commit. SQLite: the cache, which this process's saves invalidate.
 * PostgreSQL: another instance may save one, so at most every POLICY_REVALIDATE_MS one cheap read
 * of the settings row's stamp drops a stale cache (db/policy.ts).
 */
export function policySource(db: Db, clock: () => number = Date.now): () => Promise<Policy> {
  if (db.dialect !== "pg") return () => getPolicy(db);
  let checkedAt = -Infinity;
  return async () => {
    const t = clock();
    if (t - checkedAt >= POLICY_REVALIDATE_MS) {
      checkedAt = t;
      await revalidatePolicyCache(db);
    }
    return getPolicy(db);
  };
}

export interface FleetServer {
  http: http.Server;
  queue: IngestQueue;
  /** Hands pages to Next once it is prepared (it needs the port the server actually listens on). */
  setNext(handler: NextHandler): void;
  /** Stop accepting ingest (503) before closing, so in-flight requests finish. */
  drain(): void;
}

/** One node:http server: the hot API paths first, everything else to Next. */
export function createFleetServer(opts: FleetServerOptions): FleetServer {
  const now = opts.now ?? Date.now;
  let draining = false;
  let next = opts.next;
  const queue = new IngestQueue(opts.db, { now, policy: policySource(opts.db), ...(opts.commit ? { commit: opts.commit } : {}) });
  const leader = opts.leader ?? (() => true);
  const ctx: ApiContext = { db: opts.db, now, queue, limiter: opts.limiter ?? rateLimiterFromEnv(), draining: () => draining, leader };
  const security = securityHeaders();
  const server = http.createServer((req, res) => {
    for (const [name, value] of Object.entries(security)) res.setHeader(name, value);
    handleApi(req, res, ctx)
      .then(async (handled) => {
        if (handled) return;
        dropUntrustedForwarding(req.headers, trustProxy());
        const refusal = refuseBeforeNext(req.method ?? "GET", req.url ?? "/", req.headers, { trustProxy: trustProxy() });
        if (refusal) return answerRefusal(req, res, refusal);
        if (isServerActionRequest(req.method ?? "GET", req.url ?? "/", req.headers)) {
          downgradeActionFailures(res, () => log.warn({ url: req.url }, "server action could not be decoded; answered 400"));
        }
        // Written here, over anything the client sent: the sign-in throttle and the audit log read
        // the address, the return-after-sign-in redirect reads the path (lib/auth/request-info.ts).
        req.headers["x-pfh-client-ip"] = req.socket.remoteAddress ?? "";
        req.headers["x-pfh-path"] = req.url ?? "/";
        if (next) return next(req, res);
        if (opts.pagesPending) {
          res.writeHead(503, { "content-type": "text/plain; charset=utf-8", "retry-after": "2" });
          res.end("The server is starting; try again in a moment. 服务正在启动，请稍后重试。");
          return;
        }
        res.writeHead(404, { "content-type": "application/problem+json" });
        res.end(JSON.stringify({ type: "about:blank", title: "Not found", status: 404, detail: `no route for ${req.method} ${req.url}` }));
      })
      .catch((err: unknown) => {
        log.error({ err, url: req.url }, "request failed");
        if (!res.headersSent) sendProblem(res, err);
        else res.destroy();
      });
  });
  return { http: server, queue, drain: () => void (draining = true), setNext: (h) => void (next = h) };
}
