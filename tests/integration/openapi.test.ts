// The API document covers the API: every route handler under app/api/v1 and the node:http ingest
// path are in it, it lints clean with Redocly's recommended rules (offline), and real ingest
// answers match what it documents.
import fs from "node:fs";
import path from "node:path";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestSummarySchema, problemSchema } from "@/app/api/v1/schemas";
import { buildOpenApi } from "@/app/api/v1/openapi.json/openapi";
import { createIngestKey } from "@/lib/auth/ingest-keys";
import { REJECT_CODES } from "@/lib/ingest/ingest";
import { MAX_BODY_BYTES } from "@/lib/ingest/schema";
import { beat, freshDb, makeAgent, makeTerminal, T0 } from "../helpers/db";
import { startApi } from "../helpers/server";

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"] as const;
type Operation = { operationId: string; security?: Record<string, string[]>[]; responses: Record<string, { content?: Record<string, unknown>; headers?: Record<string, unknown> }> };
type Doc = {
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
  components: { schemas: Record<string, Record<string, unknown>>; securitySchemes: Record<string, Record<string, unknown>> };
};

const doc = buildOpenApi("http://127.0.0.1:3000") as unknown as Doc;

/** Route handlers on disk: app/api/v1/**\/route.ts as OpenAPI paths ([sn] → {sn}) with their exported methods. */
function routeHandlers(): { path: string; method: string; file: string }[] {
  const root = path.join(process.cwd(), "app/api/v1");
  const out: { path: string; method: string; file: string }[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name.startsWith("_")) continue; // private folders are not routes
        const group = /^\(.*\)$/.test(entry.name);
        walk(full, group ? segments : [...segments, entry.name.replace(/^\[(.+)\]$/, "{$1}")]);
      } else if (entry.name === "route.ts") {
        const source = fs.readFileSync(full, "utf8");
        const methods = [...source.matchAll(/export\s+(?:async\s+)?(?:function|const)\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g)].map((m) => m[1]!);
        for (const method of methods) out.push({ path: ["/api/v1", ...segments].join("/"), method: method.toLowerCase(), file: path.relative(process.cwd(), full) });
      }
    }
  };
  walk(root, []);
  return out;
}

/** The /api/v1 paths the node:http fast path serves before Next (lib/server/api.ts); all are POST. */
function fastPaths(): { path: string; method: string; file: string }[] {
  const file = "lib/server/api.ts";
  const source = fs.readFileSync(path.join(process.cwd(), file), "utf8");
  return [...source.matchAll(/path === "(\/api\/v1\/[^"]+)"/g)].map((m) => ({ path: m[1]!, method: "post", file }));
}

