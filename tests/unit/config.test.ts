// The configuration table: every variable the code reads is in it, each default parses to what
// the table says, bad values are refused with a message naming the variable, the README's table
// matches it, and the server refuses to start on a bad value.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/tmp";
import { DEFAULT_DATABASE_PATH } from "@/db/client";
import { DEFAULT_PUBLIC_URL } from "@/lib/alerts/config";
import { CONFIG, ConfigError, env, loadConfig, type ConfigName } from "@/lib/config";

const root = process.cwd();
const names = Object.keys(CONFIG) as ConfigName[];

/** Names read as process.env.NAME or env("NAME") in the product's code (app, lib, db, next.config.js). */
function namesReadInCode(): Set<string> {
  const out = new Set<string>();
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "app", "lib", "db", "next.config.js"], { cwd: root, encoding: "utf8" })
    .split("\n")
    .filter((f) => /\.(ts|tsx|js)$/.test(f) && fs.existsSync(path.join(root, f)));
  for (const f of files) {
    const source = fs.readFileSync(path.join(root, f), "utf8");
    for (const m of source.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)) out.add(m[1]!);
    for (const m of source.matchAll(/\b(?:env|readEnv|readConfigVar)\("([A-Z][A-Z0-9_]*)"/g)) out.add(m[1]!);
  }
  return out;
}

