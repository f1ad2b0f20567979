import type { Db } from "@/db/client";
import type { Role } from "@/lib/domain/enums";

/**
 * What a caller may see and do: the subtree of the agent tree under `agentPath` ("/1/4/"), with a
 * role. Every read query and every action in db/ and lib/ takes one as an argument.
 */
export interface Scope {
  agentId: number;
  agentPath: string;
  role: Role;
  /** The signed-in user; null for system callers (CLIs, jobs, ingest keys). */
  userId: number | null;
}

/** SQL-safe prefix test: is the agent at `path` inside the scope's subtree? */
export function inScope(scope: Pick<Scope, "agentPath">, path: string): boolean {
  return path.startsWith(scope.agentPath);
}

/** LIKE pattern matching every agent path in the subtree (paths hold only digits and '/'). */
export function subtreePattern(scope: Pick<Scope, "agentPath">): string {
  return `${scope.agentPath}%`;
}

/** The whole network, for CLIs, jobs and tests: the root agent (lowest id without a parent). */
export async function systemScope(db: Db): Promise<Scope> {
  const root = await db.get<{ id: number; path: string }>(`SELECT id, path FROM agents WHERE parent_id IS NULL ORDER BY id LIMIT 1`);
  if (!root) throw new Error("the database has no agents yet; run the seed first");
  return { agentId: root.id, agentPath: root.path, role: "admin", userId: null };
}
