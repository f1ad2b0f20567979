import type { PrincipalRow } from "@/db/queries/auth-sessions";
import type { Scope } from "./scope";

/** The signed-in person as pages show them. */
export interface CurrentUser {
  id: number;
  email: string;
  name: string;
  role: Scope["role"];
  agentId: number;
  agentCode: string;
  agentName: string;
  mustChangePassword: boolean;
}

/** Who is calling and through what: the scope every query takes, plus the person behind it. */
export interface Caller {
  scope: Scope;
  user: CurrentUser;
  via: "session" | "token";
  /** The session or token row id. */
  credentialId: number;
}

export function toCaller(row: PrincipalRow, via: Caller["via"]): Caller {
  return {
    scope: { agentId: row.agentId, agentPath: row.agentPath, role: row.role, userId: row.userId },
    user: {
      id: row.userId,
      email: row.email,
      name: row.name,
      role: row.role,
      agentId: row.agentId,
      agentCode: row.agentCode,
      agentName: row.agentName,
      mustChangePassword: row.mustChangePassword,
    },
    via,
    credentialId: row.credentialId,
  };
}
