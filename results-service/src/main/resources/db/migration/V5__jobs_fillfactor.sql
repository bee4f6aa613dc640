-- Every event of a job updates its row (last_seq, last_step, updated_at, ...): 50 or more updates per run. With full
-- pages such an update cannot stay on its page, so it writes a new entry into each of the table's seven indexes and
-- leaves a dead version elsewhere; then the ingest spends more on the 10,000 rows of jobs than on the 2,000,000 metric
-- points. Half-empty pages let PostgreSQL update in place (a HOT update: no index entry, the old version pruned with
-- the page) whenever no indexed column changes, i.e. for every event but the few that change the status. The table is
-- small (one row per run), so the doubled size costs little. New pages follow this; existing ones as they are rewritten.
ALTER TABLE jobs SET (fillfactor = 50);
