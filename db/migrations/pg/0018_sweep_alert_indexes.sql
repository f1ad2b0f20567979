-- The minute sweep's reads of active alerts, which scanned every alert ever raised (resolved ones
-- with their findings) and held the SQLite server 14-18 ms each: the tick's due test and the
-- incident rates read alerts_active_idx alone; carrier grouping walks the recent ungrouped alerts
-- by first_seen_at. (PostgreSQL)
CREATE INDEX "alerts_active_idx" ON "alerts" USING btree ("status","severity","pending_since","cleared_at","snoozed_until","verify_until","opened_at","last_reminder_at","category","terminal_id","incident_id") WHERE status <> 'resolved';--> statement-breakpoint
CREATE INDEX "alerts_ungrouped_idx" ON "alerts" USING btree ("first_seen_at","terminal_id","category","severity") WHERE status <> 'resolved' AND incident_id IS NULL;