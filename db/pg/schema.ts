// PostgreSQL twin of db/schema.ts: the same tables, columns, names, defaults, constraints and
// indexes, in pg-core. Differences that PostgreSQL forces are confined to `heartbeats` (see
// below and db/migrations/pg/0001_*.sql, which re-creates it partitioned by day).
import { sql } from "drizzle-orm";
import { type AnyPgColumn, bigint, bigserial, doublePrecision, index, integer, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { CATEGORIES, CONFIDENCES, NETWORKS, SEVERITIES, STATUSES } from "@/lib/domain/enums";
import { epochMs, flag, serialId } from "./columns";

/** The agent tree (代理 → 子代理). `path` is the materialised chain of ids, "/1/4/9/". */
export const agents = pgTable(
  "agents",
  {
    id: serialId(),
    code: text("code").notNull().unique(),
    name: text("name").notNull(),
    parentId: integer("parent_id").references((): AnyPgColumn => agents.id),
    path: text("path").notNull().default(""),
    createdAt: epochMs("created_at").notNull(),
  },
  (t) => [index("agents_parent_id_idx").on(t.parentId), index("agents_path_idx").on(t.path), index("agents_name_idx").on(t.name, t.id)],
);

export const merchants = pgTable(
  "merchants",
  {
    id: serialId(),
    name: text("name").notNull(),
    contactName: text("contact_name").notNull().default(""),
    phone: text("phone").notNull().default(""),
    province: text("province").notNull().default(""),
    city: text("city").notNull().default(""),
    address: text("address").notNull().default(""),
    agentId: integer("agent_id").notNull().references(() => agents.id),
    createdAt: epochMs("created_at").notNull(),
  },
  // (…, id): the terminals table's merchant and city sorts walk merchants in this order, then each
  // merchant's terminals by id (SQLite's indexes end with the rowid on their own).
  (t) => [index("merchants_agent_id_idx").on(t.agentId), index("merchants_city_idx").on(t.city, t.id), index("merchants_name_idx").on(t.name, t.id)],
);

export const terminals = pgTable(
  "terminals",
  {
    id: serialId(),
    sn: text("sn").notNull().unique(),
    model: text("model").notNull().default(""),
    carrier: text("carrier").notNull().default(""),
    merchantId: integer("merchant_id").notNull().references(() => merchants.id),
    agentId: integer("agent_id").notNull().references(() => agents.id),
    activatedAt: epochMs("activated_at"),
    createdAt: epochMs("created_at").notNull(),
  },
  (t) => [index("terminals_agent_id_idx").on(t.agentId, t.id), index("terminals_merchant_id_idx").on(t.merchantId, t.id)],
);

/**
 * Append-only history, partitioned by RANGE (device_ts), one partition per UTC day plus a
 * DEFAULT partition (created by migration 0001; drizzle-kit cannot express partitioning).
 * A unique index of a partitioned table must contain the partition key, so:
 * - the idempotency key is (terminal_id, seq, device_ts): ingest on PostgreSQL must say
 *   `ON CONFLICT (terminal_id, seq, device_ts) DO NOTHING` (SQLite: `(terminal_id, seq)`);
 *   the index keeps the SQLite name so the rules window is still read through it;
 * - the primary key is (id, device_ts); ids come from a sequence (bigserial: PostgreSQL 15
 *   does not allow identity columns on partitioned tables) and stay unique by construction.
 */
export const heartbeats = pgTable(
  "heartbeats",
  {
    id: bigserial("id", { mode: "number" }).notNull(),
    terminalId: integer("terminal_id").notNull(),
    seq: integer("seq").notNull(),
    deviceTs: epochMs("device_ts").notNull(), // the partition key
    receivedAt: epochMs("received_at").notNull(),
    batteryPct: integer("battery_pct").notNull(),
    charging: flag("charging").notNull(),
    firmware: text("firmware").notNull(),
    signalDbm: integer("signal_dbm"),
    network: text("network", { enum: NETWORKS }).notNull(),
    txnCount: integer("txn_count").notNull().default(0),
    lat: doublePrecision("lat"), // decimal degrees when the beat reported a position (relocation rule)
    lon: doublePrecision("lon"),
  },
  (t) => [
    primaryKey({ columns: [t.id, t.deviceTs] }),
    uniqueIndex("heartbeats_terminal_id_seq_idx").on(t.terminalId, t.seq, t.deviceTs),
  ],
);

/**
 * Error codes a heartbeat reported. As on SQLite there is no foreign key to heartbeats (one
 * would need (heartbeat_id, device_ts) on a partitioned parent); dropping a day partition
 * deletes that day's error rows first (db/partitions.ts).
 */
export const heartbeatErrors = pgTable(
  "heartbeat_errors",
  {
    heartbeatId: bigint("heartbeat_id", { mode: "number" }).notNull(),
    code: text("code").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.heartbeatId, t.code] })],
);

export const terminalState = pgTable(
  "terminal_state",
  {
    terminalId: integer("terminal_id").primaryKey(),
    lastSeq: integer("last_seq").notNull(),
    lastSeenAt: epochMs("last_seen_at").notNull(),
    lastDeviceTs: epochMs("last_device_ts").notNull(),
    batteryPct: integer("battery_pct").notNull(),
    charging: flag("charging").notNull(),
    firmware: text("firmware").notNull(),
    signalDbm: integer("signal_dbm"),
    network: text("network", { enum: NETWORKS }).notNull(),
    model: text("model"),
    appVersion: text("app_version"),
    lat: doublePrecision("lat"), // SQLite REAL is 8-byte; PostgreSQL real would be 4
    lon: doublePrecision("lon"),
    status: text("status", { enum: STATUSES }).notNull().default("online"),
    category: text("category", { enum: CATEGORIES }).notNull().default("healthy"),
    severity: text("severity", { enum: SEVERITIES }).notNull().default("ok"),
    confidence: text("confidence", { enum: CONFIDENCES }).notNull().default("high"),
    diagnosedAt: epochMs("diagnosed_at").notNull(),
    categorySince: epochMs("category_since").notNull(),
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

export const terminalFindings = pgTable("terminal_findings", {
  terminalId: integer("terminal_id").primaryKey(),
  findings: text("findings").notNull(), // JSON Finding[], never empty
});

export const ingestKeys = pgTable(
  "ingest_keys",
  {
    id: serialId(),
    agentId: integer("agent_id").notNull().references(() => agents.id),
    label: text("label").notNull().default(""),
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull().unique(),
    createdAt: epochMs("created_at").notNull(),
    lastUsedAt: epochMs("last_used_at"),
    revokedAt: epochMs("revoked_at"),
  },
  (t) => [index("ingest_keys_agent_id_idx").on(t.agentId)],
);

export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(), // JSON
  updatedAt: epochMs("updated_at").notNull(),
});
