// Hostile input against the running production server: malformed paths, cookies, bodies and
// return addresses answer 4xx (never 500), every answer carries the security headers, a temporary
// password opens nothing else, and notification channels cannot be pointed at this machine.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertChannel } from "@/db/alerts-channels";
import { systemScope } from "@/lib/auth/scope";
import { changePassword } from "@/lib/auth/sign-in";
import { createUser, resetPassword } from "@/lib/auth/users";
import { DEMO_ACCOUNTS } from "@/lib/demo/accounts";
import { BUILD_TIMEOUT_MS, startServer, type RunningApp } from "./helpers/app";
import { request, signInHttp, type Session } from "./helpers/http";
import { startReceiver } from "../unit/notify/receiver";

const admin = DEMO_ACCOUNTS.find((a) => a.role === "admin")!;
let app: RunningApp;
let root: Session;
let rx: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  // No NOTIFY_ALLOW_PRIVATE here: the receiver on 127.0.0.1 must stay out of reach.
  delete process.env.NOTIFY_ALLOW_PRIVATE;
  rx = await startReceiver(() => ({ status: 500, body: "receiver-internal-detail" }), { max: 50 });
  app = await startServer(async (db) => {
    const sys = await systemScope(db);
    await createUser(db, sys, { email: "tokens@x.test", name: "Token Owner", role: "viewer", agent: "SOUTH", password: "tokens-pw-123" }, Date.now());
  });
  root = await signInHttp(app.base, admin.email, admin.password);
}, BUILD_TIMEOUT_MS + 120_000);

afterAll(async () => {
  await app?.stop();
  await rx?.close();
});

const post = (path: string, body: string | undefined, headers: Record<string, string> = {}, session: Session | null = root) =>
  request(app.base, path, { session, method: "POST", body, headers: { origin: app.base, ...headers } });

function expectProblem(res: { status: number; contentType: string }, status: number, what: string) {
  expect(res.status, what).toBe(status);
  expect(res.contentType, what).toMatch(/^application\/problem\+json/);
}

describe("bad input answers 4xx, never 500", () => {
  it("alert actions named after Object's own members are unknown actions", async () => {
    for (const action of ["constructor", "__proto__", "__defineGetter__", "toString", "hasOwnProperty", "valueOf"]) {
      expectProblem(await post(`/api/v1/alerts/5/${action}`, undefined), 404, action);
    }
    expectProblem(await post("/api/v1/alerts/5/acknowledge", "null"), 400, "null body");
    expectProblem(await post("/api/v1/alerts/5/acknowledge", "[1]"), 400, "array body");
  });

  it("a bulk action with a JSON null, array or number body is a 400", async () => {
    for (const body of ["null", "[]", "42", '"x"', "{"]) expectProblem(await post("/api/v1/alerts", body), 400, body);
  });

  it("a serial that decodes to a lone % is not found, not decoded twice", async () => {
    expectProblem(await request(app.base, "/api/v1/terminals/%25", { session: root }), 404, "%25");
    expect((await request(app.base, "/terminals/%25", { session: root })).status).toBe(404);
    // The control: a real serial is found, also percent-encoded.
    const sn = app.fleet.terminals[0]!.sn;
    expect((await request(app.base, `/api/v1/terminals/${encodeURIComponent(sn)}`, { session: root })).status).toBe(200);
  });

  it("broken percent-encoding in a path is a 400 on pages and the API", async () => {
    for (const path of ["/terminals/%E0%A4%A", "/alerts/%E0%A4%A", "/api/v1/terminals/%E0%A4%A", "/settings/channels/%E0%A4%A", "/%", "/terminals/%ZZ"]) {
      const res = await request(app.base, path, { session: root });
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
    }
  });

  it("a session cookie with broken percent-encoding reads as signed out", async () => {
    for (const path of ["/api/v1/terminals", "/api/v1/fleet/summary", "/api/v1/alerts", "/api/auth/me"]) {
      expectProblem(await request(app.base, path, { headers: { cookie: "pfh_session=%E0%A4%A" } }), 401, path);
    }
    expect((await request(app.base, "/terminals", { headers: { cookie: "pfh_session=%E0%A4%A" } })).status).toBe(307);
    expectProblem(await post("/api/auth/sign-out", undefined, { cookie: "pfh_session=%E0%A4%A" }, null), 401, "sign-out");
  });

  it("a return address with CR, LF or non-ASCII characters does not break the redirect", async () => {
    for (const next of ["%0D", "%0A", "%E3%80%82", "%2F%0D%0ASet-Cookie:x=1", "%2F%E6%9D%AD"]) {
      const res = await request(app.base, `/login?next=${next}`, { session: root });
      expect(res.status, next).toBe(307);
      expect(res.location, next).toMatch(/^\/[\x21-\x7e]*$/);
    }
    expect((await request(app.base, "/login?next=%2F%E3%80%82", { session: root })).location).toBe("/%E3%80%82");
  });

  it("server actions Next would refuse with 500 (foreign Origin, garbage, over 1 MB) are 4xx", async () => {
    const form = await actionForm("/settings/tokens", "label");
    const send = (body: BodyInit, headers: Record<string, string>) =>
      fetch(`${app.base}/settings/tokens`, { method: "POST", body, redirect: "manual", headers: { cookie: root.cookie, ...headers }, signal: AbortSignal.timeout(10_000) });
    const foreign = await send(form.body("from-evil"), { origin: "http://evil.example" });
    expect(foreign.status).toBe(403);
    expect(form.actionId).toMatch(/^[0-9a-f]{20,}$/);
    const garbage = await send("{{{not a reply", { origin: app.base, "next-action": form.actionId!, "content-type": "text/plain;charset=UTF-8" });
    expect(garbage.status).toBeGreaterThanOrEqual(400);
    expect(garbage.status).toBeLessThan(500);
    const multipartGarbage = await send("garbage", { origin: app.base, "next-action": form.actionId!, "content-type": "multipart/form-data; boundary=zz" });
    expect(multipartGarbage.status).toBeGreaterThanOrEqual(400);
    expect(multipartGarbage.status).toBeLessThan(500);
    // Answered before the body is read; the connection closes, so the client may see EPIPE after the answer.
    expect(await rawPost("/settings/tokens", "x".repeat(1_100_000), { cookie: root.cookie, origin: app.base, "content-type": "application/x-www-form-urlencoded" })).toBe(413);
    expect(await app.db.get(`SELECT count(*) AS n FROM api_tokens WHERE label = 'from-evil' OR length(label) > 1000`)).toEqual({ n: 0 });
  }, 60_000); // five round trips through Next, each bounded at 10 s above
});

