import type { Role } from "@/lib/domain/enums";
import { forbidden } from "./errors";
import type { Scope } from "./scope";

/** Everything a person can be allowed to do, and which roles may. Reading in-scope data needs no action. */
export const ACTIONS = {
  "users:manage": ["admin"],
  "keys:manage": ["admin"],
  "policy:write": ["admin"],
  "channels:manage": ["admin"],
  "alerts:act": ["admin", "manager"],
  "fleet:import": ["admin", "manager"],
  "fleet:transfer": ["admin", "manager"],
  "audit:read": ["admin", "manager"],
  "tokens:own": ["admin", "manager", "viewer"],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof ACTIONS;

export function can(scope: Pick<Scope, "role">, action: Action): boolean {
  return (ACTIONS[action] as readonly Role[]).includes(scope.role);
}

/** Throws a 403 typed error when the scope's role may not do `action`. */
export function assertCan(scope: Pick<Scope, "role">, action: Action): void {
  if (!can(scope, action)) throw forbidden(`your role (${scope.role}) may not do this (${action}); ask an admin`);
}

/** The network-wide policy is changed only by admins of a top agent (path "/<id>/"). */
export function isNetworkAdmin(scope: Pick<Scope, "role" | "agentPath">): boolean {
  return scope.role === "admin" && /^\/\d+\/$/.test(scope.agentPath);
}
