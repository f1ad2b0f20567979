// Every page and every route handler, tried by the admin of a sibling agent (SOUTH) with the ids of
// objects of EAST, HZ and ROOT: each answers 404 (or 403 for an action), and no body carries any of
// their data. The routes come from walking app/ at test time; one missing from ROUTES fails the test.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/auth/api-tokens";
import { createKey } from "@/lib/auth/ingest-key-admin";
import { createChannel } from "@/lib/notify/channels";
import { systemScope } from "@/lib/auth/scope";
import { createUser } from "@/lib/auth/users";
import { DEMO_ACCOUNTS } from "@/lib/demo/accounts";
import { transferTerminals } from "@/lib/onboarding/transfer";
import { BUILD_TIMEOUT_MS, startServer, type RunningApp } from "./helpers/app";
import { request, signInHttp, type Session } from "./helpers/http";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
interface Probe {
  method: Method;
  path: string;
  body?: string;
  /** Statuses that are right for the sibling admin. */
  expect: number[];
}
interface Ctx {
  foreign: { sn: string; tokenId: number; agentId: number; alertId: number; incidentId: number; channelId: number };
  own: { sn: string; alertId: number };
}
interface RouteCase {
  /** Reachable without signing in (the login page, sign-in itself, the API description). */
  public?: true;
  probes(ctx: Ctx): Probe[];
}

const OK = [200];
const HIDDEN = [404];
const page = (p: string, expect = OK): Probe => ({ method: "GET", path: p, expect });

/**
 * A page below a loading.tsx has sent its shell before notFound() runs, so Next can only answer
 * 200 with the not-found UI and a noindex tag; that counts as hidden for a page (never for the API).
 */
function status(res: { status: number; body: string; contentType: string }): number {
  const streamedNotFound = res.status === 200 && res.contentType.startsWith("text/html") && /<meta name="robots" content="noindex"\/>/.test(res.body);
  return streamedNotFound ? 404 : res.status;
}

