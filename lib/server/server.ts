import http from "node:http";
import type { Db } from "@/db/client";
import { getPolicy } from "@/db/policy";
import { IngestQueue } from "@/lib/ingest/queue";
import { rateLimiterFromEnv, type RateLimiter } from "@/lib/ingest/rate-limit";
import { log } from "@/lib/log";
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
  const queue = new IngestQueue(opts.db, { now, policy: () => getPolicy(opts.db) });
  const ctx: ApiContext = { db: opts.db, now, queue, limiter: opts.limiter ?? rateLimiterFromEnv(), draining: () => draining };
  const server = http.createServer((req, res) => {
    handleApi(req, res, ctx)
      .then(async (handled) => {
        if (handled) return;
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
