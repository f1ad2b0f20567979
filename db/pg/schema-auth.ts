// PostgreSQL twin of db/schema-auth.ts.
import { index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { ROLES } from "@/lib/domain/enums";
import { epochMs, flag, serialId } from "./columns";
import { agents, terminals } from "./schema";

export const users = pgTable(
  "users",
  {
    id: serialId(),
    email: text("email").notNull().unique(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    agentId: integer("agent_id").notNull().references(() => agents.id),
    mustChangePassword: flag("must_change_password").notNull().default(0),
    deactivatedAt: epochMs("deactivated_at"),
    passwordChangedAt: epochMs("password_changed_at").notNull(),
    createdAt: epochMs("created_at").notNull(),
    updatedAt: epochMs("updated_at").notNull(),
  },
  (t) => [index("users_agent_id_idx").on(t.agentId)],
);

export const sessions = pgTable(
  "sessions",
  {
    id: serialId(),
    tokenHash: text("token_hash").notNull().unique(),
    userId: integer("user_id").notNull().references(() => users.id),
    createdAt: epochMs("created_at").notNull(),
    lastSeenAt: epochMs("last_seen_at").notNull(),
    expiresAt: epochMs("expires_at").notNull(),
    ip: text("ip").notNull().default(""),
    userAgent: text("user_agent").notNull().default(""),
  },
  (t) => [index("sessions_user_id_idx").on(t.userId), index("sessions_expires_at_idx").on(t.expiresAt)],
);

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: serialId(),
    userId: integer("user_id").notNull().references(() => users.id),
    label: text("label").notNull(),
    prefix: text("prefix").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    createdAt: epochMs("created_at").notNull(),
    lastUsedAt: epochMs("last_used_at"),
    revokedAt: epochMs("revoked_at"),
  },
  (t) => [index("api_tokens_user_id_idx").on(t.userId)],
);

export const signInFailures = pgTable(
  "sign_in_failures",
  {
    id: serialId(),
    account: text("account").notNull(),
    address: text("address").notNull(),
    at: epochMs("at").notNull(),
  },
  (t) => [index("sign_in_failures_account_at_idx").on(t.account, t.at), index("sign_in_failures_address_at_idx").on(t.address, t.at)],
);

export const auditLog = pgTable(
  "audit_log",
  {
    id: serialId(),
    at: epochMs("at").notNull(),
    userId: integer("user_id"),
    actor: text("actor").notNull(),
    agentId: integer("agent_id").notNull().references(() => agents.id),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id").notNull().default(""),
    before: text("before"), // JSON
    after: text("after"), // JSON
    ip: text("ip").notNull().default(""),
  },
  (t) => [index("audit_log_agent_id_at_idx").on(t.agentId, t.at), index("audit_log_at_idx").on(t.at)],
);

export const policyVersions = pgTable(
  "policy_versions",
  {
    id: serialId(),
    policy: text("policy").notNull(), // JSON Policy
    userId: integer("user_id"),
    actor: text("actor").notNull(),
    revertedFromId: integer("reverted_from_id"),
    changedTerminals: integer("changed_terminals").notNull().default(0),
    createdAt: epochMs("created_at").notNull(),
  },
  (t) => [index("policy_versions_created_at_idx").on(t.createdAt)],
);

export const terminalTransfers = pgTable(
  "terminal_transfers",
  {
    id: serialId(),
    terminalId: integer("terminal_id").notNull().references(() => terminals.id),
    fromAgentId: integer("from_agent_id").notNull().references(() => agents.id),
    toAgentId: integer("to_agent_id").notNull().references(() => agents.id),
    userId: integer("user_id"),
    note: text("note").notNull().default(""),
    at: epochMs("at").notNull(),
  },
  (t) => [index("terminal_transfers_terminal_id_idx").on(t.terminalId), index("terminal_transfers_to_agent_id_idx").on(t.toAgentId)],
);
