-- The call queue's stored rank (db/alerts-rank.ts): each open alert's priority as of the last sweep,
-- and the partial index the queue's pages walk, highest rank first.
ALTER TABLE "alerts" ADD COLUMN "queue_rank" double precision;--> statement-breakpoint
CREATE INDEX "alerts_queue_rank_idx" ON "alerts" USING btree ("queue_rank" DESC NULLS LAST,"id") WHERE status IN ('open', 'acknowledged');