/** Every route of the app. A new page or handler must be added here, with the ids it takes. */
const ROUTES: Record<string, RouteCase> = {
  "/": { probes: () => [page("/")] },
  "/login": { public: true, probes: () => [page("/login", [307])] },
  "/firmware": { probes: () => [page("/firmware")] },
  "/batteries": { probes: () => [page("/batteries")] },
  "/terminals": {
    probes: (c) => [
      page("/terminals"),
      page(`/terminals?q=${c.foreign.sn}`),
      page(`/terminals?agent=${c.foreign.agentId}`),
      page("/terminals?q=%25&sort=sn"),
      page("/terminals?q=%27%20OR%201%3D1%20--"),
    ],
  },
  "/terminals/[sn]": { probes: (c) => [page(`/terminals/${c.foreign.sn}`, HIDDEN), page(`/terminals/${c.own.sn}`)] },
  "/terminals.csv": { probes: (c) => [page("/terminals.csv"), page(`/terminals.csv?q=${c.foreign.sn}`), page(`/terminals.csv?agent=${c.foreign.agentId}`)] },
  "/activity": { probes: (c) => [page("/activity"), page(`/activity?q=${c.foreign.sn}`), page(`/activity?agent=${c.foreign.agentId}`), page("/activity?q=%25&state=dormant")] },
  "/activity/csv": { probes: (c) => [page("/activity/csv"), page(`/activity/csv?q=${c.foreign.sn}`), page(`/activity/csv?agent=${c.foreign.agentId}`)] },
  "/settings": { probes: () => [page("/settings")] },
  "/settings/account": { probes: () => [page("/settings/account")] },
  "/settings/tokens": { probes: () => [page("/settings/tokens")] },
  "/settings/users": { probes: () => [page("/settings/users")] },
  "/settings/keys": { probes: () => [page("/settings/keys")] },
  "/settings/policy": { probes: () => [page("/settings/policy")] },
  "/settings/import": { probes: () => [page("/settings/import")] },
  "/settings/transfer": { probes: (c) => [page("/settings/transfer"), page(`/settings/transfer?sn=${c.foreign.sn}`)] },
  "/settings/audit": { probes: () => [page("/settings/audit"), page("/settings/audit?q=%25"), page("/settings/audit?q=demo.pfh&action=auth.sign_in")] },
  "/alerts": { probes: (c) => [page("/alerts"), page(`/alerts?q=${c.foreign.sn}`), page(`/alerts?agent=${c.foreign.agentId}`)] },
  "/alerts/[id]": { probes: (c) => [page(`/alerts/${c.foreign.alertId}`, HIDDEN), page(`/alerts/${c.own.alertId}`)] },
  "/alerts/silences": { probes: () => [page("/alerts/silences")] },
  "/incidents": { probes: () => [page("/incidents")] },
  "/incidents/[id]": { probes: (c) => [page(`/incidents/${c.foreign.incidentId}`, HIDDEN)] },
  "/settings/channels": { probes: () => [page("/settings/channels")] },
  "/settings/channels/[id]": { probes: (c) => [page(`/settings/channels/${c.foreign.channelId}`, HIDDEN)] },
  "/api/v1/alerts": {
    probes: (c) => [
      page("/api/v1/alerts"),
      page(`/api/v1/alerts?agent=${c.foreign.agentId}`, [200, 404]),
      { method: "POST", path: "/api/v1/alerts", body: JSON.stringify({ action: "acknowledge", ids: [c.foreign.alertId] }), expect: HIDDEN },
    ],
  },
  "/api/v1/alerts/[id]": { probes: (c) => [page(`/api/v1/alerts/${c.foreign.alertId}`, HIDDEN), page(`/api/v1/alerts/${c.own.alertId}`)] },
  "/api/v1/alerts/[id]/[action]": {
    probes: (c) => [
      { method: "POST", path: `/api/v1/alerts/${c.foreign.alertId}/acknowledge`, body: "{}", expect: HIDDEN },
      { method: "POST", path: `/api/v1/alerts/${c.foreign.alertId}/resolve`, body: JSON.stringify({ outcome: "fixed_on_phone", note: "x" }), expect: HIDDEN },
    ],
  },
  "/api/auth/me": { probes: () => [page("/api/auth/me")] },
  "/api/auth/sign-in": { public: true, probes: () => [{ method: "POST", path: "/api/auth/sign-in", body: JSON.stringify({ email: "east@demo.pfh", password: "wrong-password" }), expect: [401] }] },
  "/api/auth/sign-out": { probes: () => [] /* run last, in its own test below */ },
  "/api/v1/openapi.json": { public: true, probes: () => [page("/api/v1/openapi.json")] },
  "/api/v1/fleet/summary": { probes: () => [page("/api/v1/fleet/summary")] },
  "/api/v1/terminals": { probes: (c) => [page("/api/v1/terminals"), page(`/api/v1/terminals?q=${c.foreign.sn}`), page(`/api/v1/terminals?agent=${c.foreign.agentId}`, [200, 404])] },
  "/api/v1/terminals/[sn]": { probes: (c) => [page(`/api/v1/terminals/${c.foreign.sn}`, HIDDEN), page(`/api/v1/terminals/${c.own.sn}`)] },
  "/api/v1/tokens": { probes: () => [page("/api/v1/tokens"), { method: "POST", path: "/api/v1/tokens", body: JSON.stringify({ label: "south script" }), expect: [201] }] },
  "/api/v1/tokens/[id]": { probes: (c) => [{ method: "DELETE", path: `/api/v1/tokens/${c.foreign.tokenId}`, expect: HIDDEN }] },
};

/** Routes found on disk: page.tsx and route.ts under app/, route groups and private folders as Next reads them. */
function discoverRoutes(): { route: string; kind: "page" | "handler"; methods: Method[] }[] {
  const root = path.join(process.cwd(), "app");
  const out: { route: string; kind: "page" | "handler"; methods: Method[] }[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (entry.name.startsWith("_")) continue;
        const seg = /^\(.*\)$/.test(entry.name) ? [] : [entry.name];
        walk(path.join(dir, entry.name), [...segments, ...seg]);
      } else if (/^(page|route)\.(tsx?|jsx?)$/.test(entry.name)) {
        const route = `/${segments.join("/")}`;
        const src = fs.readFileSync(path.join(dir, entry.name), "utf8");
        const methods = entry.name.startsWith("page") ? (["GET"] as Method[]) : (["GET", "POST", "PUT", "PATCH", "DELETE"] as Method[]).filter((m) => new RegExp(`export\\s+(async\\s+)?(function|const)\\s+${m}\\b`).test(src));
        out.push({ route, kind: entry.name.startsWith("page") ? "page" : "handler", methods });
      }
    }
  };
  walk(root, []);
  return out.sort((a, b) => a.route.localeCompare(b.route));
}