describe("the OpenAPI document", () => {
  it("describes every route handler under app/api/v1 and the ingest fast path, and nothing else", () => {
    const onDisk = [...routeHandlers(), ...fastPaths()];
    expect(onDisk.length).toBeGreaterThanOrEqual(12);
    expect(onDisk).toContainEqual({ path: "/api/v1/heartbeats", method: "post", file: "lib/server/api.ts" });
    const missing = onDisk.filter((r) => !doc.paths[r.path]?.[r.method as (typeof METHODS)[number]]).map((r) => `${r.method.toUpperCase()} ${r.path} (${r.file})`);
    expect(missing, "operations served but not documented").toEqual([]);
    const served = new Set(onDisk.map((r) => `${r.method} ${r.path}`));
    const documented = Object.entries(doc.paths).flatMap(([p, item]) => METHODS.filter((m) => item[m]).map((m) => `${m} ${p}`));
    expect(documented.filter((o) => !served.has(o)), "operations documented but not served").toEqual([]);
  });

  it("lints with Redocly's recommended rules: no errors, and no warnings beyond the one accepted", async () => {
    const config = await createConfig({ extends: ["recommended"] });
    const problems = await lintFromString({ source: JSON.stringify(doc, null, 2), absoluteRef: "/openapi.json", config });
    const shown = problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? "?"}`);
    expect(shown.filter((s) => s.startsWith("error")), "lint errors").toEqual([]);
    // The document itself answers every GET; it has no 4xx to describe.
    const accepted = (s: string) => s.includes("operation-4xx-response") && s.includes("~1api~1v1~1openapi.json/get");
    expect(shown.filter((s) => !accepted(s)), "lint warnings").toEqual([]);
  });

  it("names the three ways to authenticate and puts one on each operation", () => {
    const schemes = doc.components.securitySchemes;
    expect(schemes.ingestKey).toMatchObject({ type: "http", scheme: "bearer" });
    expect(schemes.apiToken).toMatchObject({ type: "http", scheme: "bearer", bearerFormat: "pfa_…" });
    expect(schemes.session).toMatchObject({ type: "apiKey", in: "cookie", name: "pfh_session" });
    const ops = Object.entries(doc.paths).flatMap(([p, item]) => METHODS.filter((m) => item[m]).map((m) => ({ key: `${m} ${p}`, op: item[m]! })));
    for (const { key, op } of ops) {
      expect(op.security, key).toBeDefined();
      if (key === "get /api/v1/openapi.json") expect(op.security).toEqual([]);
      else if (key === "post /api/v1/heartbeats") expect(op.security).toEqual([{ ingestKey: [] }]);
      else if (key.startsWith("get ")) expect(op.security, key).toEqual([{ apiToken: [] }, { session: [] }]);
      else expect(op.security, `${key}: writes need a browser session`).toEqual([{ session: [] }]);
      if (op.security!.length) expect(Object.keys(op.responses), key).toContain("401");
      for (const [status, r] of Object.entries(op.responses)) {
        if (Number(status) >= 400) expect(Object.keys(r.content ?? {}), `${key} ${status}`).toEqual(["application/problem+json"]);
      }
    }
  });

  it("documents ingest: bodies, per-item codes, every refusal, the body limit and Retry-After", () => {
    const post = doc.paths["/api/v1/heartbeats"]!.post!;
    expect(Object.keys(post.responses).sort()).toEqual(["200", "400", "401", "405", "413", "415", "429", "503"]);
    expect(Object.keys(post.responses["429"]!.headers ?? {})).toContain("Retry-After");
    expect(Object.keys(post.responses["503"]!.headers ?? {})).toContain("Retry-After");
    expect(JSON.stringify(post)).toContain(String(MAX_BODY_BYTES));
    const { Heartbeat, HeartbeatBatch, IngestSummary } = doc.components.schemas;
    expect(Heartbeat).toMatchObject({ type: "object", additionalProperties: false, required: expect.arrayContaining(["sn", "seq", "ts", "battery_pct"]) as unknown });
    expect(HeartbeatBatch).toMatchObject({ properties: { heartbeats: { type: "array", minItems: 1, maxItems: 1000 } } });
    const text = JSON.stringify(IngestSummary);
    for (const word of ["accepted", "duplicate", "rejected", ...REJECT_CODES]) expect(text).toContain(`"${word}"`);
  });
});

describe("real ingest answers match the document", () => {
  const post = doc.paths["/api/v1/heartbeats"]!.post!;
  let api: Awaited<ReturnType<typeof startApi>>;
  let key = "";
  let sn = "";
  let db: Awaited<ReturnType<typeof freshDb>>;

  beforeAll(async () => {
    db = await freshDb();
    const agent = await makeAgent(db, null, { code: "ROOT" });
    sn = (await makeTerminal(db, agent.id)).sn;
    key = (await createIngestKey(db, agent.id, "gateway", T0)).key;
    api = await startApi(db, () => T0 + 3_600_000);
  });
  afterAll(async () => {
    await api.close();
    await db.close();
  });

  /** The status is one the document lists, with the media type it lists for it. */
  function documented(res: Response): void {
    const r = post.responses[String(res.status)];
    expect(r, `status ${res.status} is documented`).toBeDefined();
    const type = (res.headers.get("content-type") ?? "").split(";")[0]!;
    expect(Object.keys(r!.content ?? {})).toContain(type);
  }

  it("a batch with an accepted, an unknown and an invalid item fits IngestSummary", async () => {
    const res = await api.post({ heartbeats: [beat(sn, 1), beat("NO-SUCH-SN", 1), { sn, seq: -1 }] }, key);
    documented(res);
    const body = ingestSummarySchema.parse(await res.json());
    expect(body.results.map((r) => r.status)).toEqual(["accepted", "rejected", "rejected"]);
  });

  it("refusals are documented problem+json answers", async () => {
    const answers = [
      await api.post(beat(sn, 2), null),
      await api.post(beat(sn, 3), key, { "content-type": "text/plain" }),
      await api.post("{", key),
      await api.post("x".repeat(MAX_BODY_BYTES + 1), key),
      await fetch(`${api.base}/api/v1/heartbeats`, { method: "GET" }),
    ];
    expect(answers.map((r) => r.status)).toEqual([401, 415, 400, 413, 405]);
    for (const res of answers) {
      documented(res);
      problemSchema.parse(await res.json());
    }
  });
});
