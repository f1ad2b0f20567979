-- Custom additions: the codes each terminal's current findings cite, as rows. (SQLite)
--
-- The terminals table's code filter read every candidate's findings as JSON (50 ms and more per
-- page at 100,000 terminals). terminal_codes holds (code, terminal) for the keys of each finding's
-- evidence.codes, kept by the triggers below in the transaction that writes the findings, so the
-- filter is a primary-key lookup. (An ordinary rowid table, not WITHOUT ROWID: `npm run db:copy`
-- reads every table in rowid order.) The triggers' inserts are
-- upserts (ON CONFLICT DO NOTHING), not INSERT OR IGNORE: inside a trigger fired by ingest's upsert
-- of the findings SQLite applies the outer statement's conflict policy to OR clauses. The codes of a finding are
-- read exactly as the 'code' counters read them (migration 0015).
CREATE TABLE `terminal_codes` (
	`code` text NOT NULL,
	`terminal_id` integer NOT NULL,
	PRIMARY KEY(`code`, `terminal_id`)
);
--> statement-breakpoint
CREATE INDEX `terminal_codes_terminal_idx` ON `terminal_codes` (`terminal_id`);
--> statement-breakpoint
CREATE TRIGGER `terminal_codes_findings_insert` AFTER INSERT ON `terminal_findings` FOR EACH ROW
BEGIN
  INSERT INTO terminal_codes (code, terminal_id) SELECT key, new.terminal_id FROM (SELECT DISTINCT c.key FROM json_each(new.findings) fi, json_each(fi.value, '$.evidence.codes') c WHERE json_type(fi.value, '$.evidence.codes') = 'object')
   WHERE true ON CONFLICT DO NOTHING;
END;
--> statement-breakpoint
CREATE TRIGGER `terminal_codes_findings_update` AFTER UPDATE ON `terminal_findings` FOR EACH ROW WHEN old.findings IS NOT new.findings OR old.terminal_id IS NOT new.terminal_id
BEGIN
  DELETE FROM terminal_codes WHERE terminal_id = old.terminal_id
     AND (old.terminal_id IS NOT new.terminal_id OR code NOT IN (SELECT DISTINCT c.key FROM json_each(new.findings) fi, json_each(fi.value, '$.evidence.codes') c WHERE json_type(fi.value, '$.evidence.codes') = 'object'));
  INSERT INTO terminal_codes (code, terminal_id) SELECT key, new.terminal_id FROM (SELECT DISTINCT c.key FROM json_each(new.findings) fi, json_each(fi.value, '$.evidence.codes') c WHERE json_type(fi.value, '$.evidence.codes') = 'object')
   WHERE true ON CONFLICT DO NOTHING;
END;
--> statement-breakpoint
CREATE TRIGGER `terminal_codes_findings_delete` AFTER DELETE ON `terminal_findings` FOR EACH ROW
BEGIN
  DELETE FROM terminal_codes WHERE terminal_id = old.terminal_id;
END;
--> statement-breakpoint
INSERT OR IGNORE INTO terminal_codes (code, terminal_id)
  SELECT DISTINCT c.key, tf.terminal_id FROM terminal_findings tf, json_each(tf.findings) fi, json_each(fi.value, '$.evidence.codes') c
   WHERE json_type(fi.value, '$.evidence.codes') = 'object';
