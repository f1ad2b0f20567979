CREATE TABLE `agents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`parent_id` integer,
	`path` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agents_code_unique` ON `agents` (`code`);--> statement-breakpoint
CREATE INDEX `agents_parent_id_idx` ON `agents` (`parent_id`);--> statement-breakpoint
CREATE INDEX `agents_path_idx` ON `agents` (`path`);--> statement-breakpoint
CREATE TABLE `heartbeat_errors` (
	`heartbeat_id` integer NOT NULL,
	`code` text NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`heartbeat_id`, `code`)
);
--> statement-breakpoint
CREATE TABLE `heartbeats` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`terminal_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`device_ts` integer NOT NULL,
	`received_at` integer NOT NULL,
	`battery_pct` integer NOT NULL,
	`charging` integer NOT NULL,
	`firmware` text NOT NULL,
	`signal_dbm` integer,
	`network` text NOT NULL,
	`txn_count` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `heartbeats_terminal_id_seq_idx` ON `heartbeats` (`terminal_id`,`seq`);--> statement-breakpoint
CREATE TABLE `ingest_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`agent_id` integer NOT NULL,
	`label` text DEFAULT '' NOT NULL,
	`prefix` text NOT NULL,
	`key_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ingest_keys_key_hash_unique` ON `ingest_keys` (`key_hash`);--> statement-breakpoint
CREATE INDEX `ingest_keys_agent_id_idx` ON `ingest_keys` (`agent_id`);--> statement-breakpoint
CREATE TABLE `merchants` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`contact_name` text DEFAULT '' NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`province` text DEFAULT '' NOT NULL,
	`city` text DEFAULT '' NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`agent_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `merchants_agent_id_idx` ON `merchants` (`agent_id`);--> statement-breakpoint
CREATE INDEX `merchants_city_idx` ON `merchants` (`city`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `terminal_state` (
	`terminal_id` integer PRIMARY KEY NOT NULL,
	`last_seq` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`last_device_ts` integer NOT NULL,
	`battery_pct` integer NOT NULL,
	`charging` integer NOT NULL,
	`firmware` text NOT NULL,
	`signal_dbm` integer,
	`network` text NOT NULL,
	`model` text,
	`app_version` text,
	`lat` real,
	`lon` real,
	`status` text DEFAULT 'online' NOT NULL,
	`category` text DEFAULT 'healthy' NOT NULL,
	`severity` text DEFAULT 'ok' NOT NULL,
	`confidence` text DEFAULT 'high' NOT NULL,
	`findings` text DEFAULT '[]' NOT NULL,
	`diagnosed_at` integer NOT NULL,
	`category_since` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `terminal_state_category_severity_idx` ON `terminal_state` (`category`,`severity`);--> statement-breakpoint
CREATE INDEX `terminal_state_status_last_seen_at_idx` ON `terminal_state` (`status`,`last_seen_at`);--> statement-breakpoint
CREATE TABLE `terminals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sn` text NOT NULL,
	`model` text DEFAULT '' NOT NULL,
	`carrier` text DEFAULT '' NOT NULL,
	`merchant_id` integer NOT NULL,
	`agent_id` integer NOT NULL,
	`activated_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `terminals_sn_unique` ON `terminals` (`sn`);--> statement-breakpoint
CREATE INDEX `terminals_agent_id_idx` ON `terminals` (`agent_id`);--> statement-breakpoint
CREATE INDEX `terminals_merchant_id_idx` ON `terminals` (`merchant_id`);