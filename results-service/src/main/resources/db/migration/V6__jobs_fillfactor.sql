-- Every event of a job updates its row (last_seq, last_step, updated_at, ...): 50 or more updates per run. On a full
-- page such an update cannot stay on its page, so it adds an entry to each of the table's seven indexes and leaves a
-- dead version behind (in the ingest benchmark 70 % of the updates did, and the 10,000 rows took 101 MB). Half-empty
-- pages let PostgreSQL update in place (a HOT update: no index entry, the old version pruned with the page) whenever
-- no indexed column changes, i.e. for every event but the few that change the status: 88 % of the updates, 37 MB.
-- The table holds one row per run, so the room left on its pages costs little. New pages follow this setting.
ALTER TABLE jobs SET (fillfactor = 50);
