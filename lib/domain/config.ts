// Every environment variable the product reads: its default, unit, meaning and what it allows,
// each parsed by a zod schema. Pure (no process.env here): lib/config.ts reads the process's
// environment through it, and db/ reads its own variables through it too.
import { isIP } from "node:net";
import { z } from "zod";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "./time";

export interface ConfigVar<T> {
  /** The default as the README writes it; "unset" when there is none. */
  default: string;
  unit: string;
  meaning: string;
  /** What a value may be, for the message that refuses a bad one. */
  allowed: string;
  /** Parses the raw value; undefined means unset (empty counts as unset). */
  schema: z.ZodType<T, string | undefined>;
  /** Read by the build or a command-line tool, not by the server. */
  usedBy?: "build" | "cli";
}

const unset = z.undefined();

const intText = (min: number, max: number) => z.string().regex(/^-?\d+$/).transform(Number).pipe(z.number().int().min(min).max(max));
const positiveText = () => z.string().regex(/^\d+(\.\d+)?$/).transform(Number).pipe(z.number().positive().finite());

const integer = (min: number, max: number, fallback: number) => z.union([unset.transform(() => fallback), intText(min, max)]);
const optionalInteger = (min: number, max: number) => z.union([unset, intText(min, max)]);
const positive = (fallback: number) => z.union([unset.transform(() => fallback), positiveText()]);
const optionalPositive = () => z.union([unset, positiveText()]);
const oneOf = <const V extends readonly [string, ...string[]]>(values: V, fallback: V[number]) => z.union([unset.transform((): V[number] => fallback), z.enum(values)]);
const optionalOneOf = <const V extends readonly [string, ...string[]]>(values: V) => z.union([unset, z.enum(values)]);

const flag = z.union([unset.transform(() => false), z.enum(["1", "true", "0", "false"]).transform((v) => v === "1" || v === "true")]);
const text = (fallback: string) => z.union([unset.transform(() => fallback), z.string()]);
const optionalText = z.union([unset, z.string()]);

const httpUrl = (fallback: string) =>
  z.union([
    unset.transform(() => fallback),
    z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, "")),
  ]);

const postgresUrl = z.union([unset, z.string().regex(/^postgres(ql)?:\/\/\S+$/)]);

/** "10.0.0.0/8, fd00::/8": each entry an IP address or a CIDR block. */
const cidrList = z.union([
  unset.transform(() => ""),
  z.string().refine((s) =>
    s
      .split(",")
      .map((e) => e.trim())
      .filter(Boolean)
      .every((e) => {
        const [ip = "", prefix] = e.split("/");
        const family = isIP(ip);
        const max = family === 4 ? 32 : 128;
        return family !== 0 && (prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= max));
      }),
  ),
]);

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

