-- Custom migration: triggers that keep terminal_clock equal to where each terminal's activity
-- clock starts: its last sale, else its activation, else its registration (lib/rules/activity.ts).
-- Every writer of terminals (imports, transfers, the seed) and of terminal_activity (ingest's
-- sales rollup, inside its transaction, under the terminal locks the batch holds) moves the row in
-- the same transaction; a sale that does not move the last sale writes nothing. The last
-- statement fills the table for the terminals that exist already. (PostgreSQL)
CREATE FUNCTION "terminal_clock_terminal_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO terminal_clock (terminal_id, agent_id, since, sold)
  SELECT NEW.id, NEW.agent_id, coalesce(ta.last_txn_at, NEW.activated_at, NEW.created_at), CASE WHEN ta.last_txn_at IS NULL THEN 0 ELSE 1 END
    FROM (SELECT 1) one LEFT JOIN terminal_activity ta ON ta.terminal_id = NEW.id
  ON CONFLICT (terminal_id) DO UPDATE SET agent_id = excluded.agent_id, since = excluded.since, sold = excluded.sold;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "terminal_clock_terminal_insert" AFTER INSERT ON "terminals" FOR EACH ROW EXECUTE FUNCTION "terminal_clock_terminal_insert"();
--> statement-breakpoint
CREATE FUNCTION "terminal_clock_terminal_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE terminal_clock SET agent_id = NEW.agent_id,
         since = CASE WHEN sold = 1 THEN since ELSE coalesce(NEW.activated_at, NEW.created_at) END
   WHERE terminal_id = NEW.id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "terminal_clock_terminal_update" AFTER UPDATE ON "terminals" FOR EACH ROW WHEN (OLD.agent_id IS DISTINCT FROM NEW.agent_id OR OLD.activated_at IS DISTINCT FROM NEW.activated_at OR OLD.created_at IS DISTINCT FROM NEW.created_at) EXECUTE FUNCTION "terminal_clock_terminal_update"();
--> statement-breakpoint
CREATE FUNCTION "terminal_clock_terminal_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM terminal_clock WHERE terminal_id = OLD.id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "terminal_clock_terminal_delete" AFTER DELETE ON "terminals" FOR EACH ROW EXECUTE FUNCTION "terminal_clock_terminal_delete"();
--> statement-breakpoint
CREATE FUNCTION "terminal_clock_activity_write"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE terminal_clock SET since = NEW.last_txn_at, sold = 1 WHERE terminal_id = NEW.terminal_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "terminal_clock_activity_insert" AFTER INSERT ON "terminal_activity" FOR EACH ROW EXECUTE FUNCTION "terminal_clock_activity_write"();
--> statement-breakpoint
CREATE TRIGGER "terminal_clock_activity_update" AFTER UPDATE ON "terminal_activity" FOR EACH ROW WHEN (OLD.last_txn_at IS DISTINCT FROM NEW.last_txn_at) EXECUTE FUNCTION "terminal_clock_activity_write"();
--> statement-breakpoint
CREATE FUNCTION "terminal_clock_activity_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE terminal_clock SET sold = 0,
         since = (SELECT coalesce(t.activated_at, t.created_at) FROM terminals t WHERE t.id = OLD.terminal_id)
   WHERE terminal_id = OLD.terminal_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "terminal_clock_activity_delete" AFTER DELETE ON "terminal_activity" FOR EACH ROW EXECUTE FUNCTION "terminal_clock_activity_delete"();
--> statement-breakpoint
INSERT INTO terminal_clock (terminal_id, agent_id, since, sold)
SELECT t.id, t.agent_id, coalesce(ta.last_txn_at, t.activated_at, t.created_at), CASE WHEN ta.last_txn_at IS NULL THEN 0 ELSE 1 END
  FROM terminals t LEFT JOIN terminal_activity ta ON ta.terminal_id = t.id
ON CONFLICT (terminal_id) DO NOTHING;
