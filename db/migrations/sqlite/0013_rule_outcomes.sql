CREATE TABLE `rule_outcomes` (
	`alert_id` integer PRIMARY KEY NOT NULL,
	`terminal_id` integer NOT NULL,
	`category` text NOT NULL,
	`rule_id` text NOT NULL,
	`code` text DEFAULT '' NOT NULL,
	`severity` text NOT NULL,
	`raised_at` integer NOT NULL,
	`label` text NOT NULL,
	`reason` text NOT NULL,
	`fixed_at` integer,
	`labelled_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `rule_outcomes_raised_at_idx` ON `rule_outcomes` (`raised_at`);--> statement-breakpoint
CREATE INDEX `rule_outcomes_rule_id_raised_at_idx` ON `rule_outcomes` (`rule_id`,`raised_at`);--> statement-breakpoint
CREATE TABLE `rule_precision` (
	`rule_id` text PRIMARY KEY NOT NULL,
	`confirmed` integer DEFAULT 0 NOT NULL,
	`false_alarms` integer DEFAULT 0 NOT NULL,
	`factor_permille` integer DEFAULT 1000 NOT NULL,
	`updated_at` integer NOT NULL
);
