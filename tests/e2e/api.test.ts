// The read API against the real production server: problem+json errors, cursor paging, scope.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count } from "@/tests/helpers/db";
import { startApp, type App } from "./harness";

let app: App;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.stop();
});

const get = (path: string, cookie: string | null = app.sessions.admin) => fetch(`${app.base}${path}`, { headers: cookie ? { cookie } : {} });

async function problem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  return (await res.json()) as { status: number; title: string; detail: string; parameter?: string };
}

describe("GET /api/v1/terminals", () => {
  it("pages through every terminal with cursors", async () => {
    const seen: string[] = [];
    let url = "/api/v1/terminals?size=25&sort=lastSeen&dir=desc";
    for (let i = 0; i < 10; i++) {
      const body = (await (await get(url)).json()) as { data: { sn: string }[]; total: number; nextCursor: string | null };
      expect(body.total).toBe(60);
      seen.push(...body.data.map((r) => r.sn));
      if (!body.nextCursor) break;
      url = `/api/v1/terminals?size=25&sort=lastSeen&dir=desc&after=${body.nextCursor}`;
    }
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
  });

  it("filters like the table", async () => {
    const body = (await (await get("/api/v1/terminals?category=network&size=200")).json()) as { data: { category: string }[]; total: number };
    const n = await count(app.db, `SELECT count(*) n FROM terminal_state WHERE category = 'network'`);
    expect(body.total).toBe(n);
    expect(body.data.every((r) => r.category === "network")).toBe(true);
  });

  it.each([
    ["status=sleeping", "status"],
    ["size=1000", "size"],
    ["sort=colour", "sort"],
    ["after=not-a-cursor", "after"],
  ])("answers 400 problem+json naming the bad parameter (%s)", async (qs, parameter) => {
    const body = await problem(await get(`/api/v1/terminals?${qs}`), 400);
    expect(body.parameter).toBe(parameter);
    expect(body.detail).toContain(parameter);
  });

  it("answers 401 without a session", async () => {
    await problem(await get("/api/v1/terminals", null), 401);
  });

  it("shows a sub-agent's manager only their subtree", async () => {
    const east = { n: await count(app.db, `SELECT count(*) n FROM terminals t JOIN agents a ON a.id = t.agent_id WHERE a.path LIKE ?`, `${app.fleet.agents.EAST.path}%`) };
    const body = (await (await get("/api/v1/terminals?size=200", app.sessions.east)).json()) as { data: { sn: string; agentName: string }[]; total: number };
    expect(body.total).toBe(east.n);
    expect(body.data.every((r) => ["华东代理", "杭州子代理"].includes(r.agentName))).toBe(true);
    const csv = await (await get("/terminals.csv", app.sessions.east)).text();
    expect(csv.trim().split("\r\n")).toHaveLength(east.n + 1);
  });
});

describe("GET /api/v1/terminals/{sn}", () => {
  it("returns the terminal with its diagnosis and recent beats", async () => {
    const t = app.fleet.terminals.find((x) => x.scenario === "weak_signal")!;
    const body = (await (await get(`/api/v1/terminals/${t.sn}`)).json()) as { terminal: { sn: string }; state: { category: string; findings: unknown[] }; recentHeartbeats: unknown[] };
    expect(body.terminal.sn).toBe(t.sn);
    expect(body.state.findings.length).toBeGreaterThan(0);
    expect(body.recentHeartbeats).toHaveLength(20);
  });

  it("answers 404 for an unknown serial and for another subtree's terminal", async () => {
    await problem(await get("/api/v1/terminals/NOPE00000"), 404);
    const south = app.fleet.terminals.find((x) => x.agent === "SOUTH")!;
    await problem(await get(`/api/v1/terminals/${south.sn}`, app.sessions.east), 404);
  });
});

describe("GET /api/v1/fleet/summary and the OpenAPI document", () => {
  it("sums the fleet", async () => {
    const body = (await (await get("/api/v1/fleet/summary")).json()) as { total: number; offline: number };
    expect(body.total).toBe(60);
    expect(body.offline).toBe(await count(app.db, `SELECT count(*) n FROM terminal_state WHERE status = 'offline'`));
  });

  it("describes the three reads with the query parameters the handlers parse", async () => {
    const doc = (await (await get("/api/v1/openapi.json", null)).json()) as { openapi: string; paths: Record<string, { get: { parameters?: { name: string; schema: { enum?: string[] } }[] } }> };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/v1/heartbeats", "/api/v1/fleet/summary", "/api/v1/terminals", "/api/v1/terminals/{sn}", "/api/v1/alerts", "/api/v1/tokens"]));
    const status = doc.paths["/api/v1/terminals"]!.get.parameters!.find((p) => p.name === "status")!;
    expect(status.schema.enum).toEqual(["online", "offline"]);
  });
});
