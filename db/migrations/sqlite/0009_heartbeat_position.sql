ALTER TABLE `heartbeats` ADD `lat` real;--> statement-breakpoint
ALTER TABLE `heartbeats` ADD `lon` real;