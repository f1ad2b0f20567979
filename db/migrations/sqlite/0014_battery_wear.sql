CREATE TABLE `battery_daily` (
	`terminal_id` integer NOT NULL,
	`day_start` integer NOT NULL,
	`off_ms` integer DEFAULT 0 NOT NULL,
	`drop_pts` integer DEFAULT 0 NOT NULL,
	`samples` integer DEFAULT 0 NOT NULL,
	`charging_beats` integer DEFAULT 0 NOT NULL,
	`beats` integer DEFAULT 0 NOT NULL,
	`min_pct` integer,
	`first_trade_min` integer,
	`last_trade_min` integer,
	PRIMARY KEY(`terminal_id`, `day_start`)
);
--> statement-breakpoint
CREATE INDEX `battery_daily_day_start_idx` ON `battery_daily` (`day_start`);--> statement-breakpoint
CREATE TABLE `battery_wear` (
	`terminal_id` integer PRIMARY KEY NOT NULL,
	`computed_at` integer NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`days` integer DEFAULT 0 NOT NULL,
	`origin_day` integer,
	`rate_per_hour` real,
	`slope_per_day` real,
	`intercept_rate` real,
	`threshold_rate` real,
	`trading_hours` real,
	`predicted_at` integer,
	`earliest_at` integer,
	`latest_at` integer
);
--> statement-breakpoint
CREATE INDEX `battery_wear_predicted_at_idx` ON `battery_wear` (`predicted_at`);--> statement-breakpoint
CREATE INDEX `battery_wear_computed_at_idx` ON `battery_wear` (`computed_at`);