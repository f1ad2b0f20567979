import { z } from "zod";
import { NETWORKS } from "@/lib/domain/enums";

// The limits production puts on one heartbeat's readings, shared by everything that accepts
// heartbeats (the ingest API, scenario files) so a value is refused with the same words everywhere.

/** A CUPS response code (two characters) or a terminal prompt (T_...). */
export const ERROR_CODE_PATTERN = /^(?:[0-9A-Z]{2}|T_[A-Z0-9_]{1,48})$/;
export const ERROR_CODE_MESSAGE = "a two-character CUPS code or a T_ terminal code";

export const heartbeatFields = {
  battery_pct: z.number().min(0).max(100), // percent
  charging: z.boolean(),
  firmware: z.string().min(1).max(32),
  signal_dbm: z.number().int().min(-140).max(-20).nullable(), // dBm; null: no service
  network: z.enum(NETWORKS),
  txn_count: z.number().int().nonnegative().max(1_000_000),
  error_code: z.string().regex(ERROR_CODE_PATTERN, ERROR_CODE_MESSAGE),
} as const;
