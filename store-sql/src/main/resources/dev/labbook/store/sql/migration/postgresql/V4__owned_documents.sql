-- Labbook SQL store, schema version 4 (PostgreSQL): documents owned by an experiment or a run
-- (optimizer states, links), kept as exact text: nothing queries their bodies. They go with
-- their owner through the foreign keys, as artifacts do.

CREATE TABLE lb_owned (
  owner_id       varchar(255) COLLATE "C" NOT NULL,
  space          varchar(64) COLLATE "C" NOT NULL,
  name           text COLLATE "C" NOT NULL,
  experiment_id  varchar(255) COLLATE "C" NOT NULL
                 REFERENCES lb_experiment (id) ON DELETE CASCADE,
  run_id         varchar(255) COLLATE "C" REFERENCES lb_run (id) ON DELETE CASCADE,
  body_text      text NOT NULL,
  created_ms     bigint NOT NULL,
  updated_ms     bigint NOT NULL,
  version        bigint NOT NULL,
  CONSTRAINT lb_owned_pk PRIMARY KEY (owner_id, space, name)
);
CREATE INDEX lb_owned_experiment ON lb_owned (experiment_id);
CREATE INDEX lb_owned_run ON lb_owned (run_id);
