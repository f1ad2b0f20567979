// The demo's sign-in accounts, one per role. The agent codes must exist in the demo fleet;
// `seedDemoUsers` (lib/auth/users.ts) creates the accounts idempotently after the agents.
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
