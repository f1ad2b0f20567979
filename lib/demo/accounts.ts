// The demo's sign-in accounts, one per role, and their seeding. The agent codes must exist in the
// demo fleet; `seedDemoUsers` creates the accounts idempotently after the agents.
import type { Db } from "@/db/client";
import { findAgentByCode, findUserByEmail, insertUser } from "@/db/queries/auth-users";
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/domain/enums";

export interface DemoAccount {
  email: string;
  password: string;
  role: Role;
  agentCode: string;
  name: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: "admin@demo.pfh", password: "demo-admin-2026", role: "admin", agentCode: "ROOT", name: "王总 (管理员)" },
  { email: "east@demo.pfh", password: "demo-east-2026", role: "manager", agentCode: "EAST", name: "李经理 (华东)" },
  { email: "hz@demo.pfh", password: "demo-hz-2026", role: "viewer", agentCode: "HZ", name: "陈专员 (杭州)" },
];

/**
 * Creates the demo accounts of DEMO_ACCOUNTS that do not exist yet (by e-mail); running it twice
 * changes nothing. Their agents must exist already.
 */
export async function seedDemoUsers(db: Db, now: number): Promise<{ created: string[]; existing: string[] }> {
  const created: string[] = [];
  const existing: string[] = [];
  for (const acc of DEMO_ACCOUNTS) {
    if (await findUserByEmail(db, acc.email)) {
      existing.push(acc.email);
      continue;
    }
    const a = await findAgentByCode(db, acc.agentCode);
    if (!a) throw new Error(`demo account ${acc.email} needs agent ${acc.agentCode}; seed the fleet first`);
    const passwordHash = await hashPassword(acc.password);
    await insertUser(db, { email: acc.email, name: acc.name, passwordHash, role: acc.role, agentId: a.id, mustChangePassword: false }, now);
    created.push(acc.email);
  }
  return { created, existing };
}
