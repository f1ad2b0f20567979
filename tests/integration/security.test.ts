// Attacks a browser or a script could try against the running production server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMerchant, createTerminal } from "@/db/fleet";
import { getPolicy } from "@/db/policy";
import { systemScope } from "@/lib/auth/scope";
import { createUser, deactivateUser } from "@/lib/auth/users";
import { DEMO_ACCOUNTS } from "@/lib/demo/accounts";
import { ingestHeartbeats } from "@/lib/ingest/ingest";
import { BUILD_TIMEOUT_MS, startServer, type RunningApp } from "./helpers/app";
import { request, signInHttp, type Session } from "./helpers/http";

const XSS = `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">`;
const XSS_SN = "XSS000001";
const admin = DEMO_ACCOUNTS.find((a) => a.role === "admin")!;
let app: RunningApp;
let root: Session;

beforeAll(async () => {
  app = await startServer(async (db) => {
    const sys = await systemScope(db);
    const merchantId = await createMerchant(db, { name: `商户${XSS}`, agentId: sys.agentId, city: XSS, province: "浙江", contactName: XSS }, Date.now());
    await createTerminal(db, { sn: XSS_SN, merchantId, agentId: sys.agentId, model: XSS }, Date.now());
    await ingestHeartbeats(db, sys, [{ sn: XSS_SN, seq: 1, ts: Date.now(), battery_pct: 80, charging: false, firmware: "2.4.1", signal_dbm: -70, network: "4G", txn_count: 1, errors: {} }], Date.now(), await getPolicy(db));
    await createUser(db, sys, { email: "rate@x.test", name: "rate", role: "viewer", agent: "SOUTH", password: "rate-limit-pw-1" }, Date.now());
    await createUser(db, sys, { email: "leaver@x.test", name: "leaver", role: "manager", agent: "HZ", password: "leaver-pw-123" }, Date.now());
  });
  root = await signInHttp(app.base, admin.email, admin.password);
}, BUILD_TIMEOUT_MS + 120_000);

afterAll(async () => {
  await app?.stop();
});

const json = (s: Session | null, path: string, method: string, body: unknown, headers: Record<string, string>) =>
  request(app.base, path, { session: s, method, body: body === undefined ? undefined : JSON.stringify(body), headers });

describe("markup in data is text", () => {
  it("a merchant name with a <script> tag is escaped on every page that shows it", async () => {
    for (const path of ["/terminals", `/terminals?q=${XSS_SN}`, `/terminals/${XSS_SN}`, "/"]) {
      const res = await request(app.base, path, { session: root });
      expect(res.status, path).toBe(200);
      expect(res.body.includes("<script>window.__pwned"), `${path} carries the raw script tag`).toBe(false);
      expect(res.body.includes('<img src=x onerror'), `${path} carries the raw img tag`).toBe(false);
    }
    const detail = await request(app.base, `/terminals/${XSS_SN}`, { session: root });
    expect(detail.body).toContain("&lt;script&gt;window.__pwned=1&lt;/script&gt;");
    const api = await request(app.base, `/api/v1/terminals/${XSS_SN}`, { session: root });
    expect(api.contentType).toMatch(/^application\/json/);
  });
});

describe("SQL metacharacters in filters and search are plain text", () => {
  it("match nothing instead of everything", async () => {
    for (const q of ["%", "_", "' OR '1'='1", "\" OR 1=1 --", "PFH%", "\\"]) {
      const res = await request(app.base, `/api/v1/terminals?q=${encodeURIComponent(q)}`, { session: root });
      expect(res.status, q).toBe(200);
      expect(res.body.match(/PFH\d{5}/g) ?? [], q).toEqual([]);
      const page = await request(app.base, `/terminals?q=${encodeURIComponent(q)}`, { session: root });
      expect(page.body.match(/PFH\d{5}/g) ?? [], q).toEqual([]);
    }
    // The control: a real prefix finds rows, so the checks above can fail.
    expect((await request(app.base, "/api/v1/terminals?q=PFH0000", { session: root })).body).toMatch(/PFH0000\d/);
  });
});

