-- Custom migration: two more things the fleet counters count. (PostgreSQL)
--
-- Battery buckets count only terminals off the charger; a terminal on the charger is counted in the
-- bucket 'charging' instead (at night nearly every terminal charges, so its level says nothing about
-- its battery). The seven counter triggers are the same as before with the charging flag read
-- beside the level; the update trigger already fires when the bucket changes, which now includes
-- plugging in and unplugging.
--
-- dim 'code', k1 the code: terminals whose current findings cite the code (the keys of a finding's
-- evidence.codes), per agent, kept by triggers on terminal_findings (ingest's upsert, deletions) and
-- on a terminal's agent (transfers), so the overview's "terminals citing it now" needs no JSON scan.
-- Each terminal counts once per code however many of its findings cite it.
CREATE OR REPLACE FUNCTION "fleet_counters_state_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO fleet_counters (agent_id, dim, k1, k2, k3, n, problems, offline)
  SELECT x.agent_id, d.dim,
         CASE d.dim WHEN 'state' THEN x.status WHEN 'firmware' THEN x.firmware WHEN 'battery' THEN CASE WHEN x.charging <> 0 THEN 'charging' WHEN x.battery_pct BETWEEN 0 AND 10 THEN '0-10' WHEN x.battery_pct BETWEEN 11 AND 20 THEN '11-20' WHEN x.battery_pct BETWEEN 21 AND 50 THEN '21-50' WHEN x.battery_pct BETWEEN 51 AND 80 THEN '51-80' WHEN x.battery_pct BETWEEN 81 AND 100 THEN '81-100' ELSE '' END WHEN 'signal' THEN CASE WHEN x.signal_dbm IS NULL THEN 'none' WHEN x.signal_dbm BETWEEN -140 AND -110 THEN 'very_weak' WHEN x.signal_dbm BETWEEN -109 AND -100 THEN 'weak' WHEN x.signal_dbm BETWEEN -99 AND -90 THEN 'fair' WHEN x.signal_dbm BETWEEN -89 AND -80 THEN 'good' WHEN x.signal_dbm BETWEEN -79 AND 0 THEN 'excellent' ELSE '' END ELSE x.city END,
         CASE d.dim WHEN 'state' THEN x.category WHEN 'firmware' THEN x.model ELSE '' END,
         CASE d.dim WHEN 'state' THEN x.severity ELSE '' END,
         sum(x.sgn), sum(CASE WHEN x.category <> 'healthy' THEN x.sgn ELSE 0 END), sum(CASE WHEN x.status = 'offline' THEN x.sgn ELSE 0 END)
    FROM (SELECT t.agent_id, t.model, m.city, new.status, new.category, new.severity, new.firmware, new.battery_pct, new.charging, new.signal_dbm, 1 AS sgn
      FROM terminals t JOIN merchants m ON m.id = t.merchant_id WHERE t.id = new.terminal_id) x
    CROSS JOIN (SELECT 'state' AS dim UNION ALL SELECT 'firmware' UNION ALL SELECT 'battery' UNION ALL SELECT 'signal' UNION ALL SELECT 'city') d
   WHERE true
   GROUP BY x.agent_id, d.dim, 3, 4, 5
  HAVING sum(x.sgn) <> 0 OR sum(CASE WHEN x.category <> 'healthy' THEN x.sgn ELSE 0 END) <> 0 OR sum(CASE WHEN x.status = 'offline' THEN x.sgn ELSE 0 END) <> 0
   ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (agent_id, dim, k1, k2, k3) DO UPDATE SET n = fleet_counters.n + excluded.n,
     problems = fleet_counters.problems + excluded.problems, offline = fleet_counters.offline + excluded.offline;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "fleet_counters_state_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO fleet_counters (agent_id, dim, k1, k2, k3, n, problems, offline)
  SELECT x.agent_id, d.dim,
         CASE d.dim WHEN 'state' THEN x.status WHEN 'firmware' THEN x.firmware WHEN 'battery' THEN CASE WHEN x.charging <> 0 THEN 'charging' WHEN x.battery_pct BETWEEN 0 AND 10 THEN '0-10' WHEN x.battery_pct BETWEEN 11 AND 20 THEN '11-20' WHEN x.battery_pct BETWEEN 21 AND 50 THEN '21-50' WHEN x.battery_pct BETWEEN 51 AND 80 THEN '51-80' WHEN x.battery_pct BETWEEN 81 AND 100 THEN '81-100' ELSE '' END WHEN 'signal' THEN CASE WHEN x.signal_dbm IS NULL THEN 'none' WHEN x.signal_dbm BETWEEN -140 AND -110 THEN 'very_weak' WHEN x.signal_dbm BETWEEN -109 AND -100 THEN 'weak' WHEN x.signal_dbm BETWEEN -99 AND -90 THEN 'fair' WHEN x.signal_dbm BETWEEN -89 AND -80 THEN 'good' WHEN x.signal_dbm BETWEEN -79 AND 0 THEN 'excellent' ELSE '' END ELSE x.city END,
         CASE d.dim WHEN 'state' THEN x.category WHEN 'firmware' THEN x.model ELSE '' END,
         CASE d.dim WHEN 'state' THEN x.severity ELSE '' END,
         sum(x.sgn), sum(CASE WHEN x.category <> 'healthy' THEN x.sgn ELSE 0 END), sum(CASE WHEN x.status = 'offline' THEN x.sgn ELSE 0 END)
    FROM (SELECT t.agent_id, t.model, m.city, old.status, old.category, old.severity, old.firmware, old.battery_pct, old.charging, old.signal_dbm, -1 AS sgn
      FROM terminals t JOIN merchants m ON m.id = t.merchant_id WHERE t.id = old.terminal_id
    UNION ALL SELECT t.agent_id, t.model, m.city, new.status, new.category, new.severity, new.firmware, new.battery_pct, new.charging, new.signal_dbm, 1 AS sgn
      FROM terminals t JOIN merchants m ON m.id = t.merchant_id WHERE t.id = new.terminal_id) x
    CROSS JOIN (SELECT 'state' AS dim UNION ALL SELECT 'firmware' UNION ALL SELECT 'battery' UNION ALL SELECT 'signal' UNION ALL SELECT 'city') d
   WHERE true
   GROUP BY x.agent_id, d.dim, 3, 4, 5
  HAVING sum(x.sgn) <> 0 OR sum(CASE WHEN x.category <> 'healthy' THEN x.sgn ELSE 0 END) <> 0 OR sum(CASE WHEN x.status = 'offline' THEN x.sgn ELSE 0 END) <> 0
   ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (agent_id, dim, k1, k2, k3) DO UPDATE SET n = fleet_counters.n + excluded.n,
     problems = fleet_counters.problems + excluded.problems, offline = fleet_counters.offline + excluded.offline;
  DELETE FROM fleet_counters WHERE agent_id IN (SELECT agent_id FROM terminals WHERE id = new.terminal_id) AND n = 0 AND problems = 0 AND offline = 0;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "fleet_counters_state_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO fleet_counters (agent_id, dim, k1, k2, k3, n, problems, offline)
  SELECT x.agent_id, d.dim,
         CASE d.dim WHEN 'state' THEN x.status WHEN 'firmware' THEN x.firmware WHEN 'battery' THEN CASE WHEN x.charging <> 0 THEN 'charging' WHEN x.battery_pct BETWEEN 0 AND 10 THEN '0-10' WHEN x.battery_pct BETWEEN 11 AND 20 THEN '11-20' WHEN x.battery_pct BETWEEN 21 AND 50 THEN '21-50' WHEN x.battery_pct BETWEEN 51 AND 80 THEN '51-80' WHEN x.battery_pct BETWEEN 81 AND 100 THEN '81-100' ELSE '' END WHEN 'signal' THEN CASE WHEN x.signal_dbm IS NULL THEN 'none' WHEN x.signal_dbm BETWEEN -140 AND -110 THEN 'very_weak' WHEN x.signal_dbm BETWEEN -109 AND -100 THEN 'weak' WHEN x.signal_dbm BETWEEN -99 AND -90 THEN 'fair' WHEN x.signal_dbm BETWEEN -89 AND -80 THEN 'good' WHEN x.signal_dbm BETWEEN -79 AND 0 THEN 'excellent' ELSE '' END ELSE x.city END,
         CASE d.dim WHEN 'state' THEN x.category WHEN 'firmware' THEN x.model ELSE '' END,
         CASE d.dim WHEN 'state' THEN x.severity ELSE '' END,
         sum(x.sgn), sum(CASE WHEN x.category <> 'healthy' THEN x.sgn ELSE 0 END), sum(CASE WHEN x.status = 'offline' THEN x.sgn ELSE 0 END)
    FROM (SELECT t.agent_id, t.model, m.city, old.status, old.category, old.severity, old.firmware, old.battery_pct, old.charging, old.signal_dbm, -1 AS sgn
      FROM terminals t JOIN merchants m ON m.id = t.merchant_id WHERE t.id = old.terminal_id) x
    CROSS JOIN (SELECT 'state' AS dim UNION ALL SELECT 'firmware' UNION ALL SELECT 'battery' UNION ALL SELECT 'signal' UNION ALL SELECT 'city') d
   WHERE true
   GROUP BY x.agent_id, d.dim, 3, 4, 5
  HAVING sum(x.sgn) <> 0 OR sum(CASE WHEN x.category <> 'healthy' THEN x.sgn ELSE 0 END) <> 0 OR sum(CASE WHEN x.status = 'offline' THEN x.sgn ELSE 0 END) <> 0
   ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (agent_id, dim, k1, k2, k3) DO UPDATE SET n = fleet_counters.n + excluded.n,
     problems = fleet_counters.problems + excluded.problems, offline = fleet_counters.offline + excluded.offline;
  DELETE FROM fleet_counters WHERE agent_id IN (SELECT agent_id FROM terminals WHERE id = old.terminal_id) AND n = 0 AND problems = 0 AND offline = 0;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "fleet_counters_terminal_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO fleet_counters (agent_id, dim, k1, k2, k3, n, problems, offline)
  SELECT agent_id, 'registered', '', '', '', sum(sgn), 0, 0 FROM (SELECT new.agent_id AS agent_id, 1 AS sgn) x WHERE true GROUP BY agent_id HAVING sum(sgn) <> 0 ORDER BY agent_id
  ON CONFLICT (agent_id, dim, k1, k2, k3) DO UPDATE SET n = fleet_counters.n + excluded.n;
  INSERT INTO fleet_counters (agent_id, dim, k1, k2, k3, n, problems, offline)
  SELECT x.agent_id, d.dim,
         CASE d.dim WHEN 'state' THEN x.status WHEN 'firmware' THEN x.firmware WHEN 'battery' THEN CASE WHEN x.charging <> 0 THEN 'charging' WHEN x.battery_pct BETWEEN 0 AND 10 THEN '0-10' WHEN x.battery_pct BETWEEN 11 AND 20 THEN '11-20' WHEN x.battery_pct BETWEEN 21 AND 50 THEN '21-50' WHEN x.battery_pct BETWEEN 51 AND 80 THEN '51-80' WHEN x.battery_pct BETWEEN 81 AND 100 THEN '81-100' ELSE '' END WHEN 'signal' THEN CASE WHEN x.signal_dbm IS NULL THEN 'none' WHEN x.signal_dbm BETWEEN -140 AND -110 THEN 'very_weak' WHEN x.signal_dbm BETWEEN -109 AND -100 THEN 'weak' WHEN x.signal_dbm BETWEEN -99 AND -90 THEN 'fair' WHEN x.signal_dbm BETWEEN -89 AND -80 THEN 'good' WHEN x.signal_dbm BETWEEN -79 AND 0 THEN 'excellent' ELSE '' END ELSE x.city END,
         CASE d.dim WHEN 'state' THEN x.category WHEN 'firmware' THEN x.model ELSE '' END,
         CASE d.dim WHEN 'state' THEN x.severity ELSE '' END,
         sum(x.sgn), sum(CASE WHEN x.category <> 'healthy' THEN x.sgn ELSE 0 END), sum(CASE WHEN x.status = 'offline' THEN x.sgn ELSE 0 END)
    FROM (SELECT new.agent_id, new.model, m.city, s.status, s.category, s.severity, s.firmware, s.battery_pct, s.charging, s.signal_dbm, 1 AS sgn
      FROM terminal_state s JOIN merchants m ON m.id = new.merchant_id WHERE s.terminal_id = new.id) x
    CROSS JOIN (SELECT 'state' AS dim UNION ALL SELECT 'firmware' UNION ALL SELECT 'battery' UNION ALL SELECT 'signal' UNION ALL SELECT 'city') d
   WHERE true
   GROUP BY x.agent_id, d.dim, 3, 4, 5
  HAVING sum(x.sgn) <> 0 OR sum(CASE WHEN x.category <> 'healthy' THEN x.sgn ELSE 0 END) <> 0 OR sum(CASE WHEN x.status = 'offline' THEN x.sgn ELSE 0 END) <> 0
   ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (agent_id, dim, k1, k2, k3) DO UPDATE SET n = fleet_counters.n + excluded.n,
     problems = fleet_counters.problems + excluded.problems, offline = fleet_counters.offline + excluded.offline;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "fleet_counters_terminal_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO fleet_counters (agent_id, dim, k1, k2, k3, n, problems, offline)
  SELECT agent_id, 'registered', '', '', '', sum(sgn), 0, 0 FROM (SELECT old.agent_id AS agent_id, -1 AS sgn UNION ALL SELECT new.agent_id, 1) x WHERE true GROUP BY agent_id HAVING sum(sgn) <> 0 ORDER BY agent_id
  ON CONFLICT (agent_id, dim, k1, k2, k3) DO UPDATE SET n = fleet_counters.n + excluded.n;
  INSERT INTO fleet_counters (agent_id, dim, k1, k2, k3, n, problems, offline)
  SELECT x.agent_id, d.dim,
         CASE d.dim WHEN 'state' THEN x.status WHEN 'firmware' THEN x.firmware WHEN 'battery' THEN CASE WHEN x.charging <> 0 THEN 'charging' WHEN x.battery_pct BETWEEN 0 AND 10 THEN '0-10' WHEN x.battery_pct BETWEEN 11 AND 20 THEN '11-20' WHEN x.battery_pct BETWEEN 21 AND 50 THEN '21-50' WHEN x.battery_pct BETWEEN 51 AND 80 THEN '51-80' WHEN x.battery_pct BETWEEN 81 AND 100 THEN '81-100' ELSE '' END WHEN 'signal' THEN CASE WHEN x.signal_dbm IS NULL THEN 'none' WHEN x.signal_dbm BETWEEN -140 AND -110 THEN 'very_weak' WHEN x.signal_dbm BETWEEN -109 AND -100 THEN 'weak' WHEN x.signal_dbm BETWEEN -99 AND -90 THEN 'fair' WHEN x.signal_dbm BETWEEN -89 AND -80 THEN 'good' WHEN x.signal_dbm BETWEEN -79 AND 0 THEN 'excellent' ELSE '' END ELSE x.city END,
         CASE d.dim WHEN 'state' THEN x.category WHEN 'firmware' THEN x.model ELSE '' END,
         CASE d.dim WHEN 'state' THEN x.severity ELSE '' END,
         sum(x.sgn), sum(CASE WHEN x.category <> 'healthy' THEN x.sgn ELSE 0 END), sum(CASE WHEN x.status = 'offline' THEN x.sgn ELSE 0 END)
    FROM (SELECT old.agent_id, old.model, m.city, s.status, s.category, s.severity, s.firmware, s.battery_pct, s.charging, s.signal_dbm, -1 AS sgn
      FROM terminal_state s JOIN merchants m ON m.id = old.merchant_id WHERE s.terminal_id = old.id
    UNION ALL SELECT new.agent_id, new.model, m.city, s.status, s.category, s.severity, s.firmware, s.battery_pct, s.charging, s.signal_dbm, 1 AS sgn
      FROM terminal_state s JOIN merchants m ON m.id = new.merchant_id WHERE s.terminal_id = new.id) x
    CROSS JOIN (SELECT 'state' AS dim UNION ALL SELECT 'firmware' UNION ALL SELECT 'battery' UNION ALL SELECT 'signal' UNION ALL SELECT 'city') d
   WHERE true
   GROUP BY x.agent_id, d.dim, 3, 4, 5
  HAVING sum(x.sgn) <> 0 OR sum(CASE WHEN x.category <> 'healthy' THEN x.sgn ELSE 0 END) <> 0 OR sum(CASE WHEN x.status = 'offline' THEN x.sgn ELSE 0 END) <> 0
   ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (agent_id, dim, k1, k2, k3) DO UPDATE SET n = fleet_counters.n + excluded.n,
     problems = fleet_counters.problems + excluded.problems, offline = fleet_counters.offline + excluded.offline;
  DELETE FROM fleet_counters WHERE agent_id IN (old.agent_id, new.agent_id) AND n = 0 AND problems = 0 AND offline = 0;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "fleet_counters_terminal_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO fleet_counters (agent_id, dim, k1, k2, k3, n, problems, offline)
  SELECT agent_id, 'registered', '', '', '', sum(sgn), 0, 0 FROM (SELECT old.agent_id AS agent_id, -1 AS sgn) x WHERE true GROUP BY agent_id HAVING sum(sgn) <> 0 ORDER BY agent_id
  ON CONFLICT (agent_id, dim, k1, k2, k3) DO UPDATE SET n = fleet_counters.n + excluded.n;
  INSERT INTO fleet_counters (agent_id, dim, k1, k2, k3, n, problems, offline)
  SELECT x.agent_id, d.dim,
         CASE d.dim WHEN 'state' THEN x.status WHEN 'firmware' THEN x.firmware WHEN 'battery' THEN CASE WHEN x.charging <> 0 THEN 'charging' WHEN x.battery_pct BETWEEN 0 AND 10 THEN '0-10' WHEN x.battery_pct BETWEEN 11 AND 20 THEN '11-20' WHEN x.battery_pct BETWEEN 21 AND 50 THEN '21-50' WHEN x.battery_pct BETWEEN 51 AND 80 THEN '51-80' WHEN x.battery_pct BETWEEN 81 AND 100 THEN '81-100' ELSE '' END WHEN 'signal' THEN CASE WHEN x.signal_dbm IS NULL THEN 'none' WHEN x.signal_dbm BETWEEN -140 AND -110 THEN 'very_weak' WHEN x.signal_dbm BETWEEN -109 AND -100 THEN 'weak' WHEN x.signal_dbm BETWEEN -99 AND -90 THEN 'fair' WHEN x.signal_dbm BETWEEN -89 AND -80 THEN 'good' WHEN x.signal_dbm BETWEEN -79 AND 0 THEN 'excellent' ELSE '' END ELSE x.city END,
         CASE d.dim WHEN 'state' THEN x.category WHEN 'firmware' THEN x.model ELSE '' END,
         CASE d.dim WHEN 'state' THEN x.severity ELSE '' END,
         sum(x.sgn), sum(CASE WHEN x.category <> 'healthy' THEN x.sgn ELSE 0 END), sum(CASE WHEN x.status = 'offline' THEN x.sgn ELSE 0 END)
    FROM (SELECT old.agent_id, old.model, m.city, s.status, s.category, s.severity, s.firmware, s.battery_pct, s.charging, s.signal_dbm, -1 AS sgn
      FROM terminal_state s JOIN merchants m ON m.id = old.merchant_id WHERE s.terminal_id = old.id) x
    CROSS JOIN (SELECT 'state' AS dim UNION ALL SELECT 'firmware' UNION ALL SELECT 'battery' UNION ALL SELECT 'signal' UNION ALL SELECT 'city') d
   WHERE true
   GROUP BY x.agent_id, d.dim, 3, 4, 5
  HAVING sum(x.sgn) <> 0 OR sum(CASE WHEN x.category <> 'healthy' THEN x.sgn ELSE 0 END) <> 0 OR sum(CASE WHEN x.status = 'offline' THEN x.sgn ELSE 0 END) <> 0
   ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (agent_id, dim, k1, k2, k3) DO UPDATE SET n = fleet_counters.n + excluded.n,
     problems = fleet_counters.problems + excluded.problems, offline = fleet_counters.offline + excluded.offline;
  DELETE FROM fleet_counters WHERE agent_id IN (old.agent_id) AND n = 0 AND problems = 0 AND offline = 0;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "fleet_counters_merchant_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO fleet_counters (agent_id, dim, k1, k2, k3, n, problems, offline)
  SELECT x.agent_id, d.dim,
         CASE d.dim WHEN 'state' THEN x.status WHEN 'firmware' THEN x.firmware WHEN 'battery' THEN CASE WHEN x.charging <> 0 THEN 'charging' WHEN x.battery_pct BETWEEN 0 AND 10 THEN '0-10' WHEN x.battery_pct BETWEEN 11 AND 20 THEN '11-20' WHEN x.battery_pct BETWEEN 21 AND 50 THEN '21-50' WHEN x.battery_pct BETWEEN 51 AND 80 THEN '51-80' WHEN x.battery_pct BETWEEN 81 AND 100 THEN '81-100' ELSE '' END WHEN 'signal' THEN CASE WHEN x.signal_dbm IS NULL THEN 'none' WHEN x.signal_dbm BETWEEN -140 AND -110 THEN 'very_weak' WHEN x.signal_dbm BETWEEN -109 AND -100 THEN 'weak' WHEN x.signal_dbm BETWEEN -99 AND -90 THEN 'fair' WHEN x.signal_dbm BETWEEN -89 AND -80 THEN 'good' WHEN x.signal_dbm BETWEEN -79 AND 0 THEN 'excellent' ELSE '' END ELSE x.city END,
         CASE d.dim WHEN 'state' THEN x.category WHEN 'firmware' THEN x.model ELSE '' END,
         CASE d.dim WHEN 'state' THEN x.severity ELSE '' END,
         sum(x.sgn), sum(CASE WHEN x.category <> 'healthy' THEN x.sgn ELSE 0 END), sum(CASE WHEN x.status = 'offline' THEN x.sgn ELSE 0 END)
    FROM (SELECT t.agent_id, t.model, old.city, s.status, s.category, s.severity, s.firmware, s.battery_pct, s.charging, s.signal_dbm, -1 AS sgn
      FROM terminals t JOIN terminal_state s ON s.terminal_id = t.id WHERE t.merchant_id = old.id
    UNION ALL SELECT t.agent_id, t.model, new.city, s.status, s.category, s.severity, s.firmware, s.battery_pct, s.charging, s.signal_dbm, 1 AS sgn
      FROM terminals t JOIN terminal_state s ON s.terminal_id = t.id WHERE t.merchant_id = new.id) x
    CROSS JOIN (SELECT 'state' AS dim UNION ALL SELECT 'firmware' UNION ALL SELECT 'battery' UNION ALL SELECT 'signal' UNION ALL SELECT 'city') d
   WHERE true
   GROUP BY x.agent_id, d.dim, 3, 4, 5
  HAVING sum(x.sgn) <> 0 OR sum(CASE WHEN x.category <> 'healthy' THEN x.sgn ELSE 0 END) <> 0 OR sum(CASE WHEN x.status = 'offline' THEN x.sgn ELSE 0 END) <> 0
   ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (agent_id, dim, k1, k2, k3) DO UPDATE SET n = fleet_counters.n + excluded.n,
     problems = fleet_counters.problems + excluded.problems, offline = fleet_counters.offline + excluded.offline;
  DELETE FROM fleet_counters WHERE agent_id IN (SELECT agent_id FROM terminals WHERE merchant_id = new.id) AND n = 0 AND problems = 0 AND offline = 0;
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP TRIGGER "fleet_counters_state_update" ON "terminal_state";
--> statement-breakpoint
CREATE TRIGGER "fleet_counters_state_update" AFTER UPDATE ON "terminal_state" FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.category IS DISTINCT FROM NEW.category OR OLD.severity IS DISTINCT FROM NEW.severity OR OLD.firmware IS DISTINCT FROM NEW.firmware OR (CASE WHEN OLD.charging <> 0 THEN 'charging' WHEN OLD.battery_pct BETWEEN 0 AND 10 THEN '0-10' WHEN OLD.battery_pct BETWEEN 11 AND 20 THEN '11-20' WHEN OLD.battery_pct BETWEEN 21 AND 50 THEN '21-50' WHEN OLD.battery_pct BETWEEN 51 AND 80 THEN '51-80' WHEN OLD.battery_pct BETWEEN 81 AND 100 THEN '81-100' ELSE '' END) <> (CASE WHEN NEW.charging <> 0 THEN 'charging' WHEN NEW.battery_pct BETWEEN 0 AND 10 THEN '0-10' WHEN NEW.battery_pct BETWEEN 11 AND 20 THEN '11-20' WHEN NEW.battery_pct BETWEEN 21 AND 50 THEN '21-50' WHEN NEW.battery_pct BETWEEN 51 AND 80 THEN '51-80' WHEN NEW.battery_pct BETWEEN 81 AND 100 THEN '81-100' ELSE '' END) OR (CASE WHEN OLD.signal_dbm IS NULL THEN 'none' WHEN OLD.signal_dbm BETWEEN -140 AND -110 THEN 'very_weak' WHEN OLD.signal_dbm BETWEEN -109 AND -100 THEN 'weak' WHEN OLD.signal_dbm BETWEEN -99 AND -90 THEN 'fair' WHEN OLD.signal_dbm BETWEEN -89 AND -80 THEN 'good' WHEN OLD.signal_dbm BETWEEN -79 AND 0 THEN 'excellent' ELSE '' END) <> (CASE WHEN NEW.signal_dbm IS NULL THEN 'none' WHEN NEW.signal_dbm BETWEEN -140 AND -110 THEN 'very_weak' WHEN NEW.signal_dbm BETWEEN -109 AND -100 THEN 'weak' WHEN NEW.signal_dbm BETWEEN -99 AND -90 THEN 'fair' WHEN NEW.signal_dbm BETWEEN -89 AND -80 THEN 'good' WHEN NEW.signal_dbm BETWEEN -79 AND 0 THEN 'excellent' ELSE '' END)) EXECUTE FUNCTION "fleet_counters_state_update"();
--> statement-breakpoint
CREATE FUNCTION "fleet_counters_codes_findings_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO fleet_counters (agent_id, dim, k1, k2, k3, n, problems, offline)
  SELECT x.agent_id, 'code', x.code, '', '', sum(x.sgn), 0, 0
    FROM (SELECT DISTINCT t.agent_id AS agent_id, c.key AS code, 1 AS sgn FROM terminals t, jsonb_array_elements(CAST(new.findings AS jsonb)) fi, jsonb_each(CASE WHEN jsonb_typeof(fi -> 'evidence' -> 'codes') = 'object' THEN fi -> 'evidence' -> 'codes' END) c WHERE t.id = new.terminal_id) x
   WHERE true GROUP BY x.agent_id, x.code HAVING sum(x.sgn) <> 0 ORDER BY 1, 3
  ON CONFLICT (agent_id, dim, k1, k2, k3) DO UPDATE SET n = fleet_counters.n + excluded.n;
  DELETE FROM fleet_counters WHERE dim = 'code' AND agent_id IN (SELECT agent_id FROM terminals WHERE id = new.terminal_id) AND n = 0 AND problems = 0 AND offline = 0;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "fleet_counters_codes_findings_insert" AFTER INSERT ON "terminal_findings" FOR EACH ROW EXECUTE FUNCTION "fleet_counters_codes_findings_insert"();
