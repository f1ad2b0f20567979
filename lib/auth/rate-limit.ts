// Sign-in throttling, kept in the database so it holds across restarts and across servers sharing
// one PostgreSQL: failures are counted per account (the e-mail typed, whether it exists or not, so
// the limit reveals nothing) and per address.
//
// An attempt is counted before its password is checked: `reserveSignInAttempt` counts and inserts
// its row in one serialised transaction, so a thousand concurrent attempts cannot all pass a check
// made while the others are still hashing. The row becomes the failure if the password is wrong and
// is deleted if it is right. An in-process guard refuses attempts beyond the limits that are still
// in flight on this server before they touch the database.
import { createHash } from "node:crypto";
import type { Db } from "@/db/client";
import { deleteFailure, failureStats, insertFailure, lockAttemptKeys, pairFailureStats, pruneFailures, signedInFromBefore, type FailureStats } from "@/db/queries/auth-sessions";
import { rateLimited } from "./errors";
import { DAY_MS, MINUTE_MS } from "@/lib/domain/time";

export const FAILURE_WINDOW_MS = 15 * MINUTE_MS;
/** Failures of one account inside the window before it must wait. */
export const MAX_FAILURES_PER_ACCOUNT = 5;
/** Failures from one address inside the window (covers guessing across many accounts). */
export const MAX_FAILURES_PER_ADDRESS = 20;
/** How far back a successful sign-in makes an address "known" to an account. */
export const KNOWN_ADDRESS_MS = 90 * DAY_MS;

/** A 64-bit advisory-lock key for an account or address (the text never reaches SQL as an identifier). */
export function lockKey(kind: "account" | "address", value: string): bigint {
  return createHash("sha256").update(`pfh-sign-in:${kind}:${value}`).digest().readBigInt64BE(0);
}

// --- in-process guard ---------------------------------------------------------------------------

const inFlight = new Map<string, number>();

function enter(key: string): void {
  inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
}

function leave(key: string): void {
  const n = (inFlight.get(key) ?? 1) - 1;
  if (n <= 0) inFlight.delete(key);
  else inFlight.set(key, n);
}

/** Attempts now running on this server for an account or address (tests and metrics). */
export function attemptsInFlight(kind: "account" | "address", value: string): number {
  return inFlight.get(`${kind}:${value}`) ?? 0;
}

function busy(): never {
  // The attempts ahead finish within a second or two; then the database count decides.
  throw rateLimited("too many sign-ins for this account or address at once; wait a moment and try again", 2);
}

// --- reservation ----------------------------------------------------------------------------------

export interface Reservation {
  /** The sign_in_failures row standing for this attempt. */
  id: number;
  account: string;
  address: string;
  /** Ends the in-process guard; call exactly once, whatever happened. */
  release(): void;
}

function retryAfter(stats: FailureStats, now: number): number {
  const oldest = stats.oldest ?? now;
  return Math.max(1, Math.ceil((oldest + FAILURE_WINDOW_MS - now) / 1000));
}

function limited(stats: FailureStats, now: number): never {
  const seconds = retryAfter(stats, now);
  throw rateLimited(`too many failed sign-ins; wait ${Math.ceil(seconds / 60)} minute(s) and try again`, seconds);
}

/**
 * Counts this attempt against the account and the address before any hashing, or throws 429.
 *
 * Once an account has used up its failures, attempts from an address that has signed in to it
 * successfully before are counted on their own (account and address together), so a stranger
 * cannot lock the owner out by guessing; the per-address limit still applies to everyone.
 */
export async function reserveSignInAttempt(db: Db, account: string, address: string, now: number): Promise<Reservation> {
  const accountKey = `account:${account}`;
  const addressKey = `address:${address}`;
  if ((inFlight.get(addressKey) ?? 0) >= MAX_FAILURES_PER_ADDRESS) busy();
  // The per-account guard counts strangers and known addresses apart, like the database does.
  const pairKey = `pair:${account}\u0000${address}`;
  const accountBusy = (inFlight.get(accountKey) ?? 0) >= MAX_FAILURES_PER_ACCOUNT;
  if (accountBusy && (inFlight.get(pairKey) ?? 0) >= MAX_FAILURES_PER_ACCOUNT) busy();
  enter(addressKey);
  enter(accountKey);
  enter(pairKey);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    leave(addressKey);
    leave(accountKey);
    leave(pairKey);
  };
  try {
    const id = await reserveInDatabase(db, account, address, now);
    return { id, account, address, release };
  } catch (err) {
    release();
    throw err;
  }
}

/**
 * The database half of the reservation: counts and inserts in one transaction, serialised per
 * account and address across every server sharing the database. Returns the row id, or throws 429.
 */
export async function reserveInDatabase(db: Db, account: string, address: string, now: number): Promise<number> {
  const since = now - FAILURE_WINDOW_MS;
  return db.transaction(async (tx) => {
    await lockAttemptKeys(tx, [lockKey("account", account), lockKey("address", address)]);
    const byAddress = await failureStats(tx, "address", address, since);
    if (byAddress.count >= MAX_FAILURES_PER_ADDRESS) limited(byAddress, now);
    const byAccount = await failureStats(tx, "account", account, since);
    if (byAccount.count >= MAX_FAILURES_PER_ACCOUNT) {
      if (!(await signedInFromBefore(tx, account, address, now - KNOWN_ADDRESS_MS))) limited(byAccount, now);
      const pair = await pairFailureStats(tx, account, address, since);
      if (pair.count >= MAX_FAILURES_PER_ACCOUNT) limited(pair, now);
    }
    const rowId = await insertFailure(tx, account, address, now);
    // Old rows say nothing any more; dropping them here keeps the table small without a job.
    await pruneFailures(tx, since);
    return rowId;
  });
}

/** The attempt was not made after all (the server was too busy to check the password): forget it. */
export async function cancelReservation(db: Db, r: Reservation): Promise<void> {
  await deleteFailure(db, r.id);
}