describe("cross-origin writes are refused", () => {
  it("API writes with a session cookie need this site's Origin", async () => {
    const s = await signInHttp(app.base, admin.email, admin.password);
    const label = { label: "csrf" };
    expect((await json(s, "/api/v1/tokens", "POST", label, { origin: "http://evil.example" })).status).toBe(403);
    expect((await json(s, "/api/v1/tokens", "POST", label, { origin: app.base.replace("127.0.0.1", "localhost") })).status).toBe(403);
    expect((await json(s, "/api/v1/tokens", "POST", label, { "sec-fetch-site": "cross-site", origin: app.base })).status).toBe(403);
    expect((await json(s, "/api/v1/tokens", "POST", label, {})).status).toBe(403);
    expect((await json(s, "/api/auth/sign-out", "POST", undefined, { origin: "http://evil.example" })).status).toBe(403);
    expect((await json(null, "/api/auth/sign-in", "POST", { email: admin.email, password: admin.password }, { origin: "http://evil.example" })).status).toBe(403);
    expect((await request(app.base, "/api/auth/me", { session: s })).status).toBe(200);
    const created = await json(s, "/api/v1/tokens", "POST", label, { origin: app.base });
    expect(created.status).toBe(201);
    const { id } = JSON.parse(created.body) as { id: number };
    expect((await json(s, `/api/v1/tokens/${id}`, "DELETE", undefined, { origin: "http://evil.example" })).status).toBe(403);
    expect((await json(s, `/api/v1/tokens/${id}`, "DELETE", undefined, { origin: app.base })).status).toBe(204);
    expect(await app.db.get(`SELECT count(*) AS n FROM api_tokens WHERE label = 'csrf'`)).toEqual({ n: 1 });
  });

  it("a server action posted from another origin does nothing (Next checks Origin against Host)", async () => {
    const s = await signInHttp(app.base, admin.email, admin.password);
    const html = (await request(app.base, "/settings/tokens", { session: s })).body;
    const form = /<form[^>]*>(?:(?!<\/form>)[\s\S])*name="label"[\s\S]*?<\/form>/.exec(html)?.[0];
    expect(form, "the token form renders server-side with its action fields").toBeTruthy();
    const fields = [...form!.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?/g)].map((m) => [m[1]!, unescapeHtml(m[2] ?? "")] as const);
    expect(fields.some(([n]) => n.startsWith("$ACTION"))).toBe(true);
    const post = async (origin: string, label: string) => {
      const body = new FormData();
      for (const [n, v] of fields) body.append(n, v);
      body.append("label", label);
      return fetch(`${app.base}/settings/tokens`, { method: "POST", body, redirect: "manual", headers: { cookie: s.cookie, origin } });
    };
    const tokens = async (label: string) => (await app.db.get<{ n: number }>(`SELECT count(*) AS n FROM api_tokens WHERE label = ?`, [label]))!.n;
    const evil = await post("http://evil.example", "from-evil");
    expect(evil.status).toBeGreaterThanOrEqual(400);
    expect(await tokens("from-evil")).toBe(0);
    // The control: the same post from this origin creates the token.
    await post(app.base, "from-here");
    expect(await tokens("from-here")).toBe(1);
  });
});

