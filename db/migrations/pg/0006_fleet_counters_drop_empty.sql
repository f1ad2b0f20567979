-- Custom migration: the fleet_counters triggers again, now also dropping a counter row once it
-- counts nothing, so the table holds exactly the non-empty buckets on every store (a copy
-- compares row counts) and stays at agents × buckets in use. Same counting as before. (PostgreSQL)
CREATE OR REPLACE FUNCTION "fleet_counters_state_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO fleet_counters (agent_id, dim, k1, k2, k3, n, problems, offline)
  SELECT x.agent_id, d.dim,
         CASE d.dim WHEN 'state' THEN x.status WHEN 'firmware' THEN x.firmware WHEN 'battery' THEN CASE WHEN x.battery_pct BETWEEN 0 AND 10 THEN '0-10' WHEN x.battery_pct BETWEEN 11 AND 20 THEN '11-20' WHEN x.battery_pct BETWEEN 21 AND 50 THEN '21-50' WHEN x.battery_pct BETWEEN 51 AND 80 THEN '51-80' WHEN x.battery_pct BETWEEN 81 AND 100 THEN '81-100' ELSE '' END WHEN 'signal' THEN CASE WHEN x.signal_dbm IS NULL THEN 'none' WHEN x.signal_dbm BETWEEN -140 AND -110 THEN 'very_weak' WHEN x.signal_dbm BETWEEN -109 AND -100 THEN 'weak' WHEN x.signal_dbm BETWEEN -99 AND -90 THEN 'fair' WHEN x.signal_dbm BETWEEN -89 AND -80 THEN 'good' WHEN x.signal_dbm BETWEEN -79 AND 0 THEN 'excellent' ELSE '' END ELSE x.city END,
         CASE d.dim WHEN 'state' THEN x.category WHEN 'firmware' THEN x.model ELSE '' END,
         CASE d.dim WHEN 'state' THEN x.severity ELSE '' END,
         sum(x.sgn), sum(CASE WHEN x.category <> 'healthy' THEN x.sgn ELSE 0 END), sum(CASE WHEN x.status = 'offline' THEN x.sgn ELSE 0 END)
    FROM (SELECT t.agent_id, t.model, m.city, new.status, new.category, new.severity, new.firmware, new.battery_pct, new.signal_dbm, 1 AS sgn
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
         CASE d.dim WHEN 'state' THEN x.status WHEN 'firmware' THEN x.firmware WHEN 'battery' THEN CASE WHEN x.battery_pct BETWEEN 0 AND 10 THEN '0-10' WHEN x.battery_pct BETWEEN 11 AND 20 THEN '11-20' WHEN x.battery_pct BETWEEN 21 AND 50 THEN '21-50' WHEN x.battery_pct BETWEEN 51 AND 80 THEN '51-80' WHEN x.battery_pct BETWEEN 81 AND 100 THEN '81-100' ELSE '' END WHEN 'signal' THEN CASE WHEN x.signal_dbm IS NULL THEN 'none' WHEN x.signal_dbm BETWEEN -140 AND -110 THEN 'very_weak' WHEN x.signal_dbm BETWEEN -109 AND -100 THEN 'weak' WHEN x.signal_dbm BETWEEN -99 AND -90 THEN 'fair' WHEN x.signal_dbm BETWEEN -89 AND -80 THEN 'good' WHEN x.signal_dbm BETWEEN -79 AND 0 THEN 'excellent' ELSE '' END ELSE x.city END,
         CASE d.dim WHEN 'state' THEN x.category WHEN 'firmware' THEN x.model ELSE '' END,
         CASE d.dim WHEN 'state' THEN x.severity ELSE '' END,
         sum(x.sgn), sum(CASE WHEN x.category <> 'healthy' THEN x.sgn ELSE 0 END), sum(CASE WHEN x.status = 'offline' THEN x.sgn ELSE 0 END)
    FROM (SELECT t.agent_id, t.model, m.city, old.status, old.category, old.severity, old.firmware, old.battery_pct, old.signal_dbm, -1 AS sgn
      FROM terminals t JOIN merchants m ON m.id = t.merchant_id WHERE t.id = old.terminal_id
    UNION ALL SELECT t.agent_id, t.model, m.city, new.status, new.category, new.severity, new.firmware, new.battery_pct, new.signal_dbm, 1 AS sgn
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
         CASE d.dim WHEN 'state' THEN x.status WHEN 'firmware' THEN x.firmware WHEN 'battery' THEN CASE WHEN x.battery_pct BETWEEN 0 AND 10 THEN '0-10' WHEN x.battery_pct BETWEEN 11 AND 20 THEN '11-20' WHEN x.battery_pct BETWEEN 21 AND 50 THEN '21-50' WHEN x.battery_pct BETWEEN 51 AND 80 THEN '51-80' WHEN x.battery_pct BETWEEN 81 AND 100 THEN '81-100' ELSE '' END WHEN 'signal' THEN CASE WHEN x.signal_dbm IS NULL THEN 'none' WHEN x.signal_dbm BETWEEN -140 AND -110 THEN 'very_weak' WHEN x.signal_dbm BETWEEN -109 AND -100 THEN 'weak' WHEN x.signal_dbm BETWEEN -99 AND -90 THEN 'fair' WHEN x.signal_dbm BETWEEN -89 AND -80 THEN 'good' WHEN x.signal_dbm BETWEEN -79 AND 0 THEN 'excellent' ELSE '' END ELSE x.city END,
         CASE d.dim WHEN 'state' THEN x.category WHEN 'firmware' THEN x.model ELSE '' END,
         CASE d.dim WHEN 'state' THEN x.severity ELSE '' END,
         sum(x.sgn), sum(CASE WHEN x.category <> 'healthy' THEN x.sgn ELSE 0 END), sum(CASE WHEN x.status = 'offline' THEN x.sgn ELSE 0 END)
    FROM (SELECT t.agent_id, t.model, m.city, old.status, old.category, old.severity, old.firmware, old.battery_pct, old.signal_dbm, -1 AS sgn
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
         CASE d.dim WHEN 'state' THEN x.status WHEN 'firmware' THEN x.firmware WHEN 'battery' THEN CASE WHEN x.battery_pct BETWEEN 0 AND 10 THEN '0-10' WHEN x.battery_pct BETWEEN 11 AND 20 THEN '11-20' WHEN x.battery_pct BETWEEN 21 AND 50 THEN '21-50' WHEN x.battery_pct BETWEEN 51 AND 80 THEN '51-80' WHEN x.battery_pct BETWEEN 81 AND 100 THEN '81-100' ELSE '' END WHEN 'signal' THEN CASE WHEN x.signal_dbm IS NULL THEN 'none' WHEN x.signal_dbm BETWEEN -140 AND -110 THEN 'very_weak' WHEN x.signal_dbm BETWEEN -109 AND -100 THEN 'weak' WHEN x.signal_dbm BETWEEN -99 AND -90 THEN 'fair' WHEN x.signal_dbm BETWEEN -89 AND -80 THEN 'good' WHEN x.signal_dbm BETWEEN -79 AND 0 THEN 'excellent' ELSE '' END ELSE x.city END,
         CASE d.dim WHEN 'state' THEN x.category WHEN 'firmware' THEN x.model ELSE '' END,
         CASE d.dim WHEN 'state' THEN x.severity ELSE '' END,
         sum(x.sgn), sum(CASE WHEN x.category <> 'healthy' THEN x.sgn ELSE 0 END), sum(CASE WHEN x.status = 'offline' THEN x.sgn ELSE 0 END)
    FROM (SELECT new.agent_id, new.model, m.city, s.status, s.category, s.severity, s.firmware, s.battery_pct, s.signal_dbm, 1 AS sgn
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
         CASE d.dim WHEN 'state' THEN x.status WHEN 'firmware' THEN x.firmware WHEN 'battery' THEN CASE WHEN x.battery_pct BETWEEN 0 AND 10 THEN '0-10' WHEN x.battery_pct BETWEEN 11 AND 20 THEN '11-20' WHEN x.battery_pct BETWEEN 21 AND 50 THEN '21-50' WHEN x.battery_pct BETWEEN 51 AND 80 THEN '51-80' WHEN x.battery_pct BETWEEN 81 AND 100 THEN '81-100' ELSE '' END WHEN 'signal' THEN CASE WHEN x.signal_dbm IS NULL THEN 'none' WHEN x.signal_dbm BETWEEN -140 AND -110 THEN 'very_weak' WHEN x.signal_dbm BETWEEN -109 AND -100 THEN 'weak' WHEN x.signal_dbm BETWEEN -99 AND -90 THEN 'fair' WHEN x.signal_dbm BETWEEN -89 AND -80 THEN 'good' WHEN x.signal_dbm BETWEEN -79 AND 0 THEN 'excellent' ELSE '' END ELSE x.city END,
         CASE d.dim WHEN 'state' THEN x.category WHEN 'firmware' THEN x.model ELSE '' END,
         CASE d.dim WHEN 'state' THEN x.severity ELSE '' END,
         sum(x.sgn), sum(CASE WHEN x.category <> 'healthy' THEN x.sgn ELSE 0 END), sum(CASE WHEN x.status = 'offline' THEN x.sgn ELSE 0 END)
    FROM (SELECT old.agent_id, old.model, m.city, s.status, s.category, s.severity, s.firmware, s.battery_pct, s.signal_dbm, -1 AS sgn
      FROM terminal_state s JOIN merchants m ON m.id = old.merchant_id WHERE s.terminal_id = old.id
    UNION ALL SELECT new.agent_id, new.model, m.city, s.status, s.category, s.severity, s.firmware, s.battery_pct, s.signal_dbm, 1 AS sgn
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
         CASE d.dim WHEN 'state' THEN x.status WHEN 'firmware' THEN x.firmware WHEN 'battery' THEN CASE WHEN x.battery_pct BETWEEN 0 AND 10 THEN '0-10' WHEN x.battery_pct BETWEEN 11 AND 20 THEN '11-20' WHEN x.battery_pct BETWEEN 21 AND 50 THEN '21-50' WHEN x.battery_pct BETWEEN 51 AND 80 THEN '51-80' WHEN x.battery_pct BETWEEN 81 AND 100 THEN '81-100' ELSE '' END WHEN 'signal' THEN CASE WHEN x.signal_dbm IS NULL THEN 'none' WHEN x.signal_dbm BETWEEN -140 AND -110 THEN 'very_weak' WHEN x.signal_dbm BETWEEN -109 AND -100 THEN 'weak' WHEN x.signal_dbm BETWEEN -99 AND -90 THEN 'fair' WHEN x.signal_dbm BETWEEN -89 AND -80 THEN 'good' WHEN x.signal_dbm BETWEEN -79 AND 0 THEN 'excellent' ELSE '' END ELSE x.city END,
         CASE d.dim WHEN 'state' THEN x.category WHEN 'firmware' THEN x.model ELSE '' END,
         CASE d.dim WHEN 'state' THEN x.severity ELSE '' END,
         sum(x.sgn), sum(CASE WHEN x.category <> 'healthy' THEN x.sgn ELSE 0 END), sum(CASE WHEN x.status = 'offline' THEN x.sgn ELSE 0 END)
    FROM (SELECT old.agent_id, old.model, m.city, s.status, s.category, s.severity, s.firmware, s.battery_pct, s.signal_dbm, -1 AS sgn
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
         CASE d.dim WHEN 'state' THEN x.status WHEN 'firmware' THEN x.firmware WHEN 'battery' THEN CASE WHEN x.battery_pct BETWEEN 0 AND 10 THEN '0-10' WHEN x.battery_pct BETWEEN 11 AND 20 THEN '11-20' WHEN x.battery_pct BETWEEN 21 AND 50 THEN '21-50' WHEN x.battery_pct BETWEEN 51 AND 80 THEN '51-80' WHEN x.battery_pct BETWEEN 81 AND 100 THEN '81-100' ELSE '' END WHEN 'signal' THEN CASE WHEN x.signal_dbm IS NULL THEN 'none' WHEN x.signal_dbm BETWEEN -140 AND -110 THEN 'very_weak' WHEN x.signal_dbm BETWEEN -109 AND -100 THEN 'weak' WHEN x.signal_dbm BETWEEN -99 AND -90 THEN 'fair' WHEN x.signal_dbm BETWEEN -89 AND -80 THEN 'good' WHEN x.signal_dbm BETWEEN -79 AND 0 THEN 'excellent' ELSE '' END ELSE x.city END,
         CASE d.dim WHEN 'state' THEN x.category WHEN 'firmware' THEN x.model ELSE '' END,
         CASE d.dim WHEN 'state' THEN x.severity ELSE '' END,
         sum(x.sgn), sum(CASE WHEN x.category <> 'healthy' THEN x.sgn ELSE 0 END), sum(CASE WHEN x.status = 'offline' THEN x.sgn ELSE 0 END)
    FROM (SELECT t.agent_id, t.model, old.city, s.status, s.category, s.severity, s.firmware, s.battery_pct, s.signal_dbm, -1 AS sgn
      FROM terminals t JOIN terminal_state s ON s.terminal_id = t.id WHERE t.merchant_id = old.id
    UNION ALL SELECT t.agent_id, t.model, new.city, s.status, s.category, s.severity, s.firmware, s.battery_pct, s.signal_dbm, 1 AS sgn
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
DELETE FROM fleet_counters WHERE n = 0 AND problems = 0 AND offline = 0;
