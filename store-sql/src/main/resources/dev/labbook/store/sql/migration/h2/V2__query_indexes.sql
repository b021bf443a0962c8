-- Schema version 2: indexes for the queries the store translates to SQL.
CREATE INDEX lb_run_status ON lb_run (experiment_id, status);
CREATE INDEX lb_run_created ON lb_run (experiment_id, created_ms);
