import { z } from "zod";
import { NETWORKS } from "@/lib/domain/enums";
import { DAY_MS } from "@/lib/domain/time";

export const MAX_BATCH = 1000;
/** Request bodies above this size are refused with 413 before parsing (1,000 beats need ~300 KB). */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;
/** A device clock more than this far ahead of the server is refused as `future_ts`. */
export const MAX_FUTURE_MS = DAY_MS;

/** A CUPS response code (two characters) or a terminal prompt (T_...). */
export const ERROR_CODE_PATTERN = /^(?:[0-9A-Z]{2}|T_[A-Z0-9_]{1,48})$/;

const deviceTime = z.union([
  z.number().int().nonnegative().max(8.64e15),
  z.iso.datetime({ offset: true }),
]);

export const heartbeatSchema = z.strictObject({
  sn: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, "letters, digits, '-' and '_' only"),
  seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  ts: deviceTime,
  battery_pct: z.number().min(0).max(100),
  charging: z.boolean(),
  firmware: z.string().min(1).max(32),
  signal_dbm: z.number().int().min(-140).max(-20).nullable(),
  network: z.enum(NETWORKS),
  txn_count: z.number().int().nonnegative().max(1_000_000),
  errors: z
    .record(
      z.string().regex(ERROR_CODE_PATTERN, "a two-character CUPS code or a T_ terminal code"),
      z.number().int().min(1).max(1_000_000),
    )
    .refine((e) => Object.keys(e).length <= 100, "at most 100 distinct codes")
    .default({}),
  model: z.string().max(64).optional(),
  app_version: z.string().max(32).optional(),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
});

export type HeartbeatInput = z.input<typeof heartbeatSchema>;
export type ParsedHeartbeat = z.output<typeof heartbeatSchema>;

export function deviceTsMs(ts: ParsedHeartbeat["ts"]): number {
  return typeof ts === "number" ? ts : Date.parse(ts);
}

/** "battery_pct: Too big: expected number to be <=100; seq: Invalid input" — the first few offending fields. */
export function describeIssues(error: z.ZodError, limit = 5): { fields: string[]; message: string } {
  const issues = error.issues.slice(0, limit);
  const fields = [...new Set(issues.map((i) => i.path.join(".") || "(root)"))];
  const message = issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
  return { fields, message };
}
