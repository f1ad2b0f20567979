// Who may sign in and what they did: users, sessions, API tokens, sign-in failures (for rate
// limiting), the audit log, policy history and terminal transfers (划拨).
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { ROLES } from "@/lib/domain/enums";
import { agents, terminals } from "./schema";

/** A person who signs in. `agentId` + `role` give the scope: the agent's subtree, with the role's actions. */
export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull().unique(), // stored lower-cased
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(), // "scrypt$N$r$p$salt$hash", see lib/auth/password.ts
    role: text("role", { enum: ROLES }).notNull(),
    agentId: integer("agent_id").notNull().references(() => agents.id),
    mustChangePassword: integer("must_change_password", { mode: "boolean" }).notNull().default(false),
    deactivatedAt: integer("deactivated_at"), // epoch ms; set = cannot sign in, sessions and tokens dead
    passwordChangedAt: integer("password_changed_at").notNull(), // epoch ms
    createdAt: integer("created_at").notNull(), // epoch ms
    updatedAt: integer("updated_at").notNull(), // epoch ms
  },
  (t) => [index("users_agent_id_idx").on(t.agentId)],
);

/** A signed-in browser. Only the SHA-256 of the cookie's token is stored. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tokenHash: text("token_hash").notNull().unique(),
    userId: integer("user_id").notNull().references(() => users.id),
    createdAt: integer("created_at").notNull(), // epoch ms
    lastSeenAt: integer("last_seen_at").notNull(), // epoch ms
    expiresAt: integer("expires_at").notNull(), // epoch ms
    ip: text("ip").notNull().default(""),
    userAgent: text("user_agent").notNull().default(""),
  },
  (t) => [index("sessions_user_id_idx").on(t.userId), index("sessions_expires_at_idx").on(t.expiresAt)],
);

/** Personal read-only API tokens ("pfa_..."); they act with their owner's current scope. */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").notNull().references(() => users.id),
    label: text("label").notNull(),
    prefix: text("prefix").notNull(), // first characters, to recognise a token in lists
    tokenHash: text("token_hash").notNull().unique(),
    createdAt: integer("created_at").notNull(), // epoch ms
    lastUsedAt: integer("last_used_at"), // epoch ms
    revokedAt: integer("revoked_at"), // epoch ms
  },
  (t) => [index("api_tokens_user_id_idx").on(t.userId)],
);

/** Failed sign-ins, counted per account and per address over a sliding window. */
export const signInFailures = sqliteTable(
  "sign_in_failures",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    account: text("account").notNull(), // the e-mail as typed, lower-cased
    address: text("address").notNull(), // client IP
    at: integer("at").notNull(), // epoch ms
  },
  (t) => [index("sign_in_failures_account_at_idx").on(t.account, t.at), index("sign_in_failures_address_at_idx").on(t.address, t.at)],
);

/** Who did what, when. `agentId` is the agent the change belongs to; readers see their subtree's entries. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at").notNull(), // epoch ms
    userId: integer("user_id"), // null for system callers
    actor: text("actor").notNull(), // e-mail at the time, or "system"
    agentId: integer("agent_id").notNull().references(() => agents.id),
    action: text("action").notNull(), // see lib/audit/actions.ts
    targetType: text("target_type").notNull(),
    targetId: text("target_id").notNull().default(""),
    before: text("before", { mode: "json" }), // JSON snapshot before the change
    after: text("after", { mode: "json" }), // JSON snapshot after the change
    ip: text("ip").notNull().default(""),
  },
  (t) => [index("audit_log_agent_id_at_idx").on(t.agentId, t.at), index("audit_log_at_idx").on(t.at)],
);

/** Every saved rules policy, newest last; the settings row holds the one in force. */
export const policyVersions = sqliteTable(
  "policy_versions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    policy: text("policy", { mode: "json" }).notNull(), // Policy
    userId: integer("user_id"),
    actor: text("actor").notNull(),
    revertedFromId: integer("reverted_from_id"), // the version this one restored, if any
    changedTerminals: integer("changed_terminals").notNull().default(0), // count re-diagnosed into another category
    createdAt: integer("created_at").notNull(), // epoch ms
  },
  (t) => [index("policy_versions_created_at_idx").on(t.createdAt)],
);

/** 划拨: a terminal moved from one agent to another. */
export const terminalTransfers = sqliteTable(
  "terminal_transfers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    terminalId: integer("terminal_id").notNull().references(() => terminals.id),
    fromAgentId: integer("from_agent_id").notNull().references(() => agents.id),
    toAgentId: integer("to_agent_id").notNull().references(() => agents.id),
    userId: integer("user_id"),
    note: text("note").notNull().default(""),
    at: integer("at").notNull(), // epoch ms
  },
  (t) => [index("terminal_transfers_terminal_id_idx").on(t.terminalId), index("terminal_transfers_to_agent_id_idx").on(t.toAgentId)],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type Session = typeof sessions.$inferSelect;
export type ApiToken = typeof apiTokens.$inferSelect;
export type SignInFailure = typeof signInFailures.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;
export type PolicyVersion = typeof policyVersions.$inferSelect;
export type TerminalTransfer = typeof terminalTransfers.$inferSelect;
