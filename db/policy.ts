import type Database from "better-sqlite3";
import { defaultPolicy, policySchema, type Policy } from "@/lib/rules/policy";
import type { Db } from "./client";

const POLICY_KEY = "policy";

// Ingest asks for the policy on every commit; the one writer process is also the only place the
// policy changes (savePolicy), so it is parsed once and kept until the next save.
const cached = new WeakMap<Database.Database, Policy>();

/** The rules policy in force: the stored one over the documented defaults. */
export function getPolicy(db: Db): Policy {
  const hit = cached.get(db.$client);
  if (hit) return hit;
  const row = db.$client.prepare(`SELECT value FROM settings WHERE key = ?`).get(POLICY_KEY) as { value: string } | undefined;
  const policy = row ? policySchema.parse({ ...defaultPolicy, ...(JSON.parse(row.value) as object) }) : defaultPolicy;
  cached.set(db.$client, policy);
  return policy;
}

export function savePolicy(db: Db, policy: Policy, now: number): void {
  const parsed = policySchema.parse(policy);
  db.$client
    .prepare(`INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`)
    .run(POLICY_KEY, JSON.stringify(parsed), now);
  cached.delete(db.$client);
}