/** Rows of the README's Configuration table: name → default as written (backticks removed). */
function readmeTable(): Map<string, string> {
  const text = fs.readFileSync(path.join(root, "README.md"), "utf8");
  const section = text.split(/^## Configuration\s*$/m)[1]!.split(/^## /m)[0]!;
  const rows = new Map<string, string>();
  for (const line of section.split("\n")) {
    const cells = line.split("|").slice(1, -1).map((c) => c.trim());
    if (cells.length < 3 || cells[0] === "variable" || /^-+$/.test(cells[0]!)) continue;
    for (const name of cells[0]!.split(",")) rows.set(name.replaceAll("`", "").trim(), cells[1]!.replaceAll("`", ""));
  }
  return rows;
}

describe("the configuration table", () => {
  it("lists every variable the product reads, and test-only ones stay out", () => {
    const read = [...namesReadInCode()].filter((n) => !n.startsWith("PFH_TEST_"));
    expect(read.length).toBeGreaterThan(15);
    expect(read.filter((n) => !(n in CONFIG)), "read in code but not in lib/domain/config.ts").toEqual([]);
    expect(names.filter((n) => n.startsWith("PFH_TEST_"))).toEqual([]);
  });

  it("gives each variable a meaning, a unit and what it allows, and its default parses to the stated default", () => {
    const defaults = loadConfig({});
    for (const name of names) {
      const v = CONFIG[name];
      expect(v.meaning.length, name).toBeGreaterThan(10);
      expect(v.unit.length, name).toBeGreaterThan(1);
      expect(v.allowed.length, name).toBeGreaterThan(3);
      const value = defaults[name];
      if (v.default === "unset") expect(value, name).toBeUndefined();
      else if (v.default === "empty") expect(value, name).toBe("");
      else if (v.default === "off") expect(value, name).toBe(false);
      else if (name === "INGEST_BURST_PER_KEY") expect(value).toBeUndefined(); // twice the rate, worked out by the limiter
      else if (name === "LOG_LEVEL") expect(value).toBeUndefined(); // info, or silent under tests: lib/log.ts
      else expect(String(value), name).toBe(v.default);
    }
    expect(CONFIG.DATABASE_PATH.default).toBe(DEFAULT_DATABASE_PATH);
    expect(CONFIG.PUBLIC_URL.default).toBe(DEFAULT_PUBLIC_URL);
  });

  it("parses good values into their types", () => {
    const c = loadConfig({
      PORT: "0",
      DATABASE_URL: "postgres://u:p@127.0.0.1:5432/fleet",
      DATABASE_POOL_SIZE: "25",
      DATABASE_SYNCHRONOUS: "FULL",
      INGEST_RATE_PER_KEY: "500.5",
      TRUST_PROXY: "true",
      NOTIFY_ALLOW_PRIVATE: "10.0.0.0/8, fd00::/8,192.0.2.1",
      PAGES: "off",
      PUBLIC_URL: "https://fleet.example.com/",
      SWEEP_INTERVAL_MS: " 200 ",
    });
    expect(c).toMatchObject({
      PORT: 0,
      DATABASE_POOL_SIZE: 25,
      DATABASE_SYNCHRONOUS: "FULL",
      INGEST_RATE_PER_KEY: 500.5,
      TRUST_PROXY: true,
      PAGES: "off",
      PUBLIC_URL: "https://fleet.example.com",
      SWEEP_INTERVAL_MS: 200,
    });
    expect(env("PORT", { PORT: "" })).toBe(3000); // empty counts as unset
  });

  it.each([
    ["PORT", "abc", "PORT must be an integer 0–65535, got 'abc'"],
    ["PORT", "65536", "PORT must be an integer 0–65535, got '65536'"],
    ["PORT", "3000.5", "PORT must be an integer 0–65535, got '3000.5'"],
    ["DATABASE_URL", "mysql://x", "DATABASE_URL must be a postgres:// or postgresql:// URL, got 'mysql://x'"],
    ["DATABASE_POOL_SIZE", "0", "DATABASE_POOL_SIZE must be an integer 1–1000, got '0'"],
    ["DATABASE_SYNCHRONOUS", "full", "DATABASE_SYNCHRONOUS must be NORMAL or FULL, got 'full'"],
    ["INGEST_RATE_PER_KEY", "-5", "INGEST_RATE_PER_KEY must be a positive number, got '-5'"],
    ["LOG_LEVEL", "loud", "LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got 'loud'"],
    ["TRUST_PROXY", "yes", "TRUST_PROXY must be 1, true, 0 or false, got 'yes'"],
    ["NOTIFY_ALLOW_PRIVATE", "10.0.0.0/33", "NOTIFY_ALLOW_PRIVATE must be comma-separated IP addresses or CIDR blocks, got '10.0.0.0/33'"],
    ["PAGES", "no", "PAGES must be on or off, got 'no'"],
    ["PUBLIC_URL", "fleet.example.com", "PUBLIC_URL must be an http:// or https:// URL, got 'fleet.example.com'"],
    ["SHUTDOWN_GRACE_MS", "soon", "SHUTDOWN_GRACE_MS must be an integer 0–600000, got 'soon'"],
    ["SWEEP_INTERVAL_MS", "0", "SWEEP_INTERVAL_MS must be an integer 1–3600000, got '0'"],
  ] as const)("refuses %s=%s", (name, raw, message) => {
    expect(() => env(name, { [name]: raw })).toThrow(new ConfigError([{ name, message }]));
  });

  it("lists every bad variable at once", () => {
    const err = (() => {
      try {
        loadConfig({ PORT: "x", PAGES: "maybe" });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems.map((p) => p.name)).toEqual(["PORT", "PAGES"]);
  });

  it("matches the README's Configuration table: same names, same defaults", () => {
    const readme = readmeTable();
    expect([...readme.keys()].sort()).toEqual([...names].sort());
    for (const name of names) expect(readme.get(name), name).toBe(CONFIG[name].default);
  });
});

describe("start-up", () => {
  it("a bad value stops the server before it opens the database, naming the variable", () => {
    const dbFile = path.join(tempDir("pfh-config"), "never.db");
    const r = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["lib/server/main.ts"], {
      cwd: root,
      env: { ...process.env, NODE_ENV: "production", PORT: "abc", HOST: "127.0.0.1", PAGES: "off", DATABASE_PATH: dbFile, DATABASE_URL: "", LOG_LEVEL: "fatal" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("PORT must be an integer 0–65535, got 'abc'");
    expect(fs.existsSync(dbFile)).toBe(false);
  });
});
