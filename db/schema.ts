import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { CATEGORIES, CONFIDENCES, NETWORKS, SEVERITIES, STATUSES } from "@/lib/domain/enums";

/** The agent tree (代理 → 子代理). `path` is the materialised chain of ids, "/1/4/9/", so a subtree is one prefix match. */
export const agents = sqliteTable(
  "agents",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    code: text("code").notNull().unique(),
    name: text("name").notNull(),
    parentId: integer("parent_id").references((): any => agents.id),
    path: text("path").notNull().default(""),
    createdAt: integer("created_at").notNull(), // epoch ms
  },
  // agents_name_idx: the terminals table's agent sort walks agents by name (the rowid follows the name).
  (t) => [index("agents_parent_id_idx").on(t.parentId), index("agents_path_idx").on(t.path), index("agents_name_idx").on(t.name)],
);

export const merchants = sqliteTable(
  "merchants",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    contactName: text("contact_name").notNull().default(""),
    phone: text("phone").notNull().default(""),
    province: text("province").notNull().default(""),
    city: text("city").notNull().default(""),
    address: text("address").notNull().default(""),
    agentId: integer("agent_id").notNull().references(() => agents.id),
    createdAt: integer("created_at").notNull(), // epoch ms
  },
  // merchants_name_idx and merchants_city_idx: the merchant and city sorts walk merchants in that order.
  (t) => [index("merchants_agent_id_idx").on(t.agentId), index("merchants_city_idx").on(t.city), index("merchants_name_idx").on(t.name)],
);

/** A terminal; `sn` is the serial number the device reports. The integer id keeps history rows small. */
export const terminals = sqliteTable(
  "terminals",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    sn: text("sn").notNull().unique(),
    model: text("model").notNull().default(""),
    carrier: text("carrier").notNull().default(""), // China Mobile / Unicom / Telecom / merchant Wi-Fi
    merchantId: integer("merchant_id").notNull().references(() => merchants.id),
    agentId: integer("agent_id").notNull().references(() => agents.id),
    activatedAt: integer("activated_at"), // epoch ms
    createdAt: integer("created_at").notNull(), // epoch ms
  },
  (t) => [index("terminals_agent_id_idx").on(t.agentId), index("terminals_merchant_id_idx").on(t.merchantId)],
);

/**
 * Append-only history. The unique (terminal, seq) index is both the idempotency guard and the
 * index the rules window is read through (newest seq first), so no second index is paid for.
 */
export const heartbeats = sqliteTable(
  "heartbeats",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    terminalId: integer("terminal_id").notNull(),
    seq: integer("seq").notNull(),
    deviceTs: integer("device_ts").notNull(), // epoch ms, the terminal's clock
    receivedAt: integer("received_at").notNull(), // epoch ms, the server's clock
    batteryPct: integer("battery_pct").notNull(), // percent
    charging: integer("charging", { mode: "boolean" }).notNull(),
    firmware: text("firmware").notNull(),
    signalDbm: integer("signal_dbm"), // dBm, null when there is no service
    network: text("network", { enum: NETWORKS }).notNull(),
    txnCount: integer("txn_count").notNull().default(0),
    lat: real("lat"), // decimal degrees when the beat reported a position (relocation rule)
    lon: real("lon"),
  },
  (t) => [uniqueIndex("heartbeats_terminal_id_seq_idx").on(t.terminalId, t.seq)],
);

/** Error codes a heartbeat reported, one row per code (most heartbeats have none). */
export const heartbeatErrors = sqliteTable(
  "heartbeat_errors",
  {
    heartbeatId: integer("heartbeat_id").notNull(),
    code: text("code").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.heartbeatId, t.code] })],
);

