CREATE TABLE `alert_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`alert_id` integer,
	`incident_id` integer,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`actor_id` integer,
	`data` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `alert_events_alert_id_idx` ON `alert_events` (`alert_id`,`id`);--> statement-breakpoint
CREATE INDEX `alert_events_incident_id_idx` ON `alert_events` (`incident_id`,`id`);--> statement-breakpoint
CREATE TABLE `alerts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`terminal_id` integer NOT NULL,
	`category` text NOT NULL,
	`severity` text NOT NULL,
	`status` text NOT NULL,
	`first_seen_at` integer NOT NULL,
	`pending_since` integer,
	`opened_at` integer,
	`acknowledged_at` integer,
	`acknowledged_by` integer,
	`assignee_id` integer,
	`snoozed_until` integer,
	`verify_until` integer,
	`cleared_at` integer,
	`resolved_at` integer,
	`resolved_by` integer,
	`resolution` text,
	`last_reminder_at` integer,
	`reopen_count` integer DEFAULT 0 NOT NULL,
	`last_call_outcome` text,
	`last_call_at` integer,
	`incident_id` integer,
	`findings` text DEFAULT '[]' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`terminal_id`) REFERENCES `terminals`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alerts_terminal_id_category_active_idx` ON `alerts` (`terminal_id`,`category`) WHERE status <> 'resolved';--> statement-breakpoint
CREATE INDEX `alerts_terminal_id_category_resolved_at_idx` ON `alerts` (`terminal_id`,`category`,`resolved_at`);--> statement-breakpoint
CREATE INDEX `alerts_status_opened_at_idx` ON `alerts` (`status`,`opened_at`);--> statement-breakpoint
CREATE INDEX `alerts_incident_id_idx` ON `alerts` (`incident_id`);--> statement-breakpoint
CREATE TABLE `channel_categories` (
	`channel_id` integer NOT NULL,
	`category` text NOT NULL,
	PRIMARY KEY(`channel_id`, `category`),
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `channels` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`agent_id` integer NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`url` text NOT NULL,
	`secret` text DEFAULT '' NOT NULL,
	`locale` text DEFAULT 'zh-CN' NOT NULL,
	`min_severity` text DEFAULT 'warning' NOT NULL,
	`window_ms` integer DEFAULT 60000 NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`cursor_event_id` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `channels_agent_id_idx` ON `channels` (`agent_id`);--> statement-breakpoint
CREATE TABLE `delivery_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`outbox_id` integer NOT NULL,
	`channel_id` integer NOT NULL,
	`at` integer NOT NULL,
	`duration_ms` integer NOT NULL,
	`http_status` integer,
	`ok` integer NOT NULL,
	`error` text,
	FOREIGN KEY (`outbox_id`) REFERENCES `outbox`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `delivery_attempts_channel_id_at_idx` ON `delivery_attempts` (`channel_id`,`at`);--> statement-breakpoint
CREATE TABLE `incidents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`group_key` text NOT NULL,
	`city` text,
	`carrier` text,
	`firmware` text,
	`category` text NOT NULL,
	`severity` text NOT NULL,
	`peak_terminals` integer DEFAULT 0 NOT NULL,
	`population_terminals` integer DEFAULT 0 NOT NULL,
	`opened_at` integer NOT NULL,
	`resolved_at` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `incidents_group_key_open_idx` ON `incidents` (`group_key`) WHERE status = 'open';--> statement-breakpoint
CREATE INDEX `incidents_status_opened_at_idx` ON `incidents` (`status`,`opened_at`);--> statement-breakpoint
CREATE TABLE `merchant_txn_daily` (
	`merchant_id` integer NOT NULL,
	`day_start` integer NOT NULL,
	`txn_count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`merchant_id`, `day_start`),
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel_id` integer NOT NULL,
	`kind` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`message` text NOT NULL,
	`created_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`delivered_at` integer,
	`failed_at` integer,
	`last_error` text,
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_idempotency_key_unique` ON `outbox` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `outbox_channel_id_delivered_at_idx` ON `outbox` (`channel_id`,`delivered_at`);--> statement-breakpoint
CREATE INDEX `outbox_next_attempt_at_idx` ON `outbox` (`next_attempt_at`) WHERE delivered_at IS NULL AND failed_at IS NULL;--> statement-breakpoint
CREATE TABLE `silences` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`agent_id` integer NOT NULL,
	`city` text,
	`category` text,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `silences_ends_at_idx` ON `silences` (`ends_at`);--> statement-breakpoint
CREATE INDEX `silences_agent_id_idx` ON `silences` (`agent_id`);