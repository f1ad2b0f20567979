import createNextIntlPlugin from "next-intl/plugin";

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
};

// Locale and messages per request, from the NEXT_LOCALE cookie or Accept-Language (no i18n routing).
const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

export default withNextIntl(nextConfig);
