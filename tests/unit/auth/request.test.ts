import { afterEach, describe, expect, it } from "vitest";
import { assertSameOrigin, isSameOrigin } from "@/lib/auth/csrf";
import { clientIp, requestedPath, safeNextPath } from "@/lib/auth/request-info";
import { clearedSessionCookie, isHttps, readCookie, serializeSessionCookie } from "@/lib/auth/sessions";

const h = (o: Record<string, string>) => new Headers(o);

describe("same-origin check", () => {
  it("trusts the browser's Sec-Fetch-Site first", () => {
    expect(isSameOrigin(h({ "sec-fetch-site": "same-origin", origin: "http://evil.example", host: "a:1" }))).toBe(true);
    expect(isSameOrigin(h({ "sec-fetch-site": "none" }))).toBe(true);
    expect(isSameOrigin(h({ "sec-fetch-site": "cross-site", origin: "http://a:1", host: "a:1" }))).toBe(false);
    expect(isSameOrigin(h({ "sec-fetch-site": "same-site", host: "a:1" }))).toBe(false);
  });
  it("otherwise compares Origin with Host", () => {
    expect(isSameOrigin(h({ origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" }))).toBe(true);
    expect(isSameOrigin(h({ origin: "http://127.0.0.1:3001", host: "127.0.0.1:3000" }))).toBe(false);
    expect(isSameOrigin(h({ origin: "null", host: "127.0.0.1:3000" }))).toBe(false);
    expect(isSameOrigin(h({ origin: "::garbage", host: "x" }))).toBe(false);
    expect(isSameOrigin(h({ host: "127.0.0.1:3000" }))).toBe(false);
  });
  it("lets safe methods through and refuses cross-site writes with 403", () => {
    expect(() => assertSameOrigin("GET", h({}))).not.toThrow();
    expect(() => assertSameOrigin("DELETE", h({ origin: "http://evil", host: "a" }))).toThrow(/cross-site/);
  });
});

describe("request info", () => {
  afterEach(() => {
    delete process.env.TRUST_PROXY;
  });
  it("uses the server-written address unless a proxy is trusted", () => {
    const headers = h({ "x-pfh-client-ip": "10.0.0.9", "x-forwarded-for": "1.2.3.4, 10.0.0.1" });
    expect(clientIp(headers)).toBe("10.0.0.9");
    process.env.TRUST_PROXY = "1";
    expect(clientIp(headers)).toBe("1.2.3.4");
    expect(clientIp(h({}))).toBe("unknown");
  });
  it("only returns to local paths after sign-in", () => {
    expect(safeNextPath("/terminals?x=1")).toBe("/terminals?x=1");
    for (const bad of ["https://evil.example", "//evil.example", "/\\evil", "", null, "/login?next=/x", "/api/v1/x"]) expect(safeNextPath(bad)).toBe("/");
  });
  it("drops Next's _rsc parameter from the requested path", () => {
    expect(requestedPath(h({ "x-pfh-path": "/terminals?_rsc=abc&city=%E6%9D%AD" }))).toBe("/terminals?city=%E6%9D%AD");
    expect(requestedPath(h({}))).toBe("/");
  });
});

describe("session cookie", () => {
  afterEach(() => {
    delete process.env.TRUST_PROXY;
  });
  it("is httpOnly and SameSite=Lax, Secure only over HTTPS", () => {
    expect(serializeSessionCookie("tok", false)).toBe("pfh_session=tok; Path=/; Max-Age=604800; HttpOnly; SameSite=Lax");
    expect(serializeSessionCookie("tok", true)).toMatch(/; Secure$/);
    expect(clearedSessionCookie(false)).toMatch(/Max-Age=0/);
    expect(isHttps(h({}), "https://x/")).toBe(true);
    // X-Forwarded-Proto is anyone's to send unless a proxy is trusted.
    expect(isHttps(h({ "x-forwarded-proto": "https" }))).toBe(false);
    process.env.TRUST_PROXY = "1";
    expect(isHttps(h({ "x-forwarded-proto": "https" }))).toBe(true);
    expect(isHttps(h({ "x-forwarded-proto": "http" }), "https://x")).toBe(false);
  });
  it("is read from a Cookie header; broken percent-encoding reads as no cookie", () => {
    expect(readCookie("a=1; pfh_session=abc%3D; b=2", "pfh_session")).toBe("abc=");
    expect(readCookie("a=1", "pfh_session")).toBeUndefined();
    expect(readCookie(null, "pfh_session")).toBeUndefined();
    expect(readCookie("pfh_session=%E0%A4%A", "pfh_session")).toBeUndefined();
    expect(readCookie("pfh_session=%", "pfh_session")).toBeUndefined();
  });
});
