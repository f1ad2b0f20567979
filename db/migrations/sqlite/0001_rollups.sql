CREATE TABLE `rollup_category_hourly` (
	`hour_start` integer NOT NULL,
	`agent_id` integer NOT NULL,
	`category` text NOT NULL,
	`terminals` integer DEFAULT 0 NOT NULL,
	`offline` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`hour_start`, `agent_id`, `category`)
);
--> statement-breakpoint
CREATE INDEX `rollup_category_hourly_agent_id_hour_start_idx` ON `rollup_category_hourly` (`agent_id`,`hour_start`);--> statement-breakpoint
CREATE TABLE `rollup_error_hourly` (
	`hour_start` integer NOT NULL,
	`agent_id` integer NOT NULL,
	`code` text NOT NULL,
	`occurrences` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`hour_start`, `agent_id`, `code`)
);
--> statement-breakpoint
CREATE INDEX `rollup_error_hourly_agent_id_hour_start_idx` ON `rollup_error_hourly` (`agent_id`,`hour_start`);--> statement-breakpoint
CREATE TABLE `rollup_firmware_daily` (
	`day_start` integer NOT NULL,
	`agent_id` integer NOT NULL,
	`firmware` text NOT NULL,
	`model` text DEFAULT '' NOT NULL,
	`terminals` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`day_start`, `agent_id`, `firmware`, `model`)
);
--> statement-breakpoint
CREATE INDEX `rollup_firmware_daily_agent_id_day_start_idx` ON `rollup_firmware_daily` (`agent_id`,`day_start`);