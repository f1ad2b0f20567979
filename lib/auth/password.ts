// Password hashing with argon2id (memory-hard; RFC 9106). The parameters are stored in each hash,
// so raising them later only affects new hashes; `needsRehash` tells when to upgrade on sign-in.
import { randomInt } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { z } from "zod";

/** 64 MiB, 3 passes, 1 lane: RFC 9106's memory-constrained choice; ~90 ms on a small 2-core box. */
export const ARGON2_PARAMS = { algorithm: 2 /* argon2id */, memoryCost: 65_536 /* KiB */, timeCost: 3, parallelism: 1 } as const;

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

/** What a new password must be; the messages say what to fix. */
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN, `use at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `use at most ${PASSWORD_MAX} characters`);

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_PARAMS);
}

/** False for a wrong password and for a malformed stored hash alike. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    // A corrupt hash must never let anyone in; it reads as a wrong password.
    return false;
  }
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
  dummyHash ??= hashPassword(generatePassword(32));
  return dummyHash;
}
