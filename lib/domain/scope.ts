import type { Role } from "./enums";

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
