DROP INDEX "terminal_state_category_severity_idx";--> statement-breakpoint
DROP INDEX "terminal_state_status_last_seen_at_idx";--> statement-breakpoint
CREATE INDEX "terminal_state_problems_idx" ON "terminal_state" USING btree (((CASE severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END) * 10000000000000 + category_since),"terminal_id");--> statement-breakpoint
CREATE INDEX "terminal_state_last_seen_at_idx" ON "terminal_state" USING btree ("last_seen_at","terminal_id");--> statement-breakpoint
CREATE INDEX "terminal_state_battery_idx" ON "terminal_state" USING btree ("battery_pct","terminal_id");--> statement-breakpoint
CREATE INDEX "terminal_state_signal_idx" ON "terminal_state" USING btree ((CASE WHEN signal_dbm IS NULL THEN -999 ELSE signal_dbm END),"terminal_id");--> statement-breakpoint
CREATE INDEX "terminal_state_firmware_idx" ON "terminal_state" USING btree ("firmware","terminal_id");--> statement-breakpoint
CREATE INDEX "terminal_state_category_severity_idx" ON "terminal_state" USING btree ("category","severity","terminal_id");--> statement-breakpoint
CREATE INDEX "terminal_state_status_last_seen_at_idx" ON "terminal_state" USING btree ("status","last_seen_at","terminal_id");