CREATE TABLE `fleet_counters` (
	`agent_id` integer NOT NULL,
	`dim` text NOT NULL,
	`k1` text DEFAULT '' NOT NULL,
	`k2` text DEFAULT '' NOT NULL,
	`k3` text DEFAULT '' NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	`problems` integer DEFAULT 0 NOT NULL,
	`offline` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`agent_id`, `dim`, `k1`, `k2`, `k3`)
);
