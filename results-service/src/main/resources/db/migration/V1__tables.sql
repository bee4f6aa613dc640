-- results-service's schema, owned by Flyway (the history table lives in this schema too).
-- Designed for Grafana's PostgreSQL datasource: timestamptz time columns, one row per metric point (long format),
-- and the views of V2 for run summaries, the frontier and the seed bands.

-- One row per job: its configuration (from the ACCEPTED/STARTED events' attributes), its lifecycle and its times.
CREATE TABLE jobs (
    job_id          text PRIMARY KEY,
    sweep_id        text,
    -- Label shared by the runs of one configuration over seeds: every attribute but seed and sweep.
    config          text,
    model           text,
    dataset         text,
    engine          text,
    seed            bigint,
    -- ACCEPTED, RUNNING (STARTED/PROGRESS/CHECKPOINTED), COMPLETED, FAILED or CANCELLED.
    status          text        NOT NULL,
    -- The event that set the status: a final one beats a non-final one, then the higher sequence wins.
    status_seq      bigint      NOT NULL,
    status_final    boolean     NOT NULL,
    last_seq        bigint      NOT NULL,
    last_epoch      integer,
    last_step       bigint,
    params          bigint,
    -- Every configuration field as the trainer sent it (strings): model, dataset, engine, seed, sweep, depth, lr, ...
    attributes      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    -- The same without the identity fields (model, dataset, engine, seed, sweep): the hyperparameters proper.
    hyperparameters jsonb       NOT NULL DEFAULT '{}'::jsonb,
    submitted_at    timestamptz,
    started_at      timestamptz,
    finished_at     timestamptz,
    updated_at      timestamptz NOT NULL,
    worker          text,
    reason          text
);
CREATE INDEX jobs_sweep_idx ON jobs (sweep_id, config);
CREATE INDEX jobs_model_idx ON jobs (model);
CREATE INDEX jobs_dataset_idx ON jobs (dataset);
CREATE INDEX jobs_status_idx ON jobs (status);
CREATE INDEX jobs_submitted_idx ON jobs (submitted_at DESC);
-- The frontier's dominance test looks up the completed runs of one sweep and dataset (runs without a sweep form one
-- group per dataset).
CREATE INDEX jobs_frontier_idx ON jobs ((COALESCE(sweep_id, '')), dataset) WHERE status = 'COMPLETED';

-- Every event once: (job_id, seq) is the event's identity, so a redelivery is dropped (ON CONFLICT DO NOTHING).
CREATE TABLE job_events (
    job_id      text        NOT NULL,
    seq         bigint      NOT NULL,
    type        text        NOT NULL,
    at          timestamptz NOT NULL,
    epoch       integer,
    step        bigint,
    metrics     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    attributes  jsonb,
    reason      text,
    worker      text,
    -- When the row was written (transaction time): ingest lag = ingested_at - at.
    ingested_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (job_id, seq)
);
CREATE INDEX job_events_at_idx ON job_events USING brin (at);

-- One row per (job, epoch, metric): train_loss, val_loss, val_accuracy, epoch_seconds, ... A job resumed after a crash
-- re-emits the epochs after its last checkpoint with new sequence numbers: the highest sequence wins.
CREATE TABLE epoch_metrics (
    time    timestamptz      NOT NULL,
    job_id  text             NOT NULL,
    epoch   integer          NOT NULL,
    metric  text             NOT NULL,
    value   double precision,
    seq     bigint           NOT NULL,
    PRIMARY KEY (job_id, epoch, metric)
);
CREATE INDEX epoch_metrics_time_idx ON epoch_metrics USING brin (time);

-- The same per reported step: PROGRESS reports between epoch ends, and every report of a run counted in steps (the
-- chunked-disk engine). An epoch-end report (it carries epoch_seconds) is a row of epoch_metrics instead.
CREATE TABLE step_metrics (
    time    timestamptz      NOT NULL,
    job_id  text             NOT NULL,
    step    bigint           NOT NULL,
    epoch   integer,
    metric  text             NOT NULL,
    value   double precision,
    seq     bigint           NOT NULL,
    PRIMARY KEY (job_id, step, metric)
);
CREATE INDEX step_metrics_time_idx ON step_metrics USING brin (time);

-- Final figures of COMPLETED jobs, from the COMPLETED event's metrics (all of them kept in metrics).
CREATE TABLE run_results (
    job_id                 text PRIMARY KEY,
    completed_at           timestamptz NOT NULL,
    seq                    bigint      NOT NULL,
    test_accuracy          double precision,
    test_loss              double precision,
    params                 bigint,
    train_seconds          double precision,
    -- Mean training time of one epoch: the event's mean_epoch_seconds/epoch_seconds, else the mean of the epochs' rows
    -- (then epoch_seconds_from_rows, and it is recomputed when more epoch rows of the job arrive).
    epoch_seconds_mean     double precision,
    epoch_seconds_from_rows boolean    NOT NULL DEFAULT false,
    inference_p50_us       double precision,
    inference_p99_us       double precision,
    inference_batch_p50_us double precision,
    eval_seconds           double precision,
    peak_rss_bytes         bigint,
    peak_heap_bytes        bigint,
    -- Test accuracy in percent per thousand parameters (the engine's definition).
    accuracy_per_1k_params double precision,
    metrics                jsonb       NOT NULL DEFAULT '{}'::jsonb
);

-- The model registry: every published version, with its artifact location and checksum.
CREATE TABLE models (
    model_name   text        NOT NULL,
    version      integer     NOT NULL,
    job_id       text,
    architecture jsonb       NOT NULL DEFAULT '{}'::jsonb,
    artifact_uri text        NOT NULL,
    sha256       text        NOT NULL,
    size_bytes   bigint      NOT NULL,
    metrics      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    published_at timestamptz NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (model_name, version)
);
CREATE INDEX models_job_idx ON models (job_id);
