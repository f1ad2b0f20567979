-- Serials are looked up by equality on every ingest batch (sn = ANY(...)) and searched by prefix.
-- A trigram GIN index on sn also answers equality, and once the table has statistics the planner
-- preferred it to the unique btree for a batch of serials: seconds instead of milliseconds per
-- batch. Serial search is a prefix match, which a text_pattern_ops btree on upper(sn) serves in
-- any collation and without regard to case, as SQLite's LIKE matches; so the trigram index on sn
-- goes (merchant names keep theirs: they are searched by substring).
DROP INDEX IF EXISTS "terminals_sn_trgm_idx";
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "terminals_sn_prefix_idx" ON "terminals" (upper("sn") text_pattern_ops);
