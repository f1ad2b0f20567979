// Who makes the demo history's calls: the demo's network admin, so every alert of the fleet can
// be called (lib/simulator/call-desk.ts decides what the merchants answer).
import type { Db } from "@/db/client";
import { findUserByEmail } from "@/db/queries/auth-users";
import type { Scope } from "@/lib/domain/scope";
import { DEMO_ACCOUNTS } from "./accounts";

export async function demoDeskCaller(db: Db): Promise<Scope | undefined> {
  const admin = DEMO_ACCOUNTS.find((a) => a.role === "admin")!;
  const u = await findUserByEmail(db, admin.email);
  return u ? { agentId: u.agentId, agentPath: u.agentPath, role: u.role, userId: u.id } : undefined;
}
