// Password hashing with argon2id (memory-hard; RFC 9106). The parameters are stored in each hash,
// so raising them later only affects new hashes; `needsRehash` tells when to upgrade on sign-in.
import { randomInt } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { z } from "zod";
import { env } from "@/lib/config";
import { AppError } from "@/lib/errors";

/** 64 MiB, 3 passes, 1 lane: RFC 9106's memory-constrained choice; ~90 ms on a small 2-core box. */
export const ARGON2_PARAMS = { algorithm: 2 /* argon2id */, memoryCost: 65_536 /* KiB */, timeCost: 3, parallelism: 1 } as const;

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

/** What a new password must be; the messages say what to fix. */
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN, `use at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `use at most ${PASSWORD_MAX} characters`);

/**
 * Hashes at most this many passwords at once. Each argon2 run holds 64 MiB and a libuv worker
 * thread for ~90 ms; a burst of sign-ins must neither exhaust memory nor take the worker threads
 * the rest of the server (file reads, DNS) needs.
 */
export const HASH_CONCURRENCY = env("PASSWORD_HASH_CONCURRENCY");
/** Hashes that may wait for a slot; beyond that the caller is told to come back (503) at once. */
export const HASH_QUEUE = env("PASSWORD_HASH_QUEUE");

const GATE_FULL = "PFH_HASH_GATE_FULL";

/** A counting semaphore with a bounded queue: `run` refuses at once when the queue is full. */
export class HashGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly concurrency: number,
    readonly queueLimit: number,
  ) {}

  get busy(): { running: number; queued: number } {
    return { running: this.running, queued: this.waiting.length };
  }

  /** True when a call to `run` now would be refused. */
  full(): boolean {
    return this.running >= this.concurrency && this.waiting.length >= this.queueLimit;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      // A plain error with a code: the gate is shared by the module copies in one process, and each
      // copy turns it into its own AppError (instanceof would not match across copies).
      if (this.waiting.length >= this.queueLimit) throw Object.assign(new Error("the password hashing queue is full"), { code: GATE_FULL });
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await fn();
    } finally {
      const nextInLine = this.waiting.shift();
      // The slot passes straight to the next waiter, so `running` never dips and lets a newcomer jump the queue.
      if (nextInLine) nextInLine();
      else this.running--;
    }
  }
}

/**
 * One gate per process: Next's server bundle and the fleet server each load this module, so the
 * instance lives on globalThis, where the fleet server can refuse a sign-in before Next sees it.
 */
const GATE_KEY = Symbol.for("pfh.password-hash-gate");
export const hashGate: HashGate = ((globalThis as Record<symbol, HashGate | undefined>)[GATE_KEY] ??= new HashGate(HASH_CONCURRENCY, HASH_QUEUE));

/** Runs `fn` through the gate; a full queue becomes 503 (AppError "unavailable") with Retry-After 1. */
async function gated<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await hashGate.run(fn);
  } catch (err) {
    if ((err as { code?: unknown }).code === GATE_FULL) {
      throw new AppError("unavailable", "the server is checking too many passwords at once; try again in a moment", { retryAfterSeconds: 1 });
    }
    throw err;
  }
}

export function hashPassword(password: string): Promise<string> {
  return gated(() => hash(password, ARGON2_PARAMS));
}

/**
 * False for a wrong password and for a malformed stored hash alike. Throws 503 (AppError
 * "unavailable") when too many hashes are already waiting.
 */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  return gated(async () => {
    try {
      return await verify(stored, password);
    } catch {
      // A corrupt hash must never let anyone in; it reads as a wrong password.
      return false;
    }
  });
}

export function needsRehash(stored: string): boolean {
  return !stored.startsWith(`$argon2id$v=19$m=${ARGON2_PARAMS.memoryCost},t=${ARGON2_PARAMS.timeCost},p=${ARGON2_PARAMS.parallelism}$`);
}

// No 0/O/1/l/I, so a temporary password read over the phone survives.
const ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** A temporary password: 16 characters from 56, about 93 bits. */
export function generatePassword(length = 16): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/** A hash no password matches, so an unknown account costs the same time to reject as a known one. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  // Outside the gate: it is computed once per process and must not be refused.
  dummyHash ??= hash(generatePassword(32), ARGON2_PARAMS);
  return dummyHash;
}