let app: RunningApp;
let south: Session;
let ctx: Ctx;
let forbidden: string[];
const SOUTH_ADMIN = { email: "south-admin@x.test", password: "south-admin-pw-1" };

beforeAll(async () => {
  app = await startServer(async (db) => {
    const sys = await systemScope(db);
    await createUser(db, sys, { email: SOUTH_ADMIN.email, name: "南区管理员", role: "admin", agent: "SOUTH", password: SOUTH_ADMIN.password }, Date.now());
    await createKey(db, sys, { label: "EAST-GATEWAY-KEY-LABEL", agent: "EAST" }, Date.now());
    const eastId = (await db.get<{ id: number }>(`SELECT id FROM agents WHERE code = 'EAST'`))!.id;
    await createChannel(db, sys, { name: "EAST-CHANNEL-NAME", kind: "webhook", agentId: eastId, url: "https://hooks.example/east-secret-path", secret: "east-channel-signing-secret" }, Date.now());
    const east = (await db.get<{ id: number }>(`SELECT id FROM users WHERE email = 'east@demo.pfh'`))!;
    const eastAgent = (await db.get<{ id: number; path: string }>(`SELECT id, path FROM agents WHERE code = 'EAST'`))!;
    await createApiToken(db, { agentId: eastAgent.id, agentPath: eastAgent.path, role: "manager", userId: east.id }, { label: "EAST-BI-TOKEN-LABEL" }, Date.now());
  });
  const eastT = app.fleet.terminals.find((t) => t.agent === "EAST")!;
  const hzT = app.fleet.terminals.find((t) => t.agent === "HZ")!;
  // Activity of other tenants that the audit log and transfer history hold.
  const east = DEMO_ACCOUNTS.find((a) => a.agentCode === "EAST")!;
  await signInHttp(app.base, east.email, east.password);
  await transferTerminals(app.db, await systemScope(app.db), { serials: [hzT.sn], toAgent: "EAST", note: "EAST-TRANSFER-NOTE" }, Date.now());
  south = await signInHttp(app.base, SOUTH_ADMIN.email, SOUTH_ADMIN.password);
  const one = async (sql: string, ...p: unknown[]) => (await app.db.get<{ id: number }>(sql, p))?.id;
  const southPath = `${app.fleet.agents.SOUTH.path}%`;
  // CASE rather than comparing a LIKE with 0/1: PostgreSQL's LIKE is a boolean, not an integer.
  const alertOf = (inside: boolean) =>
    one(`SELECT a.id FROM alerts a JOIN terminals t ON t.id = a.terminal_id JOIN agents g ON g.id = t.agent_id WHERE (CASE WHEN g.path LIKE ? THEN 1 ELSE 0 END) = ? ORDER BY a.id LIMIT 1`, southPath, inside ? 1 : 0);
  const foreignAlert = await alertOf(false);
  const ownAlert = await alertOf(true);
  if (!foreignAlert || !ownAlert) throw new Error("the seed fleet should raise alerts inside and outside SOUTH; the isolation probes need one of each");
  ctx = {
    foreign: {
      sn: eastT.sn,
      tokenId: (await one(`SELECT id FROM api_tokens WHERE label = 'EAST-BI-TOKEN-LABEL'`))!,
      agentId: app.fleet.agents.EAST.id,
      alertId: foreignAlert,
      // An incident without a SOUTH terminal in it, or an id that does not exist: both must look the same.
      incidentId:
        (await one(`SELECT i.id FROM incidents i WHERE NOT EXISTS (SELECT 1 FROM alerts a JOIN terminals t ON t.id = a.terminal_id JOIN agents g ON g.id = t.agent_id WHERE a.incident_id = i.id AND g.path LIKE ?) ORDER BY i.id LIMIT 1`, southPath)) ?? 999_999,
      channelId: (await one(`SELECT id FROM channels WHERE name = 'EAST-CHANNEL-NAME'`))!,
    },
    own: { sn: app.fleet.terminals.find((t) => t.agent === "SOUTH")!.sn, alertId: ownAlert },
  };
  const outside = app.fleet.terminals.filter((t) => t.agent !== "SOUTH");
  forbidden = [
    ...outside.map((t) => t.sn),
    ...outside.map((t) => t.merchant),
    ...DEMO_ACCOUNTS.map((a) => a.email),
    "华东代理",
    "杭州子代理",
    "总部直营",
    "EAST-GATEWAY-KEY-LABEL",
    "EAST-BI-TOKEN-LABEL",
    "EAST-TRANSFER-NOTE",
    "EAST-CHANNEL-NAME",
    "east-secret-path",
    "east-channel-signing-secret",
  ];
}, BUILD_TIMEOUT_MS + 120_000);

