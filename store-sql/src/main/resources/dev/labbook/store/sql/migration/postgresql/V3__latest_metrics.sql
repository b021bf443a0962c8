-- Schema version 3: the latest value of each (run, metric key), so that queries filter and
-- sort on metrics.<key> in SQL with a join instead of loading every run.
-- value_class orders numbers as Labbook does: 0 NaN, 1 -Infinity, 2 finite, 3 +Infinity
-- (PostgreSQL orders NaN above +Infinity); finite_value is the value when finite, else 0.
CREATE TABLE lb_latest (
  run_id       varchar(255) COLLATE "C" NOT NULL REFERENCES lb_run (id) ON DELETE CASCADE,
  metric_key   text COLLATE "C" NOT NULL,
  step         bigint NOT NULL,
  seq          bigint NOT NULL,
  value_class  smallint NOT NULL,
  finite_value double precision NOT NULL,
  CONSTRAINT lb_latest_pk PRIMARY KEY (run_id, metric_key)
);

-- Kept by a statement trigger over the inserted rows, so a metric batch stays one round trip
-- (the driver's multi-row INSERTs) and every writer, whatever its code, keeps it current. The
-- upsert only moves forward in (step, seq): the latest point is the highest step, the last
-- appended among equal steps, whatever order concurrent batches commit in.
CREATE FUNCTION lb_track_latest() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO lb_latest AS l (run_id, metric_key, step, seq, value_class, finite_value)
  SELECT DISTINCT ON (run_id, metric_key) run_id, metric_key, step, seq,
         CASE WHEN metric_value = 'NaN' THEN 0 WHEN metric_value = '-Infinity' THEN 1
              WHEN metric_value = 'Infinity' THEN 3 ELSE 2 END,
         CASE WHEN metric_value IN ('NaN', '-Infinity', 'Infinity') THEN 0 ELSE metric_value END
  FROM added ORDER BY run_id, metric_key, step DESC, seq DESC
  ON CONFLICT (run_id, metric_key) DO UPDATE
    SET step = EXCLUDED.step, seq = EXCLUDED.seq, value_class = EXCLUDED.value_class,
        finite_value = EXCLUDED.finite_value
    WHERE (EXCLUDED.step, EXCLUDED.seq) > (l.step, l.seq);
  RETURN NULL;
END
$$;

CREATE TRIGGER lb_metric_latest AFTER INSERT ON lb_metric
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION lb_track_latest();

INSERT INTO lb_latest (run_id, metric_key, step, seq, value_class, finite_value)
SELECT DISTINCT ON (run_id, metric_key) run_id, metric_key, step, seq,
       CASE WHEN metric_value = 'NaN' THEN 0 WHEN metric_value = '-Infinity' THEN 1
            WHEN metric_value = 'Infinity' THEN 3 ELSE 2 END,
       CASE WHEN metric_value IN ('NaN', '-Infinity', 'Infinity') THEN 0 ELSE metric_value END
FROM lb_metric ORDER BY run_id, metric_key, step DESC, seq DESC;
