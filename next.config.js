import fs from "node:fs";
import createNextIntlPlugin from "next-intl/plugin";

// The same headers the node:http server sets on every answer (lib/http/edge.ts reads this file too).
const SECURITY_HEADERS = JSON.parse(fs.readFileSync(new URL("./lib/http/security-headers.json", import.meta.url), "utf8"));
if (process.env.NODE_ENV === "development") {
  // Next's development runtime evaluates code; the production build does not.
  SECURITY_HEADERS["Content-Security-Policy"] = SECURITY_HEADERS["Content-Security-Policy"].replace("script-src 'self'", "script-src 'self' 'unsafe-eval'");
}

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Tests build into their own folder so a test run never clobbers a developer's build.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  serverExternalPackages: ["better-sqlite3", "pino"],
  // The browser-test build skips Next's own type check: `npm run typecheck` covers it, and a
  // colleague's half-typed test file must not stop the pages from being tested.
  typescript: { ignoreBuildErrors: process.env.NEXT_SKIP_TYPECHECK === "1" },
  async headers() {
    return [{ source: "/:path*", headers: Object.entries(SECURITY_HEADERS).map(([key, value]) => ({ key, value })) }];
  },
};

// Locale and messages per request, from the NEXT_LOCALE cookie or Accept-Language (no i18n routing).
const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

export default withNextIntl(nextConfig);
