// A real HTTP receiver on 127.0.0.1 for notification tests: records every request and answers
// with whatever the test decides. Bounded (it refuses more than `max` requests) and closed by the test.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: Record<string, any>;
}

export type Responder = (r: Received, n: number) => { status: number; body?: unknown; delayMs?: number };

export async function startReceiver(respond: Responder, opts: { max?: number; port?: number } = {}) {
  const max = opts.max ?? 500;
  const requests: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (requests.length >= max) {
        res.writeHead(429).end();
        return;
      }
      const body = Buffer.concat(chunks).toString("utf8");
      let json: Record<string, any> = {};
      try {
        json = JSON.parse(body) as Record<string, any>;
      } catch {
        json = {};
      }
      const r: Received = { method: req.method ?? "", url: new URL(req.url ?? "/", "http://127.0.0.1"), headers: req.headers, body, json };
      requests.push(r);
      const answer = respond(r, requests.length);
      const reply = () => {
        const text = answer.body === undefined ? "" : typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body);
        res.writeHead(answer.status, { "content-type": "application/json" }).end(text);
      };
      if (answer.delayMs) setTimeout(reply, answer.delayMs);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Answers as each platform does when it accepts a message. */
export const accept: Record<"dingtalk" | "wecom" | "feishu" | "webhook", Responder> = {
  dingtalk: () => ({ status: 200, body: { errcode: 0, errmsg: "ok" } }),
  wecom: () => ({ status: 200, body: { errcode: 0, errmsg: "ok" } }),
  feishu: () => ({ status: 200, body: { code: 0, msg: "success", data: {} } }),
  webhook: () => ({ status: 204 }),
};