describe("sessions", () => {
  it("sign-in rotates: the cookie sent along is ended and a new one issued, HttpOnly and SameSite=Lax", async () => {
    const first = await signInHttp(app.base, admin.email, admin.password);
    const res = await fetch(`${app.base}/api/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: app.base, cookie: first.cookie },
      body: JSON.stringify({ email: admin.email, password: admin.password }),
    });
    const set = res.headers.get("set-cookie")!;
    expect(set).toMatch(/^pfh_session=[\w-]{43}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
    const second = { cookie: /pfh_session=[^;]+/.exec(set)![0] };
    expect(second.cookie).not.toBe(first.cookie);
    expect((await request(app.base, "/api/auth/me", { session: first })).status).toBe(401);
    expect((await request(app.base, "/api/auth/me", { session: second })).status).toBe(200);
  });

  it("signed out, a page sends you to sign in and back; the server, not the client, names the address", async () => {
    const res = await request(app.base, "/terminals?city=%E6%9D%AD%E5%B7%9E", { headers: { "x-pfh-path": "/evil", "x-pfh-client-ip": "6.6.6.6" } });
    expect(res.status).toBe(307);
    expect(res.location).toBe(`/login?next=${encodeURIComponent("/terminals?city=%E6%9D%AD%E5%B7%9E")}`);
    await json(null, "/api/auth/sign-in", "POST", { email: "nobody@ip.test", password: "x" }, { origin: app.base, "x-pfh-client-ip": "6.6.6.6", "x-forwarded-for": "7.7.7.7" });
    const row = (await app.db.get<{ ip: string }>(`SELECT ip FROM audit_log WHERE target_id = 'nobody@ip.test'`))!;
    expect(row.ip).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
  });

  it("the cookie is not made Secure by a client's own X-Forwarded-Proto (only a trusted proxy's counts)", async () => {
    const raw = await fetch(`${app.base}/api/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: app.base, "x-forwarded-proto": "https" },
      body: JSON.stringify({ email: admin.email, password: admin.password }),
    });
    expect(raw.status).toBe(200);
    // Without TRUST_PROXY the header is the client's to forge; with it, Secure follows (tests/unit/auth/request.test.ts).
    expect(raw.headers.get("set-cookie")).toMatch(/; SameSite=Lax$/);
  });

  it("a deactivated user's sessions and API tokens stop working at once", async () => {
    const s = await signInHttp(app.base, "leaver@x.test", "leaver-pw-123");
    const created = await json(s, "/api/v1/tokens", "POST", { label: "leaver" }, { origin: app.base });
    const { token } = JSON.parse(created.body) as { token: string };
    const bearer = { authorization: `Bearer ${token}` };
    expect((await request(app.base, "/api/v1/terminals", { headers: bearer })).status).toBe(200);
    expect((await request(app.base, "/terminals", { session: s })).status).toBe(200);
    const leaver = (await app.db.get<{ id: number }>(`SELECT id FROM users WHERE email = 'leaver@x.test'`))!;
    await deactivateUser(app.db, await systemScope(app.db), leaver.id, Date.now());
    expect((await request(app.base, "/terminals", { session: s })).status).toBe(307);
    expect((await request(app.base, "/api/v1/terminals", { session: s })).status).toBe(401);
    expect((await request(app.base, "/api/v1/terminals", { headers: bearer })).status).toBe(401);
  });

  it("API tokens read but never write", async () => {
    const s = await signInHttp(app.base, admin.email, admin.password);
    const { token, id } = JSON.parse((await json(s, "/api/v1/tokens", "POST", { label: "reader" }, { origin: app.base })).body) as { token: string; id: number };
    const bearer = { authorization: `Bearer ${token}`, origin: app.base };
    expect((await request(app.base, "/api/v1/fleet/summary", { headers: bearer })).status).toBe(200);
    expect((await json(null, "/api/v1/tokens", "POST", { label: "x" }, bearer)).status).toBe(403);
    expect((await json(null, `/api/v1/tokens/${id}`, "DELETE", undefined, bearer)).status).toBe(403);
    expect((await request(app.base, "/api/v1/terminals", { headers: { authorization: "Bearer pfa_forged" } })).status).toBe(401);
  });
});

describe("sign-in failures", () => {
  it("one generic answer for an unknown account and a wrong password", async () => {
    const unknown = await json(null, "/api/auth/sign-in", "POST", { email: "nobody@x.test", password: "whatever-pw" }, { origin: app.base });
    const wrong = await json(null, "/api/auth/sign-in", "POST", { email: admin.email, password: "wrong-password" }, { origin: app.base });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(JSON.parse(unknown.body)).toEqual(JSON.parse(wrong.body));
  });

  it("rate limiting kicks in after repeated failures, even for the right password", async () => {
    for (let i = 0; i < 5; i++) expect((await json(null, "/api/auth/sign-in", "POST", { email: "rate@x.test", password: `bad-${i}` }, { origin: app.base })).status).toBe(401);
    const limited = await fetch(`${app.base}/api/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: app.base },
      body: JSON.stringify({ email: "rate@x.test", password: "rate-limit-pw-1" }),
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.headers.get("set-cookie")).toBeNull();
  });
});

function unescapeHtml(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}
