import { defaultPolicy, policySchema, type Policy } from "@/lib/domain/policy";
import type { Db } from "./client";
import { readSetting, writeSetting } from "./settings";

const POLICY_KEY = "policy";

// Ingest asks for the policy on every commit, so it is parsed once per store and kept until the
// next save. The settings row's updated_at is kept with it: a process sharing the database with
// others (PostgreSQL) can check that one column (`revalidatePolicyCache`) instead of re-parsing.
interface CachedPolicy {
  policy: Policy;
  /** settings.updated_at of the row it was parsed from; null when no row (the defaults). */
  updatedAt: number | null;
}

const cached = new WeakMap<Db, CachedPolicy>();
// Bumped by every invalidation, so a read that started before it cannot put an old policy back.
const generation = new WeakMap<Db, number>();
// Stores whose policy was saved inside a transaction not yet known to have ended: a read inside
// a transaction then may see an uncommitted row, so it is not kept.
const savedInTransaction = new WeakSet<Db>();

const SELECT_STAMP = `SELECT updated_at FROM settings WHERE key = ?`;

function parseStored(value: string): Policy {
  return policySchema.parse({ ...defaultPolicy, ...(JSON.parse(value) as object) });
}

/** The rules policy in force: the stored one over the documented defaults. */
export async function getPolicy(db: Db): Promise<Policy> {
  const hit = cached.get(db);
  if (hit) return hit.policy;
  const gen = generation.get(db) ?? 0;
  const row = await readSetting(db, POLICY_KEY);
  const entry: CachedPolicy = row ? { policy: parseStored(row.value), updatedAt: row.updatedAt } : { policy: defaultPolicy, updatedAt: null };
  if ((generation.get(db) ?? 0) !== gen) return entry.policy; // saved meanwhile: maybe old
  if (!db.inTransaction()) savedInTransaction.delete(db);
  else if (savedInTransaction.has(db)) return entry.policy; // maybe uncommitted: read, don't keep
  cached.set(db, entry);
  return entry.policy;
}

/** Drops the cached policy of `db`; the next getPolicy reads the settings row again. */
export function invalidatePolicyCache(db: Db): void {
  cached.delete(db);
  generation.set(db, (generation.get(db) ?? 0) + 1);
}

/**
 * One cheap read (the settings row's updated_at): drops the cached policy when another process
 * saved a newer one. Returns true when the cache was dropped.
 */
export async function revalidatePolicyCache(db: Db): Promise<boolean> {
  const hit = cached.get(db);
  if (!hit) return false;
  const row = await db.get<{ updated_at: number }>(SELECT_STAMP, [POLICY_KEY]);
  const stamp = row ? Number(row.updated_at) : null;
  if (stamp === hit.updatedAt || cached.get(db) !== hit) return false;
  invalidatePolicyCache(db);
  return true;
}

/**
 * Stores `policy` as the one in force and clears the cache. Inside a transaction, call
 * invalidatePolicyCache again after it commits (another connection may have read the old row).
 */
export async function savePolicy(db: Db, policy: Policy, now: number): Promise<void> {
  const parsed = policySchema.parse(policy);
  await writeSetting(db, POLICY_KEY, parsed, now);
  if (db.inTransaction()) savedInTransaction.add(db);
  invalidatePolicyCache(db);
}
