-- Custom additions: the codes each terminal's current findings cite, as rows. (PostgreSQL)
--
-- The terminals table's code filter read every candidate's findings as JSON (50 ms and more per
-- page at 100,000 terminals). terminal_codes holds (code, terminal) for the keys of each finding's
-- evidence.codes, kept by the triggers below in the transaction that writes the findings, so the
-- filter is a primary-key lookup. The codes of a finding are
-- read exactly as the 'code' counters read them (migration 0013).
CREATE TABLE "terminal_codes" (
	"code" text NOT NULL,
	"terminal_id" integer NOT NULL,
	CONSTRAINT "terminal_codes_code_terminal_id_pk" PRIMARY KEY("code","terminal_id")
);
--> statement-breakpoint
CREATE INDEX "terminal_codes_terminal_idx" ON "terminal_codes" USING btree ("terminal_id");
--> statement-breakpoint
CREATE FUNCTION "terminal_codes_findings_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO terminal_codes (code, terminal_id) SELECT x.key, new.terminal_id FROM (SELECT DISTINCT c.key FROM jsonb_array_elements(CAST(new.findings AS jsonb)) fi, jsonb_each(CASE WHEN jsonb_typeof(fi -> 'evidence' -> 'codes') = 'object' THEN fi -> 'evidence' -> 'codes' END) c) x
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "terminal_codes_findings_insert" AFTER INSERT ON "terminal_findings" FOR EACH ROW EXECUTE FUNCTION "terminal_codes_findings_insert"();
--> statement-breakpoint
CREATE FUNCTION "terminal_codes_findings_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM terminal_codes WHERE terminal_id = old.terminal_id
     AND (old.terminal_id IS DISTINCT FROM new.terminal_id OR code NOT IN (SELECT DISTINCT c.key FROM jsonb_array_elements(CAST(new.findings AS jsonb)) fi, jsonb_each(CASE WHEN jsonb_typeof(fi -> 'evidence' -> 'codes') = 'object' THEN fi -> 'evidence' -> 'codes' END) c));
  INSERT INTO terminal_codes (code, terminal_id) SELECT x.key, new.terminal_id FROM (SELECT DISTINCT c.key FROM jsonb_array_elements(CAST(new.findings AS jsonb)) fi, jsonb_each(CASE WHEN jsonb_typeof(fi -> 'evidence' -> 'codes') = 'object' THEN fi -> 'evidence' -> 'codes' END) c) x
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "terminal_codes_findings_update" AFTER UPDATE ON "terminal_findings" FOR EACH ROW WHEN (OLD.findings IS DISTINCT FROM NEW.findings OR OLD.terminal_id IS DISTINCT FROM NEW.terminal_id) EXECUTE FUNCTION "terminal_codes_findings_update"();
--> statement-breakpoint
CREATE FUNCTION "terminal_codes_findings_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM terminal_codes WHERE terminal_id = old.terminal_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "terminal_codes_findings_delete" AFTER DELETE ON "terminal_findings" FOR EACH ROW EXECUTE FUNCTION "terminal_codes_findings_delete"();
--> statement-breakpoint
INSERT INTO terminal_codes (code, terminal_id)
  SELECT DISTINCT c.key, tf.terminal_id FROM terminal_findings tf, jsonb_array_elements(CAST(tf.findings AS jsonb)) fi,
         jsonb_each(CASE WHEN jsonb_typeof(fi -> 'evidence' -> 'codes') = 'object' THEN fi -> 'evidence' -> 'codes' END) c
  ON CONFLICT DO NOTHING;
