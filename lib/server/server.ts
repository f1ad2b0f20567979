import http from "node:http";
import type { Db } from "@/db/client";
import { log } from "@/lib/log";
import { handleApi } from "./api";
import { sendProblem } from "./http";

export type NextHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

export interface FleetServerOptions {
  db: Db;
  now?: () => number;
  /** Next's request handler for pages and the other routes; absent in API-only tests. */
  next?: NextHandler;
}

/** One node:http server: the hot API paths first, everything else to Next. */
export function createFleetServer(opts: FleetServerOptions): http.Server {
  const ctx = { db: opts.db, now: opts.now ?? Date.now };
  return http.createServer((req, res) => {
    handleApi(req, res, ctx)
      .then(async (handled) => {
        if (handled) return;
        // Written here, over anything the client sent: the sign-in throttle and the return-after-
        // sign-in path read them (lib/auth/request-info.ts).
        req.headers["x-pfh-client-ip"] = req.socket.remoteAddress ?? "";
        req.headers["x-pfh-path"] = req.url ?? "/";
        if (opts.next) return opts.next(req, res);
        res.writeHead(404, { "content-type": "application/problem+json" });
        res.end(JSON.stringify({ type: "about:blank", title: "Not found", status: 404, detail: `no route for ${req.method} ${req.url}` }));
      })
      .catch((err: unknown) => {
        log.error({ err, url: req.url }, "request failed");
        if (!res.headersSent) sendProblem(res, err);
        else res.destroy();
      });
  });
}
