-- Schema version 2: indexes for the queries the store translates to SQL.
-- Document equality (params.opt = 'adam') is translated to jsonb containment (@>), which these
-- GIN indexes answer; tag conditions likewise.
CREATE INDEX lb_run_params ON lb_run USING gin (params jsonb_path_ops);
CREATE INDEX lb_run_results ON lb_run USING gin (results jsonb_path_ops);
CREATE INDEX lb_run_tags ON lb_run USING gin (tags jsonb_path_ops);
CREATE INDEX lb_experiment_metadata ON lb_experiment USING gin (metadata jsonb_path_ops);
CREATE INDEX lb_experiment_tags ON lb_experiment USING gin (tags jsonb_path_ops);
CREATE INDEX lb_run_status ON lb_run (experiment_id, status);