export const CONFIG = {
  PORT: { default: "3000", unit: "TCP port", meaning: "where the server listens; 0 picks a free port", allowed: "an integer 0–65535", schema: integer(0, 65_535, 3000) },
  HOST: { default: "127.0.0.1", unit: "address", meaning: "the address the server listens on (`0.0.0.0` to let terminals reach it)", allowed: "a host name or address", schema: text("127.0.0.1") },
  DATABASE_PATH: { default: "data/fleet.db", unit: "file path", meaning: "the SQLite file; created and migrated on start", allowed: "a file path", schema: text("data/fleet.db") },
  DATABASE_URL: {
    default: "unset",
    unit: "URL",
    meaning: "`postgres://…`: use PostgreSQL 15 instead of the SQLite file (migrated on start)",
    allowed: "a postgres:// or postgresql:// URL",
    schema: postgresUrl,
  },
  DATABASE_POOL_SIZE: { default: "10", unit: "connections", meaning: "connections each process opens to PostgreSQL", allowed: "an integer 1–1000", schema: integer(1, 1000, 10) },
  DATABASE_SYNCHRONOUS: {
    default: "NORMAL",
    unit: "SQLite pragma",
    meaning: "`FULL` fsyncs every commit: survives power loss, slower ingest (see docs/operations.md)",
    allowed: "NORMAL or FULL",
    schema: oneOf(["NORMAL", "FULL"], "NORMAL"),
  },
  INGEST_RATE_PER_KEY: { default: "20000", unit: "heartbeats/s", meaning: "heartbeats per second each ingest key may send before 429", allowed: "a positive number", schema: positive(20_000) },
  INGEST_BURST_PER_KEY: {
    default: "twice the rate",
    unit: "heartbeats",
    meaning: "heartbeats an ingest key may send at once after a pause (the token bucket's size)",
    allowed: "a positive number",
    schema: optionalPositive(),
  },
  INGEST_THREAD: {
    default: "on",
    unit: "on/off",
    meaning: "SQLite: ingest commits run in a worker thread with their own connection, so pages never wait behind them; `off` runs them on the server's thread",
    allowed: "on or off",
    schema: oneOf(["on", "off"], "on"),
  },
  LOG_LEVEL: { default: "info", unit: "pino level", meaning: "logs are JSON lines on stdout; tests default to `silent`", allowed: `one of ${LOG_LEVELS.join(", ")}`, schema: optionalOneOf(LOG_LEVELS) },
  TRUST_PROXY: {
    default: "off",
    unit: "flag",
    meaning:
      "`1` behind a reverse proxy: take the client address, scheme and host from `X-Forwarded-For/-Proto/-Host` (sign-in throttling, audit log, `Secure` cookie, Origin check); without it those headers are ignored",
    allowed: "1, true, 0 or false",
    schema: flag,
  },
  NOTIFY_ALLOW_PRIVATE: {
    default: "empty",
    unit: "CIDR list",
    meaning: "comma-separated CIDRs notification channels may reach although they are loopback or private (`10.0.0.0/8,fd00::/8`); everything else non-public is refused",
    allowed: "comma-separated IP addresses or CIDR blocks",
    schema: cidrList,
  },
  NOTIFY_LEASE_MS: {
    default: "unset",
    unit: "ms",
    meaning: "how long an instance holds a claimed notification before another may retry it; unset: the delivery timeout plus a minute",
    allowed: "a positive integer",
    schema: optionalInteger(1, DAY_MS),
  },
  PAGES: { default: "on", unit: "on/off", meaning: "`PAGES=off` serves only the API (no Next build needed)", allowed: "on or off", schema: oneOf(["on", "off"], "on") },
  PUBLIC_URL: {
    default: "http://127.0.0.1:3000",
    unit: "URL",
    meaning: "the address people open the product at; notification links point there",
    allowed: "an http:// or https:// URL",
    schema: httpUrl("http://127.0.0.1:3000"),
  },
  RETENTION_HEARTBEAT_DAYS: { default: "14", unit: "days", meaning: "raw heartbeats older than this are deleted by the sweep", allowed: "an integer 1–3650", schema: integer(1, 3650, 14) },
  SHUTDOWN_GRACE_MS: { default: "10000", unit: "ms", meaning: "how long in-flight requests may take to finish on SIGTERM before the process exits anyway", allowed: "an integer 0–600000", schema: integer(0, 600_000, 10_000) },
  SLOW_STATEMENT_MS: { default: "100", unit: "ms", meaning: "database statements (and commits) taking this long or longer are logged as warnings with their SQL and counted in `pfh_db_slow_statements_total`; `0` turns it off", allowed: "an integer 0–60000", schema: integer(0, MINUTE_MS, 100) },
  SWEEP_INTERVAL_MS: { default: "60000", unit: "ms", meaning: "how often the sweep runs (offline detection, alerts, retention) and followers try to lead", allowed: "an integer 1–3600000", schema: integer(1, HOUR_MS, MINUTE_MS) },
  PASSWORD_HASH_CONCURRENCY: { default: "2", unit: "hashes", meaning: "password hashes computed at once; more sign-ins wait", allowed: "an integer 1–64", schema: integer(1, 64, 2) },
  PASSWORD_HASH_QUEUE: { default: "8", unit: "sign-ins", meaning: "sign-ins that may wait for a hash before the rest are refused with 503", allowed: "an integer 0–10000", schema: integer(0, 10_000, 8) },
  NODE_ENV: { default: "unset", unit: "mode", meaning: "`npm start` sets `production`, `npm run dev` `development`", allowed: "development, production or test", schema: optionalOneOf(["development", "production", "test"]) },
  NODE_OPTIONS: { default: "unset", unit: "node flags", meaning: "node's own options; a `--max-old-space-size` (or `--max-semi-space-size`) there replaces the heap limit (or the 4 MB semi-space) `npm start` and the demo set from the fleet", allowed: "node command-line options", schema: optionalText },
  NEXT_DIST_DIR: { default: ".next", unit: "folder", meaning: "where `next build` writes and the server reads the build (next.config.js)", allowed: "a folder path", schema: text(".next"), usedBy: "build" },
  NEXT_SKIP_TYPECHECK: { default: "off", unit: "flag", meaning: "`1`: `next build` skips its type check (CI checks types separately)", allowed: "1, true, 0 or false", schema: flag, usedBy: "build" },
  INGEST_KEY: { default: "unset", unit: "secret", meaning: "`npm run simulate`: the ingest key to post with when neither --key nor --key-file is given", allowed: "an ingest key", schema: optionalText, usedBy: "cli" },
  PFH_PG_BIN: { default: "/usr/lib/postgresql/15/bin", unit: "folder", meaning: "`npm run db:pg`: where the PostgreSQL 15 binaries are", allowed: "a folder path", schema: text("/usr/lib/postgresql/15/bin"), usedBy: "cli" },
} satisfies Record<string, ConfigVar<unknown>>;