describe("open redirect", () => {
  it("/login?next= with a tab, backslash or // sends a signed-in visitor home", async () => {
    for (const next of ["%2F%09%2Fevil.example", "%2F%5Cevil.example", "%2F%2Fevil.example", "%09%2F%2Fevil.example", "%2F.%2F%2Fevil.example", "https%3A%2F%2Fevil.example"]) {
      const res = await request(app.base, `/login?next=${next}`, { session: root });
      expect(res.status, next).toBe(307);
      expect(res.location, next).toBe("/");
    }
    expect((await request(app.base, `/login?next=${encodeURIComponent("/terminals?city=杭州")}`, { session: root })).location).toBe("/terminals?city=%E6%9D%AD%E5%B7%9E");
  });

  it("the sign-in form's redirect is just as safe, and a non-ASCII return path works", async () => {
    const cases: [string, string][] = [
      ["/\t/evil.example", "/"],
      ["/\\evil.example", "/"],
      ["//evil.example", "/"],
      ["/terminals?city=杭州", "/terminals?city=%E6%9D%AD%E5%B7%9E"],
    ];
    for (const [next, expected] of cases) {
      const form = await actionForm("/login", "email", null);
      const body = form.body(undefined, { email: admin.email, password: admin.password, next });
      const res = await fetch(`${app.base}/login`, { method: "POST", body, redirect: "manual", headers: { origin: app.base } });
      expect(res.status, next).toBe(303);
      expect(new URL(res.headers.get("location")!, app.base).href, next).toBe(new URL(expected, app.base).href);
      expect(res.headers.get("set-cookie"), next).toMatch(/pfh_session=/);
    }
  });
});

describe("security headers", () => {
  it("pages, API routes, node:http endpoints and errors all carry them", async () => {
    for (const [path, session] of [["/terminals", root], ["/login", null], ["/api/v1/terminals", root], ["/api/health", null], ["/api/v1/terminals", null], ["/no-such-page", root], ["/terminals/%E0%A4%A", root]] as const) {
      const res = await fetch(`${app.base}${path}`, { redirect: "manual", headers: session ? { cookie: session.cookie } : {} });
      await res.arrayBuffer();
      expect(res.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(res.headers.get("referrer-policy"), path).toBe("same-origin");
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
    }
  });

  it("X-Forwarded-* are ignored without TRUST_PROXY", async () => {
    const res = await fetch(`${app.base}/api/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" },
      body: JSON.stringify({ email: admin.email, password: admin.password }),
    });
    expect(res.status).toBe(403);
    const ok = await fetch(`${app.base}/api/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: app.base, "x-forwarded-proto": "https", "x-forwarded-for": "6.6.6.6" },
      body: JSON.stringify({ email: admin.email, password: admin.password }),
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("set-cookie")).not.toMatch(/Secure/);
    const row = (await app.db.get<{ ip: string }>(`SELECT ip FROM audit_log WHERE action = 'auth.sign_in' ORDER BY id DESC LIMIT 1`))!;
    expect(row.ip).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
  });
});

