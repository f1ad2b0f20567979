import type { Db } from "@/db/client";
import { rootAgent } from "@/db/fleet";
import type { Scope } from "@/lib/domain/scope";

export { inScope, subtreePattern, type Scope } from "@/lib/domain/scope";

/** The whole network, for CLIs, jobs and tests: the root agent (lowest id without a parent). */
export async function systemScope(db: Db): Promise<Scope> {
  const root = await rootAgent(db);
  if (!root) throw new Error("the database has no agents yet; run the seed first");
  return { agentId: root.id, agentPath: root.path, role: "admin", userId: null };
}
