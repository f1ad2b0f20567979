-- Custom migration: terminal search through indexes. (PostgreSQL)
--
-- Merchant names already have a pg_trgm GIN index (merchants_name_trgm_idx, migration 0001) that
-- answers `name ILIKE '%abc%'` for three characters or more. Queries of one or two characters
-- hold no trigram, so they are a name prefix instead: `lower(name) LIKE 'ab%'`, a range scan of
-- this btree (text_pattern_ops, so the prefix works whatever the database's collation). Serial
-- prefixes keep terminals_sn_prefix_idx (migration 0002).
CREATE INDEX IF NOT EXISTS "merchants_name_prefix_idx" ON "merchants" (lower("name") text_pattern_ops);
