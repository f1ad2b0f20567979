-- The terminals table's merchant, city and agent sorts walk an index instead of sorting the scope:
-- merchants by name (merchants_city_idx already orders them by city), agents by name, each index
-- followed by the rowid, then each one's terminals through terminals_merchant_id_idx or
-- terminals_agent_id_idx, which end with the terminal id too. (SQLite)
CREATE INDEX `agents_name_idx` ON `agents` (`name`);--> statement-breakpoint
CREATE INDEX `merchants_name_idx` ON `merchants` (`name`);