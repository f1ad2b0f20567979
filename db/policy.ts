import { defaultPolicy, policySchema, type Policy } from "@/lib/rules/policy";
import type { Db } from "./client";

const POLICY_KEY = "policy";

/** The rules policy in force: the stored one over the documented defaults. */
export function getPolicy(db: Db): Policy {
  const row = db.$client.prepare(`SELECT value FROM settings WHERE key = ?`).get(POLICY_KEY) as { value: string } | undefined;
  if (!row) return defaultPolicy;
  return policySchema.parse({ ...defaultPolicy, ...(JSON.parse(row.value) as object) });
}

export function savePolicy(db: Db, policy: Policy, now: number): void {
  const value = JSON.stringify(policySchema.parse(policy));
  db.$client
    .prepare(`INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`)
    .run(POLICY_KEY, value, now);
}
