CREATE TABLE `activity_actions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`terminal_id` integer NOT NULL,
	`kind` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`user_id` integer,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `activity_actions_terminal_id_at_idx` ON `activity_actions` (`terminal_id`,`at`);--> statement-breakpoint
CREATE TABLE `terminal_activity` (
	`terminal_id` integer PRIMARY KEY NOT NULL,
	`first_txn_at` integer NOT NULL,
	`last_txn_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `terminal_activity_last_txn_at_idx` ON `terminal_activity` (`last_txn_at`);--> statement-breakpoint
CREATE TABLE `terminal_place` (
	`terminal_id` integer PRIMARY KEY NOT NULL,
	`city` text DEFAULT '' NOT NULL,
	`lat` real NOT NULL,
	`lon` real NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `terminal_txn_daily` (
	`terminal_id` integer NOT NULL,
	`day_start` integer NOT NULL,
	`agent_id` integer NOT NULL,
	`txns` integer DEFAULT 0 NOT NULL,
	`sale_beats` integer DEFAULT 0 NOT NULL,
	`last_txn_at` integer NOT NULL,
	PRIMARY KEY(`terminal_id`, `day_start`)
);
--> statement-breakpoint
CREATE INDEX `terminal_txn_daily_agent_id_day_start_idx` ON `terminal_txn_daily` (`agent_id`,`day_start`);