export type ConfigName = keyof typeof CONFIG;
export type ConfigValue<K extends ConfigName> = z.output<(typeof CONFIG)[K]["schema"]>;
export type Config = { [K in ConfigName]: ConfigValue<K> };
export type Env = Record<string, string | undefined>;

/** One or more variables hold values the product does not accept; the message names each. */
export class ConfigError extends Error {
  constructor(readonly problems: { name: ConfigName; message: string }[]) {
    super(problems.map((p) => p.message).join("; "));
    this.name = "ConfigError";
  }
}

const quote = (raw: string) => `'${raw.length > 80 ? `${raw.slice(0, 80)}…` : raw}'`;

function parseOne<K extends ConfigName>(name: K, raw: string | undefined): { ok: true; value: ConfigValue<K> } | { ok: false; message: string } {
  const v = raw === undefined || raw.trim() === "" ? undefined : raw.trim();
  const r = (CONFIG[name].schema as unknown as z.ZodType<ConfigValue<K>>).safeParse(v);
  return r.success ? { ok: true, value: r.data } : { ok: false, message: `${name} must be ${CONFIG[name].allowed}, got ${quote(raw ?? "")}` };
}

const memo = new Map<string, { raw: string | undefined; value: unknown }>();

/** One variable's value (its default when unset); throws ConfigError on a bad value. Re-parses only when the raw value changes. */
export function readConfigVar<K extends ConfigName>(name: K, env: Env): ConfigValue<K> {
  const raw = env[name];
  const hit = memo.get(name);
  if (hit && hit.raw === raw) return hit.value as ConfigValue<K>;
  const r = parseOne(name, raw);
  if (!r.ok) throw new ConfigError([{ name, message: r.message }]);
  memo.set(name, { raw, value: r.value });
  return r.value;
}

/** Every variable at once; a ConfigError lists all the bad ones. */
export function parseConfig(env: Env): Config {
  const out: Record<string, unknown> = {};
  const problems: { name: ConfigName; message: string }[] = [];
  for (const name of Object.keys(CONFIG) as ConfigName[]) {
    const r = parseOne(name, env[name]);
    if (r.ok) out[name] = r.value;
    else problems.push({ name, message: r.message });
  }
  if (problems.length) throw new ConfigError(problems);
  return out as Config;
}
