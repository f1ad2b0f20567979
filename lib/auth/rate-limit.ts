// Sign-in throttling, kept in the database so it holds across restarts: failures are counted per
// account (the e-mail typed, whether it exists or not, so the limit reveals nothing) and per address.
import type { Db } from "@/db/client";
import { failureStats, insertFailure, pruneFailures } from "@/db/queries/auth-sessions";
import { rateLimited } from "./errors";

export const FAILURE_WINDOW_MS = 15 * 60_000;
/** Failures of one account inside the window before it must wait. */
export const MAX_FAILURES_PER_ACCOUNT = 5;
/** Failures from one address inside the window (covers guessing across many accounts). */
export const MAX_FAILURES_PER_ADDRESS = 20;

/** Throws 429 when the account or the address used up its failures in the window. */
export async function assertSignInAllowed(db: Db, account: string, address: string, now: number): Promise<void> {
  const since = now - FAILURE_WINDOW_MS;
  const checks: ["account" | "address", string, number][] = [
    ["account", account, MAX_FAILURES_PER_ACCOUNT],
    ["address", address, MAX_FAILURES_PER_ADDRESS],
  ];
  for (const [by, value, max] of checks) {
    // The count and the oldest failure in one read.
    const stats = await failureStats(db, by, value, since);
    if (stats.count < max) continue;
    const oldest = stats.oldest ?? now;
    const retryAfterSeconds = Math.max(1, Math.ceil((oldest + FAILURE_WINDOW_MS - now) / 1000));
    throw rateLimited(`too many failed sign-ins; wait ${Math.ceil(retryAfterSeconds / 60)} minute(s) and try again`, retryAfterSeconds);
  }
}

export async function recordSignInFailure(db: Db, account: string, address: string, now: number): Promise<void> {
  await insertFailure(db, account, address, now);
  // Old rows say nothing any more; dropping them here keeps the table small without a job.
  await pruneFailures(db, now - FAILURE_WINDOW_MS);
}
