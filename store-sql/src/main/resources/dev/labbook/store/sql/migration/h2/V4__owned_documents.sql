-- Labbook SQL store, schema version 4 (H2): documents owned by an experiment or a run
-- (optimizer states, links), kept as exact text: nothing queries their bodies. They go with
-- their owner through the foreign keys, as artifacts do.

CREATE TABLE lb_owned (
  owner_id       VARCHAR(255) NOT NULL,
  space          VARCHAR(64) NOT NULL,
  name           VARCHAR(1000) NOT NULL,
  experiment_id  VARCHAR(255) NOT NULL REFERENCES lb_experiment (id) ON DELETE CASCADE,
  run_id         VARCHAR(255) REFERENCES lb_run (id) ON DELETE CASCADE,
  body_text      CLOB NOT NULL,
  created_ms     BIGINT NOT NULL,
  updated_ms     BIGINT NOT NULL,
  version        BIGINT NOT NULL,
  CONSTRAINT lb_owned_pk PRIMARY KEY (owner_id, space, name)
);
CREATE INDEX lb_owned_experiment ON lb_owned (experiment_id);
CREATE INDEX lb_owned_run ON lb_owned (run_id);
