// Policy history and the reads behind a policy dry run and a fleet re-diagnosis.
import { desc, eq } from "drizzle-orm";
import { subtreePattern, type Scope } from "@/lib/auth/scope";
import type { Policy } from "@/lib/rules/policy";
import type { RuleHeartbeat } from "@/lib/rules/types";
import type { Db } from "../client";
import { ingestStatements, type WindowRow } from "../ingest-store";
import { policyVersions, type PolicyVersion } from "../schema-auth";

export function insertPolicyVersion(
  db: Db,
  v: { policy: Policy; userId: number | null; actor: string; revertedFromId: number | null; changedTerminals: number },
  now: number,
): number {
  return db.insert(policyVersions).values({ ...v, createdAt: now }).returning({ id: policyVersions.id }).get().id;
}

export function listPolicyVersions(db: Db, limit = 50): PolicyVersion[] {
  return db.select().from(policyVersions).orderBy(desc(policyVersions.createdAt), desc(policyVersions.id)).limit(limit).all();
}

export function getPolicyVersion(db: Db, id: number): PolicyVersion | undefined {
  return db.select().from(policyVersions).where(eq(policyVersions.id, id)).get();
}

export interface StatedTerminal {
  terminalId: number;
  sn: string;
  category: string;
}

/** Terminals in the scope that have a diagnosis, in serial order. */
export function listStatedTerminals(db: Db, scope: Scope): StatedTerminal[] {
  return db.$client
    .prepare(
      `SELECT t.id AS terminalId, t.sn, s.category FROM terminals t
         JOIN terminal_state s ON s.terminal_id = t.id
         JOIN agents a ON a.id = t.agent_id
        WHERE a.path LIKE ? ORDER BY t.sn`,
    )
    .all(subtreePattern(scope)) as StatedTerminal[];
}

/** Each in-scope terminal's newest `maxBeats` heartbeats (read as ingest reads them), oldest first. */
export function loadWindows(db: Db, scope: Scope, maxBeats: number): { terminalId: number; sn: string; heartbeats: RuleHeartbeat[] }[] {
  const st = ingestStatements(db);
  return listStatedTerminals(db, scope).map((t) => ({ terminalId: t.terminalId, sn: t.sn, heartbeats: toRuleBeats(st.readWindow(t.terminalId, maxBeats)) }));
}

function toRuleBeats(rows: WindowRow[]): RuleHeartbeat[] {
  return rows
    .map((r) => ({
      at: r.receivedAt,
      battery: r.batteryPct,
      charging: r.charging === 1,
      firmware: r.firmware,
      signalDbm: r.signalDbm,
      network: r.network,
      errors: r.errors ? (JSON.parse(r.errors) as Record<string, number>) : {},
    }))
    .reverse();
}