describe("temporary passwords and API tokens", () => {
  it("until a temporary password is changed, only the password page, who-am-I and sign-out answer", async () => {
    const sys = await systemScope(app.db);
    const { temporaryPassword } = await createUser(app.db, sys, { email: "temp@x.test", name: "Temp", role: "manager", agent: "EAST" }, Date.now());
    const s = await signInHttp(app.base, "temp@x.test", temporaryPassword!);
    for (const path of ["/", "/terminals", "/alerts", "/settings/tokens"]) {
      const res = await request(app.base, path, { session: s });
      expect(res.status, path).toBe(307);
      expect(res.location, path).toBe("/settings/account?first=1");
    }
    expect((await request(app.base, "/settings/account", { session: s })).status).toBe(200);
    expectProblem(await request(app.base, "/api/v1/terminals", { session: s }), 403, "read API");
    expectProblem(await post("/api/v1/tokens", JSON.stringify({ label: "early" }), {}, s), 403, "token create");
    expect((await request(app.base, "/api/auth/me", { session: s })).status).toBe(200);
    // A server action other than the password change is refused too (it redirects to the password page).
    const form = await actionForm("/settings/tokens", "label");
    const res = await fetch(`${app.base}/settings/tokens`, { method: "POST", body: form.body("sneaky"), redirect: "manual", headers: { cookie: s.cookie, origin: app.base } });
    await res.arrayBuffer();
    expect(await app.db.get(`SELECT count(*) AS n FROM api_tokens WHERE label IN ('early', 'sneaky')`)).toEqual({ n: 0 });
    expect((await post("/api/auth/sign-out", undefined, {}, s)).status).toBe(204);
  });

  it("a password change and an admin's reset both revoke the user's API tokens", async () => {
    const s = await signInHttp(app.base, "tokens@x.test", "tokens-pw-123");
    const token = async () => (JSON.parse((await post("/api/v1/tokens", JSON.stringify({ label: "script" }), {}, s)).body) as { token: string }).token;
    const bearer = (t: string) => ({ headers: { authorization: `Bearer ${t}` } });
    const first = await token();
    expect((await request(app.base, "/api/v1/fleet/summary", bearer(first))).status).toBe(200);
    const me = (await app.db.get<{ id: number; agentId: number; agentPath: string }>(
      `SELECT u.id, u.agent_id AS "agentId", a.path AS "agentPath" FROM users u JOIN agents a ON a.id = u.agent_id WHERE u.email = 'tokens@x.test'`,
    ))!;
    const scope = { agentId: me.agentId, agentPath: me.agentPath, role: "viewer" as const, userId: me.id };
    await changePassword(app.db, scope, { current: "tokens-pw-123", next: "tokens-pw-456", confirm: "tokens-pw-456" }, undefined, Date.now());
    expect((await request(app.base, "/api/v1/fleet/summary", bearer(first))).status).toBe(401);

    const s2 = await signInHttp(app.base, "tokens@x.test", "tokens-pw-456");
    const second = (JSON.parse((await post("/api/v1/tokens", JSON.stringify({ label: "script 2" }), {}, s2)).body) as { token: string }).token;
    expect((await request(app.base, "/api/v1/fleet/summary", bearer(second))).status).toBe(200);
    await resetPassword(app.db, await systemScope(app.db), me.id, Date.now());
    expect((await request(app.base, "/api/v1/fleet/summary", bearer(second))).status).toBe(401);
  });
});