afterAll(async () => {
  await app?.stop();
});

/** The strings of other tenants a body contains, ignoring those the request itself carried. */
function leaks(body: string, probe: Probe): string[] {
  const sent = decodeURIComponent(probe.path) + (probe.body ?? "");
  return forbidden.filter((s) => !sent.includes(s) && body.includes(s));
}

describe("tenant isolation over HTTP", () => {
  it("every page and route handler on disk is listed, with every exported method probed", () => {
    const found = discoverRoutes();
    expect(found.length).toBeGreaterThan(10);
    const unlisted = found.filter((r) => !ROUTES[r.route]).map((r) => r.route);
    expect(unlisted, `add these routes to ROUTES in ${__filename}`).toEqual([]);
    const stale = Object.keys(ROUTES).filter((r) => !found.some((f) => f.route === r));
    expect(stale, "routes listed but no longer on disk").toEqual([]);
    for (const r of found.filter((f) => f.kind === "handler" && f.route !== "/api/auth/sign-out")) {
      const probed = new Set(ROUTES[r.route]!.probes(ctx).map((p) => p.method));
      expect(r.methods.filter((m) => !probed.has(m)), `methods of ${r.route} without a probe`).toEqual([]);
    }
  });

  it("a sibling agent's admin gets 404 for foreign ids and never sees another tenant's data", async () => {
    const failures: string[] = [];
    for (const [route, c] of Object.entries(ROUTES)) {
      for (const probe of c.probes(ctx)) {
        const res = await request(app.base, probe.path, { session: south, method: probe.method, body: probe.body, headers: { origin: app.base } });
        if (!probe.expect.includes(status(res))) failures.push(`${route}: ${probe.method} ${probe.path} answered ${res.status}, expected ${probe.expect.join("/")}`);
        const found = leaks(res.body, probe);
        if (found.length) failures.push(`${route}: ${probe.method} ${probe.path} shows ${found.slice(0, 5).join(", ")}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("the probes can fail: the sibling's own terminal and the full network show up where they should", async () => {
    const own = await request(app.base, `/api/v1/terminals/${ctx.own.sn}`, { session: south });
    expect(own.body).toContain(ctx.own.sn);
    const admin = DEMO_ACCOUNTS.find((a) => a.role === "admin")!;
    const root = await signInHttp(app.base, admin.email, admin.password);
    const probe = page(`/terminals/${ctx.foreign.sn}`);
    const res = await request(app.base, probe.path, { session: root });
    expect(status(res)).toBe(200);
    expect(leaks(res.body, page("/")).length).toBeGreaterThan(0);
    const all = await request(app.base, "/terminals.csv", { session: root });
    expect(leaks(all.body, page("/terminals.csv")).length).toBeGreaterThan(0);
  });

  it("signed out: pages send you to sign in, API routes answer 401", async () => {
    const failures: string[] = [];
    for (const r of discoverRoutes()) {
      const c = ROUTES[r.route];
      if (!c || c.public) continue;
      const target = r.route.replace("[sn]", ctx.own.sn).replace("[id]", "1").replace("[action]", "acknowledge");
      for (const method of r.methods) {
        const res = await request(app.base, target, { method, headers: { origin: app.base }, body: method === "GET" ? undefined : "{}" });
        const ok = r.kind === "page" ? res.status === 307 && (res.location ?? "").startsWith("/login") : res.status === 401;
        if (!ok) failures.push(`${method} ${target} answered ${res.status} ${res.location ?? ""}`);
        if (leaks(res.body, page(target)).length) failures.push(`${method} ${target} leaked data while signed out`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("sign-out ends the session for every later request", async () => {
    const s = await signInHttp(app.base, SOUTH_ADMIN.email, SOUTH_ADMIN.password);
    expect((await request(app.base, "/api/auth/me", { session: s })).status).toBe(200);
    const out = await request(app.base, "/api/auth/sign-out", { session: s, method: "POST", headers: { origin: app.base } });
    expect(out.status).toBe(204);
    expect((await request(app.base, "/api/auth/me", { session: s })).status).toBe(401);
    expect((await request(app.base, "/terminals", { session: s })).status).toBe(307);
  });
});