/** Latest state per terminal: the readings of its newest heartbeat and its current diagnosis. */
export const terminalState = sqliteTable(
  "terminal_state",
  {
    terminalId: integer("terminal_id").primaryKey(),
    lastSeq: integer("last_seq").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(), // epoch ms, server receive time
    lastDeviceTs: integer("last_device_ts").notNull(), // epoch ms
    batteryPct: integer("battery_pct").notNull(), // percent
    charging: integer("charging", { mode: "boolean" }).notNull(),
    firmware: text("firmware").notNull(),
    signalDbm: integer("signal_dbm"), // dBm
    network: text("network", { enum: NETWORKS }).notNull(),
    model: text("model"),
    appVersion: text("app_version"),
    lat: real("lat"),
    lon: real("lon"),
    status: text("status", { enum: STATUSES }).notNull().default("online"),
    category: text("category", { enum: CATEGORIES }).notNull().default("healthy"),
    severity: text("severity", { enum: SEVERITIES }).notNull().default("ok"),
    confidence: text("confidence", { enum: CONFIDENCES }).notNull().default("high"),
    diagnosedAt: integer("diagnosed_at").notNull(), // epoch ms
    categorySince: integer("category_since").notNull(), // epoch ms
  },
  (t) => [
    // The terminals table's sorts: each index is a sort's columns then terminal_id, so the first
    // page of a keyset read walks it instead of sorting the fleet (docs/scaling.md, terminals).
    // category/severity and status/last seen also answer the counters' and sweep's lookups.
    index("terminal_state_category_severity_idx").on(t.category, t.severity, t.terminalId),
    index("terminal_state_status_last_seen_at_idx").on(t.status, t.lastSeenAt, t.terminalId),
    // Problems first (and severity): must stay the text of PROBLEMS_KEY_SQL in db/queries/terminals.ts.
    index("terminal_state_problems_idx").on(
      sql`((CASE severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END) * 10000000000000 + category_since)`,
      t.terminalId,
    ),
    index("terminal_state_last_seen_at_idx").on(t.lastSeenAt, t.terminalId),
    index("terminal_state_battery_idx").on(t.batteryPct, t.terminalId),
    // Must stay the text of SIGNAL_KEY_SQL in db/queries/terminals.ts.
    index("terminal_state_signal_idx").on(sql`(CASE WHEN signal_dbm IS NULL THEN -999 ELSE signal_dbm END)`, t.terminalId),
    index("terminal_state_firmware_idx").on(t.firmware, t.terminalId),
  ],
);

/**
 * The findings (evidence, messages and fix steps in zh and en) of terminals that have any. Kept
 * out of terminal_state so its rows stay narrow: the overview aggregates scan every state row.
 */
export const terminalFindings = sqliteTable("terminal_findings", {
  terminalId: integer("terminal_id").primaryKey(),
  findings: text("findings", { mode: "json" }).notNull(), // Finding[], never empty
});

/** Keys gateways and terminals post with. Only the SHA-256 of the key is stored. */
export const ingestKeys = sqliteTable(
  "ingest_keys",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    agentId: integer("agent_id").notNull().references(() => agents.id),
    label: text("label").notNull().default(""),
    prefix: text("prefix").notNull(), // first characters, to recognise a key in lists
    keyHash: text("key_hash").notNull().unique(),
    createdAt: integer("created_at").notNull(), // epoch ms
    lastUsedAt: integer("last_used_at"), // epoch ms
    revokedAt: integer("revoked_at"), // epoch ms
  },
  (t) => [index("ingest_keys_agent_id_idx").on(t.agentId)],
);

/** Small key/value facts the process keeps: the policy in force, last sweep time. */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value", { mode: "json" }).notNull(),
  updatedAt: integer("updated_at").notNull(), // epoch ms
});

export type Agent = typeof agents.$inferSelect;
export type NewAgent = typeof agents.$inferInsert;
export type Merchant = typeof merchants.$inferSelect;
export type NewMerchant = typeof merchants.$inferInsert;
export type Terminal = typeof terminals.$inferSelect;
export type NewTerminal = typeof terminals.$inferInsert;
export type Heartbeat = typeof heartbeats.$inferSelect;
export type TerminalState = typeof terminalState.$inferSelect;
export type IngestKey = typeof ingestKeys.$inferSelect;
export type TerminalFindings = typeof terminalFindings.$inferSelect;