--> statement-breakpoint
CREATE FUNCTION "fleet_counters_codes_findings_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO fleet_counters (agent_id, dim, k1, k2, k3, n, problems, offline)
  SELECT x.agent_id, 'code', x.code, '', '', sum(x.sgn), 0, 0
    FROM (SELECT DISTINCT t.agent_id AS agent_id, c.key AS code, -1 AS sgn FROM terminals t, jsonb_array_elements(CAST(old.findings AS jsonb)) fi, jsonb_each(CASE WHEN jsonb_typeof(fi -> 'evidence' -> 'codes') = 'object' THEN fi -> 'evidence' -> 'codes' END) c WHERE t.id = old.terminal_id
    UNION ALL SELECT DISTINCT t.agent_id AS agent_id, c.key AS code, 1 AS sgn FROM terminals t, jsonb_array_elements(CAST(new.findings AS jsonb)) fi, jsonb_each(CASE WHEN jsonb_typeof(fi -> 'evidence' -> 'codes') = 'object' THEN fi -> 'evidence' -> 'codes' END) c WHERE t.id = new.terminal_id) x
   WHERE true GROUP BY x.agent_id, x.code HAVING sum(x.sgn) <> 0 ORDER BY 1, 3
  ON CONFLICT (agent_id, dim, k1, k2, k3) DO UPDATE SET n = fleet_counters.n + excluded.n;
  DELETE FROM fleet_counters WHERE dim = 'code' AND agent_id IN (SELECT agent_id FROM terminals WHERE id IN (old.terminal_id, new.terminal_id)) AND n = 0 AND problems = 0 AND offline = 0;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "fleet_counters_codes_findings_update" AFTER UPDATE ON "terminal_findings" FOR EACH ROW WHEN (OLD.findings IS DISTINCT FROM NEW.findings OR OLD.terminal_id IS DISTINCT FROM NEW.terminal_id) EXECUTE FUNCTION "fleet_counters_codes_findings_update"();
