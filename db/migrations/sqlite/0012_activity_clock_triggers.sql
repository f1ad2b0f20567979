-- Custom migration: triggers that keep terminal_clock equal to where each terminal's activity
-- clock starts: its last sale, else its activation, else its registration (lib/rules/activity.ts).
-- Every writer of terminals (imports, transfers, the seed) and of terminal_activity (ingest's
-- sales rollup, inside its transaction) moves the row in the same transaction; a sale that does
-- not move the last sale writes nothing. The last statement fills the table for the terminals
-- that exist already. (SQLite)
CREATE TRIGGER `terminal_clock_terminal_insert` AFTER INSERT ON `terminals` FOR EACH ROW
BEGIN
  INSERT INTO terminal_clock (terminal_id, agent_id, since, sold)
  SELECT new.id, new.agent_id, coalesce(ta.last_txn_at, new.activated_at, new.created_at), CASE WHEN ta.last_txn_at IS NULL THEN 0 ELSE 1 END
    FROM (SELECT 1) one LEFT JOIN terminal_activity ta ON ta.terminal_id = new.id WHERE true
  ON CONFLICT (terminal_id) DO UPDATE SET agent_id = excluded.agent_id, since = excluded.since, sold = excluded.sold;
END;
--> statement-breakpoint
CREATE TRIGGER `terminal_clock_terminal_update` AFTER UPDATE OF agent_id, activated_at, created_at ON `terminals` FOR EACH ROW
BEGIN
  UPDATE terminal_clock SET agent_id = new.agent_id,
         since = CASE WHEN sold = 1 THEN since ELSE coalesce(new.activated_at, new.created_at) END
   WHERE terminal_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `terminal_clock_terminal_delete` AFTER DELETE ON `terminals` FOR EACH ROW
BEGIN
  DELETE FROM terminal_clock WHERE terminal_id = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `terminal_clock_activity_insert` AFTER INSERT ON `terminal_activity` FOR EACH ROW
BEGIN
  UPDATE terminal_clock SET since = new.last_txn_at, sold = 1 WHERE terminal_id = new.terminal_id;
END;
--> statement-breakpoint
CREATE TRIGGER `terminal_clock_activity_update` AFTER UPDATE OF last_txn_at ON `terminal_activity` FOR EACH ROW WHEN new.last_txn_at IS NOT old.last_txn_at
BEGIN
  UPDATE terminal_clock SET since = new.last_txn_at, sold = 1 WHERE terminal_id = new.terminal_id;
END;
--> statement-breakpoint
CREATE TRIGGER `terminal_clock_activity_delete` AFTER DELETE ON `terminal_activity` FOR EACH ROW
BEGIN
  UPDATE terminal_clock SET sold = 0,
         since = (SELECT coalesce(t.activated_at, t.created_at) FROM terminals t WHERE t.id = old.terminal_id)
   WHERE terminal_id = old.terminal_id;
END;
--> statement-breakpoint
INSERT INTO terminal_clock (terminal_id, agent_id, since, sold)
SELECT t.id, t.agent_id, coalesce(ta.last_txn_at, t.activated_at, t.created_at), CASE WHEN ta.last_txn_at IS NULL THEN 0 ELSE 1 END
  FROM terminals t LEFT JOIN terminal_activity ta ON ta.terminal_id = t.id WHERE true
ON CONFLICT (terminal_id) DO NOTHING;
