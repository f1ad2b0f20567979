-- Custom migration: what drizzle-kit cannot express.
--
-- 1. heartbeats partitioned by day: PARTITION BY RANGE (device_ts), epoch ms, UTC days.
--    Day partitions (heartbeats_pYYYYMMDD, [00:00 UTC, next 00:00 UTC)) are created at run time by
--    ensureHeartbeatPartitions (db/partitions.ts), never here: a migration must not depend on the
--    clock (tests run on simulated clocks). Until they exist, and for beats whose device clock is
--    far in the past or future, rows land in heartbeats_default, so an insert never fails.
--
--    A unique index on a partitioned table must contain the partition key. The idempotency key
--    is therefore (terminal_id, seq, device_ts): a retried beat carries the same seq and the same
--    device timestamp, so it conflicts even when it is received on another day (the partition is
--    chosen by the device clock, not by the receive time). On PostgreSQL ingest MUST write
--        INSERT INTO heartbeats (...) VALUES (...) ON CONFLICT (terminal_id, seq, device_ts) DO NOTHING
--    (SQLite keeps ON CONFLICT (terminal_id, seq); a target-less ON CONFLICT DO NOTHING is valid,
--    and equivalent here, on both). The index keeps its SQLite name, heartbeats_terminal_id_seq_idx,
--    and still serves the rules window (terminal_id = ? ORDER BY seq DESC).
--
--    The primary key is (id, device_ts) for the same reason. ids come from a sequence
--    (bigserial: PostgreSQL 15 allows no identity column on a partitioned table), so they stay
--    unique even though no index says so.
--
--    Children: heartbeat_errors (heartbeat_id, code, count) has no foreign key on SQLite either,
--    and gets none here (a FK to a partitioned parent would need (heartbeat_id, device_ts)).
--    Retention removes the children explicitly: dropExpiredHeartbeatPartitions detaches a day
--    partition, deletes the heartbeat_errors rows of its heartbeats, then drops it;
--    pruneDefaultHeartbeats does the same for expired rows of the default partition.
--
--    0000 created heartbeats as a plain table (the drizzle snapshot's shape); both migrations are
--    applied together on an empty database, so it is simply re-created partitioned.
DROP TABLE "heartbeats";
--> statement-breakpoint
CREATE TABLE "heartbeats" (
	"id" bigserial NOT NULL,
	"terminal_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"device_ts" bigint NOT NULL,
	"received_at" bigint NOT NULL,
	"battery_pct" integer NOT NULL,
	"charging" integer NOT NULL,
	"firmware" text NOT NULL,
	"signal_dbm" integer,
	"network" text NOT NULL,
	"txn_count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "heartbeats_id_device_ts_pk" PRIMARY KEY ("id", "device_ts")
) PARTITION BY RANGE ("device_ts");
--> statement-breakpoint
CREATE UNIQUE INDEX "heartbeats_terminal_id_seq_idx" ON "heartbeats" USING btree ("terminal_id", "seq", "device_ts");
--> statement-breakpoint
CREATE TABLE "heartbeats_default" PARTITION OF "heartbeats" DEFAULT;
--> statement-breakpoint

-- 2. fw_compliance(version, blocked_json, min): 'blocked' | 'below_min' | 'ok', exactly
--    complianceOf (db/queries/buckets.ts) over compareVersions (lib/rules/version.ts), which the
--    SQLite connection registers as a JS function of the same name:
--    - a version is trimmed (JavaScript String.prototype.trim whitespace) and must match
--      VERSION_PATTERN: optional v/V, dotted ASCII digits, an optional pre-release tag
--      ("-rc1", "-beta.2") and optional build metadata ("+build.5", ignored). Release segments
--      above 2^53-1 (not Number.isSafeInteger) make it unreadable, as do "", "2..3", "2.x";
--    - release segments compare numerically, missing ones as 0 ("2.3.5.0" = "2.3.5");
--    - a release outranks its pre-releases (2.2.7-rc1 < 2.2.7); pre-release identifiers compare
--      one by one, fewer first, each split in digit runs (compared as JS numbers, i.e. doubles:
--      rc2 < rc10) and other runs (case-insensitively, then by code unit); digits before words;
--    - blocked when some entry of the JSON array compares equal; else below_min when it compares
--      lower than min; else ok. An unreadable version (or min, or entry) matches nothing.
--    blocked_json NULL counts as []; invalid JSON is an error, as JSON.parse is in the TS.
--
--    How: fw_version_key maps a readable version to a text key whose byte order (COLLATE "C")
--    is compareVersions' order and whose equality is its 0, so comparing is one text comparison:
--      release: per segment 'n' || 16 zero-padded digits, trailing zero segments dropped, then
--               'm' for a release or 'l' for a pre-release ('l' < 'm' < 'n');
--      pre-release identifiers, each followed by '!': digit runs 'D' || hex of the IEEE double
--               (order-preserving for non-negative doubles), other runs 'W' || lower || ' ' || run.
--    fw_compliance is a one-expression SQL function: the planner inlines it and, the policy being
--    bound parameters (`fw_compliance(s.firmware, $1, $2)`), folds the policy's keys to constants,
--    so each row costs one key computation and two text comparisons.

-- The order key of a version (compare with COLLATE "C"), or NULL when it is unreadable.
CREATE OR REPLACE FUNCTION fw_version_key(version text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
DECLARE
  t text;
  core text;
  tag text;
  d text;
  id text;
  run text[];
  k text := '';
BEGIN
  IF length(version) <= 15 AND version ~ '^[0-9]+([.][0-9]+)*$' THEN
    core := version; -- the common case: a plain release, nothing to trim, every segment safe
    tag := '';
  ELSE
    -- E'' strings and [.]: the same text whatever standard_conforming_strings says.
    t := regexp_replace(version, E'^[\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]+|[\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]+$', '', 'g');
    IF t IS NULL OR t !~ '^[vV]?[0-9]+([.][0-9]+)*(-[0-9A-Za-z-]+([.][0-9A-Za-z-]+)*)?([+][0-9A-Za-z.-]+)?$' THEN
      RETURN NULL;
    END IF;
    t := regexp_replace(regexp_replace(t, '^[vV]', ''), '[+].*$', '');
    core := split_part(t, '-', 1);
    tag := substr(t, length(core) + 2);
  END IF;
  FOREACH d IN ARRAY string_to_array(core, '.') LOOP
    d := ltrim(d, '0');
    IF length(d) > 16 OR (length(d) = 16 AND d COLLATE "C" > '9007199254740991') THEN
      RETURN NULL; -- not a safe integer
    END IF;
    k := k || 'n' || lpad(d, 16, '0');
  END LOOP;
  WHILE right(k, 17) = 'n0000000000000000' LOOP
    k := left(k, -17); -- trailing zero segments: "2.3.0" = "2.3"
  END LOOP;
  IF tag = '' THEN
    RETURN k || 'm';
  END IF;
  k := k || 'l';
  FOREACH id IN ARRAY string_to_array(tag, '.') LOOP
    FOR run IN SELECT regexp_matches(id, '[0-9]+|[^0-9]+', 'g') LOOP
      IF run[1] ~ '^[0-9]' THEN
        -- Number(run): a double; past 308 digits, Infinity.
        k := k || 'D' || encode(float8send(CASE WHEN length(ltrim(run[1], '0')) > 308 THEN 'Infinity'::float8 ELSE run[1]::float8 END), 'hex');
      ELSE
        k := k || 'W' || lower(run[1] COLLATE "C") || ' ' || run[1];
      END IF;
    END LOOP;
    k := k || '!';
  END LOOP;
  RETURN k;
END
$fn$;
--> statement-breakpoint

-- compareVersions(a, b): -1, 0 or 1 as a is lower, equal or higher than b; NULL when either is unreadable.
CREATE OR REPLACE FUNCTION fw_version_cmp(a text, b text) RETURNS integer
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
DECLARE
  ka text COLLATE "C" := fw_version_key(a);
  kb text COLLATE "C" := fw_version_key(b);
BEGIN
  RETURN CASE WHEN ka IS NULL OR kb IS NULL THEN NULL WHEN ka < kb THEN -1 WHEN ka > kb THEN 1 ELSE 0 END;
END
$fn$;
--> statement-breakpoint

-- The keys of the readable entries of a JSON array of versions (NULL = []).
CREATE OR REPLACE FUNCTION fw_version_keys(versions_json text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
  SELECT coalesce(array_agg(k), '{}')
    FROM json_array_elements_text(coalesce(versions_json, '[]')::json) AS e(v), fw_version_key(e.v) AS k
   WHERE k IS NOT NULL
$fn$;
--> statement-breakpoint

-- complianceOf on keys.
CREATE OR REPLACE FUNCTION fw_compliance_key(version_key text, blocked_keys text[], min_key text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
BEGIN
  RETURN CASE
    WHEN version_key IS NULL THEN 'ok'
    WHEN version_key = ANY (blocked_keys) THEN 'blocked'
    WHEN version_key COLLATE "C" < min_key COLLATE "C" THEN 'below_min'
    ELSE 'ok'
  END;
END
$fn$;
--> statement-breakpoint

CREATE OR REPLACE FUNCTION fw_compliance(version text, blocked_json text, min text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
  SELECT fw_compliance_key(fw_version_key(version), fw_version_keys(blocked_json), fw_version_key(min))
$fn$;
--> statement-breakpoint

-- 3. Trigram search on serial numbers and merchant names (pg_trgm is a trusted extension: the
--    database owner may create it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "terminals_sn_trgm_idx" ON "terminals" USING gin ("sn" gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "merchants_name_trgm_idx" ON "merchants" USING gin ("name" gin_trgm_ops);