--> statement-breakpoint
CREATE FUNCTION "fleet_counters_codes_findings_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO fleet_counters (agent_id, dim, k1, k2, k3, n, problems, offline)
  SELECT x.agent_id, 'code', x.code, '', '', sum(x.sgn), 0, 0
    FROM (SELECT DISTINCT t.agent_id AS agent_id, c.key AS code, -1 AS sgn FROM terminals t, jsonb_array_elements(CAST(old.findings AS jsonb)) fi, jsonb_each(CASE WHEN jsonb_typeof(fi -> 'evidence' -> 'codes') = 'object' THEN fi -> 'evidence' -> 'codes' END) c WHERE t.id = old.terminal_id) x
   WHERE true GROUP BY x.agent_id, x.code HAVING sum(x.sgn) <> 0 ORDER BY 1, 3
  ON CONFLICT (agent_id, dim, k1, k2, k3) DO UPDATE SET n = fleet_counters.n + excluded.n;
  DELETE FROM fleet_counters WHERE dim = 'code' AND agent_id IN (SELECT agent_id FROM terminals WHERE id = old.terminal_id) AND n = 0 AND problems = 0 AND offline = 0;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "fleet_counters_codes_findings_delete" AFTER DELETE ON "terminal_findings" FOR EACH ROW EXECUTE FUNCTION "fleet_counters_codes_findings_delete"();
