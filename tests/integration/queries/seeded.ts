// One seeded database per test file, plus the oracle: plain rows read straight from the tables,
// so expected values are computed from the seed and not from the queries under test.
import type { Db } from "@/db/client";
import type { Scope } from "@/lib/auth/scope";
import { seedFleet, type SeededFleet } from "@/tests/fixtures/seed-fleet";
import { freshDb, T0 } from "@/tests/helpers/db";

export const NOW = T0;

export interface OracleRow {
  id: number;
  sn: string;
  merchant: string;
  city: string;
  model: string;
  agentId: number;
  agentPath: string;
  status: string;
  category: string;
  severity: string;
  battery: number;
  signal: number | null;
  firmware: string;
  findings: string;
  lastSeenAt: number;
}

export interface Seeded {
  db: Db;
  fleet: SeededFleet;
  oracle: OracleRow[];
  scopeOf: (code: keyof SeededFleet["agents"]) => Scope;
}

export async function seeded(): Promise<Seeded> {
  const db = await freshDb();
  const fleet = await seedFleet(db, { now: NOW });
  const oracle = await db.all<OracleRow>(
    `SELECT t.id, t.sn, m.name AS merchant, m.city, t.model, a.id AS "agentId", a.path AS "agentPath", s.status, s.category,
            s.severity, s.battery_pct AS battery, s.signal_dbm AS signal, s.firmware, coalesce((SELECT f.findings FROM terminal_findings f WHERE f.terminal_id = s.terminal_id), '[]') AS findings, s.last_seen_at AS "lastSeenAt"
       FROM terminals t JOIN merchants m ON m.id = t.merchant_id JOIN agents a ON a.id = t.agent_id
       JOIN terminal_state s ON s.terminal_id = t.id`,
  );
  const scopeOf = (code: keyof SeededFleet["agents"]): Scope => ({
    agentId: fleet.agents[code].id,
    agentPath: fleet.agents[code].path,
    role: "manager",
    userId: null,
  });
  return { db, fleet, oracle, scopeOf };
}

export function inScopeRows(oracle: OracleRow[], scope: Scope): OracleRow[] {
  return oracle.filter((r) => r.agentPath.startsWith(scope.agentPath));
}

export const sns = (rows: { sn: string }[]) => rows.map((r) => r.sn).sort();
