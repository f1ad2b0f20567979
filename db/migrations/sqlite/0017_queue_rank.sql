-- The call queue's stored rank (db/alerts-rank.ts): each open alert's priority as of the last sweep,
-- and the partial index the queue's pages walk, highest rank first.
ALTER TABLE `alerts` ADD `queue_rank` real;--> statement-breakpoint
CREATE INDEX `alerts_queue_rank_idx` ON `alerts` (queue_rank DESC,`id`) WHERE status IN ('open', 'acknowledged');