--> statement-breakpoint
CREATE FUNCTION "fleet_counters_codes_terminal_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO fleet_counters (agent_id, dim, k1, k2, k3, n, problems, offline)
  SELECT x.agent_id, 'code', x.code, '', '', sum(x.sgn), 0, 0
    FROM (SELECT DISTINCT new.agent_id AS agent_id, c.key AS code, 1 AS sgn FROM terminal_findings tf, jsonb_array_elements(CAST(tf.findings AS jsonb)) fi, jsonb_each(CASE WHEN jsonb_typeof(fi -> 'evidence' -> 'codes') = 'object' THEN fi -> 'evidence' -> 'codes' END) c WHERE tf.terminal_id = new.id) x
   WHERE true GROUP BY x.agent_id, x.code HAVING sum(x.sgn) <> 0 ORDER BY 1, 3
  ON CONFLICT (agent_id, dim, k1, k2, k3) DO UPDATE SET n = fleet_counters.n + excluded.n;
  DELETE FROM fleet_counters WHERE dim = 'code' AND agent_id IN (new.agent_id) AND n = 0 AND problems = 0 AND offline = 0;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "fleet_counters_codes_terminal_insert" AFTER INSERT ON "terminals" FOR EACH ROW EXECUTE FUNCTION "fleet_counters_codes_terminal_insert"();
