import type { AddressInfo } from "node:net";
import type { Db } from "@/db/client";
import { createFleetServer, type FleetServerOptions } from "@/lib/server/server";

/** Starts the real node:http server on 127.0.0.1 with an ephemeral port; `close` stops it. */
export async function startApi(db: Db, now: () => number, options: Partial<FleetServerOptions> = {}) {
  const fleet = createFleetServer({ db, now, ...options });
  const server = fleet.http;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    fleet,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
    post: (body: unknown, key: string | null, headers: Record<string, string> = {}) =>
      fetch(`${base}/api/v1/heartbeats`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
  };
}
