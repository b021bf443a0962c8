-- Schema version 3: the latest value of each (run, metric key), so that queries filter and
-- sort on metrics.<key> in SQL with a join instead of loading every run. The store updates it
-- in the metric batch's transaction (H2 runs no SQL triggers; embedded, the extra statement
-- costs no round trip). value_class: 0 NaN, 1 -Infinity, 2 finite, 3 +Infinity, read from
-- the raw bits (H2 orders NaN above +Infinity); finite_value is the value when finite, else 0.
CREATE TABLE lb_latest (
  run_id       VARCHAR(255) NOT NULL REFERENCES lb_run (id) ON DELETE CASCADE,
  metric_key   VARCHAR(255) NOT NULL,
  step         BIGINT NOT NULL,
  seq          BIGINT NOT NULL,
  value_class  SMALLINT NOT NULL,
  finite_value DOUBLE PRECISION NOT NULL,
  CONSTRAINT lb_latest_pk PRIMARY KEY (run_id, metric_key)
);

INSERT INTO lb_latest (run_id, metric_key, step, seq, value_class, finite_value)
SELECT run_id, metric_key, step, seq,
       CASE WHEN BITAND(value_bits, 9223372036854775807) > 9218868437227405312 THEN 0
            WHEN value_bits = -4503599627370496 THEN 1
            WHEN value_bits = 9218868437227405312 THEN 3 ELSE 2 END,
       CASE WHEN BITAND(value_bits, 9218868437227405312) = 9218868437227405312 THEN 0
            ELSE metric_value END
FROM (SELECT m.*, ROW_NUMBER() OVER (PARTITION BY run_id, metric_key ORDER BY step DESC, seq DESC) AS place
      FROM lb_metric m) ranked
WHERE place = 1;
