-- The terminals table's merchant, city and agent sorts walk an index instead of sorting the scope:
-- merchants by (name, id) or (city, id), agents by (name, id), then each one's terminals by
-- (merchant_id, id) or (agent_id, id); the one-column indexes these replace serve the same lookups.
-- (PostgreSQL)
DROP INDEX "merchants_city_idx";--> statement-breakpoint
DROP INDEX "terminals_agent_id_idx";--> statement-breakpoint
DROP INDEX "terminals_merchant_id_idx";--> statement-breakpoint
CREATE INDEX "agents_name_idx" ON "agents" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "merchants_name_idx" ON "merchants" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "merchants_city_idx" ON "merchants" USING btree ("city","id");--> statement-breakpoint
CREATE INDEX "terminals_agent_id_idx" ON "terminals" USING btree ("agent_id","id");--> statement-breakpoint
CREATE INDEX "terminals_merchant_id_idx" ON "terminals" USING btree ("merchant_id","id");