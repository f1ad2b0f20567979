// A small network for the auth tests: ROOT → EAST → HZ, ROOT → SOUTH, one user per role.
import { createUser } from "@/lib/auth/users";
import { systemScope, type Scope } from "@/lib/auth/scope";
import type { Db } from "@/db/client";
import { makeAgent, T0 } from "../../helpers/db";

export const PASSWORD = "correct-horse-42";

export async function authNetwork(db: Db) {
  const root = await makeAgent(db, null, { code: "ROOT" });
  const east = await makeAgent(db, root.id, { code: "EAST" });
  const hz = await makeAgent(db, east.id, { code: "HZ" });
  const south = await makeAgent(db, root.id, { code: "SOUTH" });
  const sys = await systemScope(db);
  const mk = async (email: string, role: Scope["role"], agent: string) => {
    const { id } = await createUser(db, sys, { email, name: email.split("@")[0], role, agent, password: PASSWORD }, T0);
    return id;
  };
  const ids = {
    admin: await mk("admin@x.test", "admin", "ROOT"),
    east: await mk("east@x.test", "manager", "EAST"),
    hz: await mk("hz@x.test", "viewer", "HZ"),
    southAdmin: await mk("south@x.test", "admin", "SOUTH"),
  };
  const scopeOf = (userId: number, agent: { id: number; path: string }, role: Scope["role"]): Scope => ({ agentId: agent.id, agentPath: agent.path, role, userId });
  return {
    agents: { root, east, hz, south },
    ids,
    scopes: {
      admin: scopeOf(ids.admin, root, "admin"),
      east: scopeOf(ids.east, east, "manager"),
      hz: scopeOf(ids.hz, hz, "viewer"),
      southAdmin: scopeOf(ids.southAdmin, south, "admin"),
    },
  };
}