--> statement-breakpoint
CREATE FUNCTION "fleet_counters_codes_terminal_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO fleet_counters (agent_id, dim, k1, k2, k3, n, problems, offline)
  SELECT x.agent_id, 'code', x.code, '', '', sum(x.sgn), 0, 0
    FROM (SELECT DISTINCT old.agent_id AS agent_id, c.key AS code, -1 AS sgn FROM terminal_findings tf, jsonb_array_elements(CAST(tf.findings AS jsonb)) fi, jsonb_each(CASE WHEN jsonb_typeof(fi -> 'evidence' -> 'codes') = 'object' THEN fi -> 'evidence' -> 'codes' END) c WHERE tf.terminal_id = old.id
    UNION ALL SELECT DISTINCT new.agent_id AS agent_id, c.key AS code, 1 AS sgn FROM terminal_findings tf, jsonb_array_elements(CAST(tf.findings AS jsonb)) fi, jsonb_each(CASE WHEN jsonb_typeof(fi -> 'evidence' -> 'codes') = 'object' THEN fi -> 'evidence' -> 'codes' END) c WHERE tf.terminal_id = new.id) x
   WHERE true GROUP BY x.agent_id, x.code HAVING sum(x.sgn) <> 0 ORDER BY 1, 3
  ON CONFLICT (agent_id, dim, k1, k2, k3) DO UPDATE SET n = fleet_counters.n + excluded.n;
  DELETE FROM fleet_counters WHERE dim = 'code' AND agent_id IN (old.agent_id, new.agent_id) AND n = 0 AND problems = 0 AND offline = 0;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "fleet_counters_codes_terminal_update" AFTER UPDATE ON "terminals" FOR EACH ROW WHEN (OLD.agent_id IS DISTINCT FROM NEW.agent_id OR OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION "fleet_counters_codes_terminal_update"();
--> statement-breakpoint
CREATE FUNCTION "fleet_counters_codes_terminal_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO fleet_counters (agent_id, dim, k1, k2, k3, n, problems, offline)
  SELECT x.agent_id, 'code', x.code, '', '', sum(x.sgn), 0, 0
    FROM (SELECT DISTINCT old.agent_id AS agent_id, c.key AS code, -1 AS sgn FROM terminal_findings tf, jsonb_array_elements(CAST(tf.findings AS jsonb)) fi, jsonb_each(CASE WHEN jsonb_typeof(fi -> 'evidence' -> 'codes') = 'object' THEN fi -> 'evidence' -> 'codes' END) c WHERE tf.terminal_id = old.id) x
   WHERE true GROUP BY x.agent_id, x.code HAVING sum(x.sgn) <> 0 ORDER BY 1, 3
  ON CONFLICT (agent_id, dim, k1, k2, k3) DO UPDATE SET n = fleet_counters.n + excluded.n;
  DELETE FROM fleet_counters WHERE dim = 'code' AND agent_id IN (old.agent_id) AND n = 0 AND problems = 0 AND offline = 0;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "fleet_counters_codes_terminal_delete" AFTER DELETE ON "terminals" FOR EACH ROW EXECUTE FUNCTION "fleet_counters_codes_terminal_delete"();
--> statement-breakpoint
DELETE FROM fleet_counters WHERE dim IN ('battery', 'code');
--> statement-breakpoint
INSERT INTO fleet_counters (agent_id, dim, k1, k2, k3, n, problems, offline)
  SELECT t.agent_id, 'battery', CASE WHEN s.charging <> 0 THEN 'charging' WHEN s.battery_pct BETWEEN 0 AND 10 THEN '0-10' WHEN s.battery_pct BETWEEN 11 AND 20 THEN '11-20' WHEN s.battery_pct BETWEEN 21 AND 50 THEN '21-50' WHEN s.battery_pct BETWEEN 51 AND 80 THEN '51-80' WHEN s.battery_pct BETWEEN 81 AND 100 THEN '81-100' ELSE '' END, '', '', count(*), sum(CASE WHEN s.category <> 'healthy' THEN 1 ELSE 0 END), sum(CASE WHEN s.status = 'offline' THEN 1 ELSE 0 END)
    FROM terminal_state s JOIN terminals t ON t.id = s.terminal_id JOIN merchants m ON m.id = t.merchant_id
   WHERE true GROUP BY 1, 3 ORDER BY 1, 3;
--> statement-breakpoint
INSERT INTO fleet_counters (agent_id, dim, k1, k2, k3, n, problems, offline)
  SELECT x.agent_id, 'code', x.code, '', '', count(*), 0, 0
    FROM (SELECT DISTINCT t.agent_id AS agent_id, t.id AS id, c.key AS code FROM terminal_findings tf JOIN terminals t ON t.id = tf.terminal_id, jsonb_array_elements(CAST(tf.findings AS jsonb)) fi, jsonb_each(CASE WHEN jsonb_typeof(fi -> 'evidence' -> 'codes') = 'object' THEN fi -> 'evidence' -> 'codes' END) c) x
   WHERE true GROUP BY 1, 3 ORDER BY 1, 3;
