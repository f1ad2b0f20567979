-- Custom migration: terminal search through indexes. (SQLite)
--
-- Serial prefixes: SQLite's LIKE ignores ASCII case, and it walks an index for `sn LIKE 'ab%'`
-- only when the index uses the NOCASE collation, so the serial gets a NOCASE index beside its
-- unique (binary) one; ingest's exact lookups keep using the unique one.
-- Merchant names: an FTS5 table with the trigram tokenizer answers "name contains 'abc'" (three
-- characters or more: one trigram) without reading every merchant; it is an external-content
-- table over merchants, kept in step by the triggers below on every insert, rename and delete.
-- Queries of one or two characters are a name prefix instead, served by a NOCASE index on the name.
CREATE INDEX `terminals_sn_prefix_idx` ON `terminals` (`sn` COLLATE NOCASE);
--> statement-breakpoint
CREATE INDEX `merchants_name_prefix_idx` ON `merchants` (`name` COLLATE NOCASE);
--> statement-breakpoint
CREATE VIRTUAL TABLE `merchants_name_fts` USING fts5(name, content='merchants', content_rowid='id', tokenize='trigram');
--> statement-breakpoint
INSERT INTO `merchants_name_fts` (`merchants_name_fts`) VALUES ('rebuild');
--> statement-breakpoint
CREATE TRIGGER `merchants_name_fts_insert` AFTER INSERT ON `merchants` FOR EACH ROW
BEGIN
  INSERT INTO merchants_name_fts (rowid, name) VALUES (new.id, new.name);
END;
--> statement-breakpoint
CREATE TRIGGER `merchants_name_fts_delete` AFTER DELETE ON `merchants` FOR EACH ROW
BEGIN
  INSERT INTO merchants_name_fts (merchants_name_fts, rowid, name) VALUES ('delete', old.id, old.name);
END;
--> statement-breakpoint
CREATE TRIGGER `merchants_name_fts_update` AFTER UPDATE OF id, name ON `merchants` FOR EACH ROW
BEGIN
  INSERT INTO merchants_name_fts (merchants_name_fts, rowid, name) VALUES ('delete', old.id, old.name);
  INSERT INTO merchants_name_fts (rowid, name) VALUES (new.id, new.name);
END;