describe("notification channels cannot reach this machine", () => {
  it("saving a channel that points at loopback, metadata or private addresses is refused, in any spelling", async () => {
    const port = new URL(rx.base).port;
    const sys = await systemScope(app.db);
    for (const url of [`http://127.0.0.1:${port}/hook`, `http://2130706433:${port}/hook`, `http://[::ffff:127.0.0.1]:${port}/hook`, `http://localhost:${port}/hook`, "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/hook", "http://0x7f.1/hook"]) {
      const form = await actionForm("/settings/channels", "url");
      const body = form.body(undefined, { name: `ssrf ${url}`, kind: "wecom", agentId: String(sys.agentId), url, secret: "", locale: "zh-CN", minSeverity: "warning", windowSeconds: "60", enabled: "on" });
      const res = await fetch(`${app.base}/settings/channels`, { method: "POST", body, redirect: "manual", headers: { cookie: root.cookie, origin: app.base } });
      expect(res.status, url).toBeLessThan(500);
      await res.arrayBuffer();
    }
    expect(await app.db.get(`SELECT count(*) AS n FROM channels WHERE name LIKE 'ssrf %'`)).toEqual({ n: 0 });
    // The control: a public address is saved by the same form.
    const form = await actionForm("/settings/channels", "url");
    const ok = form.body(undefined, { name: "ssrf public", kind: "wecom", agentId: String(sys.agentId), url: "https://8.8.8.8/cgi-bin/webhook/send?key=k", secret: "", locale: "zh-CN", minSeverity: "warning", windowSeconds: "60", enabled: "on" });
    await (await fetch(`${app.base}/settings/channels`, { method: "POST", body: ok, redirect: "manual", headers: { cookie: root.cookie, origin: app.base } })).arrayBuffer();
    expect(await app.db.get(`SELECT count(*) AS n FROM channels WHERE name = 'ssrf public'`)).toEqual({ n: 1 });
  });

  it("a stored channel whose name now resolves to loopback is refused at send time; nothing reaches the receiver", async () => {
    const port = new URL(rx.base).port;
    const sys = await systemScope(app.db);
    // As if saved while the name pointed elsewhere (DNS rebinding), or written before the check existed.
    const ids: number[] = [];
    for (const url of [`http://localhost:${port}/hook`, `http://127.0.0.1:${port}/hook`, `http://[::ffff:7f00:1]:${port}/hook`]) {
      ids.push(await insertChannel(app.db, { agentId: sys.agentId, kind: "wecom", name: `stored ${url}`, url, secret: "", locale: "zh-CN", minSeverity: "warning", windowMs: 60_000, enabled: true, categories: [] }, 0, Date.now()));
    }
    for (const id of ids) {
      const form = await actionForm("/settings/channels", "id", root, (f) => f.includes(`value="${id}"`) && /\$ACTION/.test(f) && !f.includes('name="confirm"'));
      const res = await fetch(`${app.base}/settings/channels`, { method: "POST", body: form.body(), redirect: "manual", headers: { cookie: root.cookie, origin: app.base } });
      expect(res.status).toBeLessThan(500);
      await res.arrayBuffer();
    }
    expect(rx.requests).toHaveLength(0);
    const attempts = await app.db.all<{ error: string; ok: number }>(`SELECT error, ok FROM delivery_attempts WHERE channel_id IN (${ids.join(",")})`);
    expect(attempts.length).toBeGreaterThan(0);
    for (const a of attempts) {
      expect(a.ok).toBe(0);
      expect(a.error).toMatch(/not allowed \(loopback\)/);
      expect(a.error).not.toContain("receiver-internal-detail");
    }
  });
});

/** A POST whose answer may come before the whole body is sent: resolves with the status. */
function rawPost(path: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${app.base}${path}`, { method: "POST", headers: { ...headers, "content-length": String(Buffer.byteLength(body)) } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    // EPIPE or a reset may still come after the answer; one that comes without it fails the call.
    req.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code !== "EPIPE" && err.code !== "ECONNRESET") return reject(err);
      setTimeout(() => reject(new Error(`the connection was closed (${err.code}) before any answer to ${path}`)), 1000).unref();
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer to ${path} within 10 s`)));
    req.end(body);
  });
}

// --- server-action forms as the browser posts them ----------------------------------------------

interface ActionForm {
  actionId: string | null;
  body(label?: string, fields?: Record<string, string>): FormData;
}

/** The first form on `path` holding a field `field` (and matching `pick`), with its hidden action fields. */
async function actionForm(path: string, field: string, session: Session | null = root, pick: (form: string) => boolean = () => true): Promise<ActionForm> {
  const html = (await request(app.base, path, { session })).body;
  const forms = [...html.matchAll(/<form[^>]*>(?:(?!<\/form>)[\s\S])*?<\/form>/g)].map((m) => m[0]).filter((f) => f.includes(`name="${field}"`) && pick(f));
  const form = forms[0];
  if (!form) throw new Error(`no form with a "${field}" field on ${path}`);
  const hidden = [...form.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?/g)].map((m) => [m[1]!, unescapeHtml(m[2] ?? "")] as const);
  // A plain action form names its action in a field; a form with state names it in "$ACTION_n:0".
  const ref = hidden.find(([n]) => /^\$ACTION_\d+:0$/.test(n))?.[1];
  const actionId = hidden.find(([n]) => n.startsWith("$ACTION_ID_"))?.[0].slice("$ACTION_ID_".length) ?? (ref ? ((JSON.parse(ref) as { id?: string }).id ?? null) : null);
  return {
    actionId,
    body(label, fields = {}) {
      const fd = new FormData();
      for (const [n, v] of hidden) if (!(n in fields)) fd.append(n, v);
      if (label !== undefined) fd.append("label", label);
      for (const [n, v] of Object.entries(fields)) fd.append(n, v);
      return fd;
    },
  };
}

function unescapeHtml(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}
