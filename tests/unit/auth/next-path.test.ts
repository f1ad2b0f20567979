// The return address after sign-in, against the ways a browser can be talked into leaving the site.
import { describe, expect, it } from "vitest";
import { requestedPath, safeNextPath } from "@/lib/auth/request-info";

/** What a browser makes of a Location header value, relative to this site. */
function browserTarget(location: string): URL {
  return new URL(location, "https://fleet.example.cn/login");
}

const ATTACKS: [string, string][] = [
  ["tab between the slashes", "/\t/evil.example"],
  ["CR between the slashes", "/\r/evil.example"],
  ["LF between the slashes", "/\n/evil.example"],
  ["tab then backslash", "/\t\\evil.example"],
  ["leading tab", "\t//evil.example"],
  ["protocol-relative", "//evil.example"],
  ["backslash", "/\\evil.example"],
  ["backslash later in the path", "/terminals\\..\\..\\evil"],
  ["double backslash", "\\\\evil.example"],
  ["absolute URL", "https://evil.example/"],
  ["scheme without slashes", "https:evil.example"],
  ["javascript scheme", "javascript:alert(1)"],
  ["data URL", "data:text/html,<script>alert(1)</script>"],
  ["dot segment collapsing to //", "/.//evil.example"],
  ["dot-dot segment collapsing to //", "/x/..//evil.example"],
  ["encoded dot segment", "/%2e//evil.example"],
  ["NUL", "/\u0000/evil.example"],
  ["other control character", "/\u000b/evil.example"],
  ["C1 control", "/\u0085/evil.example"],
  ["DEL", "/\u007f/evil.example"],
  ["user info", "/@evil.example"],
  ["relative path", "evil.example"],
  ["empty", ""],
  ["the sign-in page itself", "/login?next=/x"],
  ["an API endpoint", "/api/v1/terminals"],
  ["very long", "/" + "a".repeat(5000)],
];

describe("safeNextPath", () => {
  it.each(ATTACKS)("%s stays on the site", (_name, attack) => {
    const out = safeNextPath(attack);
    expect(out.startsWith("/") && !out.startsWith("//") && !out.startsWith("/\\\\")).toBe(true);
    expect(browserTarget(out).host).toBe("fleet.example.cn");
    expect(out).toMatch(/^[\x21-\x7e]+$/);
  });

  it("refuses every attack outright (no partial path of it survives)", () => {
    for (const [name, attack] of ATTACKS) {
      if (name === "user info") continue; // "/@evil.example" is a harmless local path
      expect(safeNextPath(attack), name).toBe("/");
    }
  });

  it("keeps ordinary return paths, percent-encoding what a header cannot carry", () => {
    expect(safeNextPath("/terminals?x=1")).toBe("/terminals?x=1");
    expect(safeNextPath("/terminals?city=%E6%9D%AD%E5%B7%9E")).toBe("/terminals?city=%E6%9D%AD%E5%B7%9E");
    expect(safeNextPath("/terminals?city=杭州")).toBe("/terminals?city=%E6%9D%AD%E5%B7%9E");
    expect(safeNextPath("/。")).toBe("/%E3%80%82");
    expect(safeNextPath("/alerts/12#timeline")).toBe("/alerts/12#timeline");
    // After the "?" a backslash is plain query text; only the path part could pass it for a slash.
    expect(safeNextPath("/terminals?q=a\\b")).toBe("/terminals?q=a\\b");
    expect(safeNextPath("/terminals?q=<x>")).toBe("/terminals?q=%3Cx%3E");
    // Tabs and line breaks vanish, as the browser would drop them.
    expect(safeNextPath("/termi\tnals")).toBe("/terminals");
    expect(safeNextPath("/@evil.example")).toBe("/@evil.example");
    expect(browserTarget(safeNextPath("/@evil.example")).host).toBe("fleet.example.cn");
  });

  it("is not fooled by non-string input", () => {
    for (const v of [null, undefined, 42, ["/x"], { toString: () => "//evil" }]) expect(safeNextPath(v)).toBe("/");
  });

  it("the requested path of a page is a safe return address", () => {
    const h = (path: string) => new Headers({ "x-pfh-path": path });
    expect(requestedPath(h("//evil.example/x"))).toBe("/");
    expect(requestedPath(h("/terminals?_rsc=1&city=%E6%9D%AD"))).toBe("/terminals?city=%E6%9D%AD");
    expect(requestedPath(h("/./\\evil.example"))).toBe("/");
  });
});
