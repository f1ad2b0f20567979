CREATE TABLE `terminal_findings` (
	`terminal_id` integer PRIMARY KEY NOT NULL,
	`findings` text NOT NULL
);
--> statement-breakpoint
INSERT INTO `terminal_findings` (`terminal_id`, `findings`) SELECT `terminal_id`, `findings` FROM `terminal_state` WHERE `findings` <> '[]';
--> statement-breakpoint
ALTER TABLE `terminal_state` DROP COLUMN `findings`;