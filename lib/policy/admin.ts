// The rules policy as a setting: validate, dry-run, save (re-diagnosing the fleet), history, revert.
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/audit";
import { getPolicy, invalidatePolicyCache, savePolicy } from "@/db/policy";
import { getPolicyVersion, insertPolicyVersion, listStatedTerminals, loadWindows } from "@/db/queries/policy-admin";
import { lockTerminalsById } from "@/db/ingest-store";
import { wearOf } from "@/db/battery";
import { placeSources } from "@/db/activity";
import { findUserRecord } from "@/db/queries/auth-users";
import { notFound } from "@/lib/errors";
import { refreshState } from "@/lib/ingest/ingest";
import { toRuleHeartbeats } from "@/lib/ingest/window";
import { diagnose } from "@/lib/rules/diagnose";
import { dryRunPolicy, type DryRunResult } from "@/lib/rules/dry-run";
import { registeredPlace } from "@/lib/rules/findings/relocation";
import { policySchema, type Policy } from "@/lib/rules/policy";
import { forbidden, fromZod } from "@/lib/auth/errors";
import { assertCan, isNetworkAdmin } from "@/lib/auth/permissions";
import type { Scope } from "@/lib/auth/scope";

/** Parses a candidate policy or throws a validation error listing every field to fix. */
export function parsePolicy(input: unknown): Policy {
  const r = policySchema.safeParse(input);
  if (r.success) return r.data;
  throw fromZod(r.error, "fix the policy: ");
}

function assertPolicyAdmin(scope: Scope): void {
  assertCan(scope, "policy:write");
  if (!isNetworkAdmin(scope)) throw forbidden("the policy is network-wide; only an admin of the top agent may change it");
}

/**
 * What `input` would change in the caller's part of the fleet. Both policies are judged at the same
 * `now` on the same heartbeats, so the result shows the policy's effect and nothing else.
 */
export async function dryRunPolicyChange(db: Db, scope: Scope, input: unknown, now: number): Promise<DryRunResult> {
  assertPolicyAdmin(scope);
  const candidate = parsePolicy(input);
  const current = await getPolicy(db);
  const windows = await loadWindows(db, scope, Math.max(current.windowMaxBeats, candidate.windowMaxBeats));
  const ids = windows.map((w) => w.terminalId);
  const wears = await wearOf(db, ids);
  // Judged against the registered place as ingest judges it, so the relocation distance previews too.
  const places = await placeSources(db, ids);
  const terminals = windows.map((w) => {
    const heartbeats = toRuleHeartbeats(w.rows);
    const wear = wears.get(w.terminalId) ?? null;
    const src = places.get(w.terminalId);
    const place = src ? registeredPlace(src.city, src) : null;
    return { sn: w.sn, heartbeats, wear, place, currentCategory: diagnose(heartbeats, current, now, place, wear).category };
  });
  return dryRunPolicy(terminals, candidate, now);
}

/**
 * Re-diagnoses every terminal in the scope under `policy`; returns how many changed category.
 * PostgreSQL: all their terminals rows are locked first, in one statement and in id order (the
 * order ingest locks a batch's), so a save never deadlocks with ingest on another instance.
 */
async function rediagnose(db: Db, scope: Scope, policy: Policy, now: number): Promise<number> {
  let changed = 0;
  const terminals = (await listStatedTerminals(db, scope)).sort((a, b) => a.terminalId - b.terminalId);
  if (db.dialect === "pg") await lockTerminalsById(db, terminals.map((t) => t.terminalId));
  for (const t of terminals) {
    const row = await refreshState(db, t.terminalId, now, policy);
    if (row && row.category !== t.category) changed++;
  }
  return changed;
}

async function store(db: Db, scope: Scope, policy: Policy, revertedFromId: number | null, now: number, ip: string): Promise<{ versionId: number; changed: number }> {
  try {
    return await db.transaction(async (tx) => {
      const before = await getPolicy(tx);
      await savePolicy(tx, policy, now);
      const changed = await rediagnose(tx, scope, policy, now);
      // Stored by name: the history is shown to admins of other agents, who need not see e-mails.
      const actor = scope.userId === null ? "system" : ((await findUserRecord(tx, scope.userId))?.name ?? "unknown");
      const versionId = await insertPolicyVersion(tx, { policy, userId: scope.userId, actor, revertedFromId, changedTerminals: changed }, now);
      await recordAudit(
        tx,
        scope,
        { action: revertedFromId ? "policy.reverted" : "policy.saved", target: { type: "policy_version", id: versionId }, before: changedFields(before, policy, "from"), after: changedFields(before, policy, "to"), ip },
        now,
      );
      return { versionId, changed };
    });
  } finally {
    // Committed or rolled back: whatever was cached meanwhile may be the other side of it.
    invalidatePolicyCache(db);
  }
}

/** Validates and saves a policy, then re-diagnoses the fleet in the same transaction. */
export async function savePolicyChange(db: Db, scope: Scope, input: unknown, now: number, ip = ""): Promise<{ versionId: number; changed: number }> {
  assertPolicyAdmin(scope);
  return store(db, scope, parsePolicy(input), null, now, ip);
}

/** Puts an earlier version back in force, as a new version that says where it came from. */
export async function revertPolicy(db: Db, scope: Scope, versionId: number, now: number, ip = ""): Promise<{ versionId: number; changed: number }> {
  assertPolicyAdmin(scope);
  const v = Number.isSafeInteger(versionId) ? await getPolicyVersion(db, versionId) : undefined;
  if (!v) throw notFound(`no policy version ${versionId}`);
  return store(db, scope, parsePolicy(v.policy), v.id, now, ip);
}

/** Only the fields that differ, from one side: what the history and the audit log show. */
export function changedFields(a: Policy, b: Policy, side: "from" | "to"): Partial<Policy> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(b) as (keyof Policy)[]) {
    if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) out[k] = side === "from" ? a[k] : b[k];
  }
  return out as Partial<Policy>;
}
