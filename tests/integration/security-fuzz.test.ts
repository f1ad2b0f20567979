// Generated hostile requests against the running production server: pages, the read API and
// server actions. Whatever arrives, the answer is never a 5xx. 5,000 cases in all, split in runs.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "@/lib/demo/accounts";
import { BUILD_TIMEOUT_MS, startServer, type RunningApp } from "./helpers/app";
import { request, signInHttp, type Session } from "./helpers/http";

const admin = DEMO_ACCOUNTS.find((a) => a.role === "admin")!;
let app: RunningApp;
let root: Session;
let actionId = "";
const RUN_TIMEOUT = 10 * 60_000;

beforeAll(async () => {
  app = await startServer();
  root = await signInHttp(app.base, admin.email, admin.password);
  const html = (await request(app.base, "/settings/tokens", { session: root })).body;
  actionId = /name="\$ACTION_ID_([0-9a-f]+)"/.exec(html)?.[1] ?? "";
  expect(actionId, "the token form carries a server action id").not.toBe("");
}, BUILD_TIMEOUT_MS + 120_000);

afterAll(async () => {
  await app?.stop();
});

// Pieces that have broken parsers before: percent junk, encoded separators, control and
// non-ASCII characters, prototype names, huge numbers.
const nasty = fc.constantFrom(
  "%", "%2", "%E0%A4%A", "%25", "%00", "%0D%0A", "%C0%AF", "%2F", "%5C", "%09", "%E3%80%82", "..", ".", "__proto__", "constructor",
  "杭州", "💥", "'", '"', "<x>", "\\", "null", "-1", "1e309", "9007199254740993", "NaN", "", " ", "%u0041", "%%", "#",
);
const segment = fc.oneof(nasty, fc.string({ maxLength: 12 }).map(encodeURIComponent), fc.stringMatching(/^[A-Za-z0-9%._~-]{0,16}$/));
const value = fc.oneof(nasty, fc.string({ maxLength: 20 }).map(encodeURIComponent), fc.integer().map(String), fc.stringMatching(/^[A-Za-z0-9%+=&._~-]{0,20}$/));

const PAGES = ["/", "/terminals", "/terminals/{}", "/alerts", "/alerts/{}", "/firmware", "/incidents", "/incidents/{}", "/settings/channels/{}", "/login", "/terminals.csv", "/settings/audit"];
const API = ["/api/v1/terminals", "/api/v1/terminals/{}", "/api/v1/fleet/summary", "/api/v1/alerts", "/api/v1/alerts/{}", "/api/auth/me"];
const QUERY_KEYS = ["next", "q", "city", "status", "category", "severity", "agent", "size", "after", "before", "sort", "dir", "page", "firmware", "battery", "signal", "code", "_rsc", "__proto__"];

const query = fc.array(fc.tuple(fc.constantFrom(...QUERY_KEYS), value), { maxLength: 4 }).map((pairs) => (pairs.length ? "?" + pairs.map(([k, v]) => `${k}=${v}`).join("&") : ""));
const target = (paths: string[]) => fc.tuple(fc.constantFrom(...paths), segment, query).map(([p, s, q]) => p.replace("{}", s || "x") + q);
const session = fc.constantFrom<"root" | "none" | "junk">("root", "none", "junk");
const cookieFor = (s: "root" | "none" | "junk") => (s === "root" ? root.cookie : s === "junk" ? "pfh_session=%E0%A4%A" : "");

const seen: Record<number, number> = {};
async function get(path: string, who: "root" | "none" | "junk"): Promise<number> {
  const res = await fetch(`${app.base}${path}`, { redirect: "manual", headers: { ...(cookieFor(who) ? { cookie: cookieFor(who) } : {}), "sec-fetch-site": "same-origin" } });
  await res.arrayBuffer();
  seen[res.status] = (seen[res.status] ?? 0) + 1;
  return res.status;
}

describe("no generated request is answered with a 5xx", () => {
  it("pages: 1,500 generated paths and queries", async () => {
    await fc.assert(
      fc.asyncProperty(target(PAGES), session, async (path, who) => {
        const status = await get(path, who);
        if (status >= 500) throw new Error(`${path} (${who}) answered ${status}`);
      }),
      { numRuns: 1500, seed: 20261127 },
    );
  }, RUN_TIMEOUT);

  it("read API: 2,000 generated paths and queries", async () => {
    await fc.assert(
      fc.asyncProperty(target(API), session, async (path, who) => {
        const status = await get(path, who);
        if (status >= 500) throw new Error(`${path} (${who}) answered ${status}`);
      }),
      { numRuns: 2000, seed: 20261128 },
    );
  }, RUN_TIMEOUT);

  it("server actions and API writes: 1,500 generated bodies, headers and origins", async () => {
    const body = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.json({ maxDepth: 3 }),
      fc.constantFrom("null", "[]", '["$@1"]', '{"__proto__":{"x":1}}', "[{\"$ACTION_ID_x\":1}]", "1e309", '"\\ud800"'),
    );
    const kind = fc.constantFrom("text/plain;charset=UTF-8", "application/json", "multipart/form-data; boundary=zz", "application/x-www-form-urlencoded", "");
    const origin = fc.constantFrom("self", "http://evil.example", "null", "");
    const path = fc.constantFrom("/settings/tokens", "/settings/channels", "/alerts", "/login", "/api/v1/alerts", "/api/v1/alerts/1/acknowledge", "/api/v1/alerts/1/constructor", "/api/v1/tokens");
    const action = fc.constantFrom("real", "none", "bogus");
    await fc.assert(
      fc.asyncProperty(path, body, kind, origin, action, session, async (p, b, k, o, a, who) => {
        const headers: Record<string, string> = {};
        if (cookieFor(who)) headers.cookie = cookieFor(who);
        if (k) headers["content-type"] = k;
        if (o) headers.origin = o === "self" ? app.base : o;
        if (a !== "none" && !p.startsWith("/api/")) headers["next-action"] = a === "real" ? actionId : "00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff";
        const res = await fetch(`${app.base}${p}`, { method: "POST", body: b, headers, redirect: "manual" });
        await res.arrayBuffer();
        seen[res.status] = (seen[res.status] ?? 0) + 1;
        if (res.status >= 500) throw new Error(`POST ${p} ${JSON.stringify({ b: b.slice(0, 80), k, o, a, who })} answered ${res.status}`);
      }),
      { numRuns: 1500, seed: 20261129 },
    );
    console.log(`statuses over all generated requests: ${JSON.stringify(seen)}`);
    // Nothing written by all that: the only tokens are none, the only labels are the form's own.
    expect(await app.db.get(`SELECT count(*) AS n FROM api_tokens`)).toEqual({ n: 0 });
  }, RUN_TIMEOUT);
});
