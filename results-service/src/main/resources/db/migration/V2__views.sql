-- One row per run: its configuration and, for COMPLETED runs, its final figures. "time" is when it finished (or its
-- last event), for Grafana's time filter.
CREATE VIEW run_summary AS
SELECT j.job_id,
       j.sweep_id,
       j.config,
       j.model,
       j.dataset,
       j.engine,
       j.seed,
       j.status,
       j.reason,
       j.worker,
       j.attributes,
       j.hyperparameters,
       j.submitted_at,
       j.started_at,
       j.finished_at,
       COALESCE(j.finished_at, j.updated_at)  AS time,
       j.last_epoch,
       COALESCE(r.params, j.params)           AS params,
       r.test_accuracy,
       r.test_loss,
       r.train_seconds,
       r.epoch_seconds_mean,
       r.eval_seconds,
       r.inference_p50_us,
       r.inference_p99_us,
       r.inference_batch_p50_us,
       r.peak_rss_bytes,
       r.peak_heap_bytes,
       r.accuracy_per_1k_params,
       r.metrics                              AS final_metrics
FROM jobs j
         LEFT JOIN run_results r ON r.job_id = j.job_id;

-- The space-time frontier: accuracy against unique (trainable) parameters, training time and peak memory, per
-- completed run. Within one sweep and dataset a run is Pareto-optimal when no other run is at least as good on every
-- objective and better on one (higher accuracy; fewer parameters, less training time, less peak RSS):
--   pareto         all four objectives
--   pareto_params  accuracy vs parameters         (the 2-D scatters of the dashboard)
--   pareto_time    accuracy vs training time
--   pareto_memory  accuracy vs peak RSS
-- The 2-D flags use window frames (O(n log n)); the four-way flag looks up the other completed runs of the same sweep
-- and dataset by index (jobs_frontier_idx): O(n^2) per sweep, not over the whole table.
CREATE VIEW frontier AS
WITH r AS (SELECT job_id, sweep_id, dataset, model, config, seed, time,
                  test_accuracy, params, train_seconds, peak_rss_bytes
           FROM run_summary
           WHERE status = 'COMPLETED' AND test_accuracy IS NOT NULL),
     w AS (SELECT r.*,
                  max(test_accuracy) OVER (PARTITION BY sweep_id, dataset ORDER BY params
                      RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)               AS p_le,
                  max(test_accuracy) OVER (PARTITION BY sweep_id, dataset ORDER BY params
                      RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE GROUP) AS p_lt,
                  max(test_accuracy) OVER (PARTITION BY sweep_id, dataset ORDER BY train_seconds
                      RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)               AS t_le,
                  max(test_accuracy) OVER (PARTITION BY sweep_id, dataset ORDER BY train_seconds
                      RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE GROUP) AS t_lt,
                  max(test_accuracy) OVER (PARTITION BY sweep_id, dataset ORDER BY peak_rss_bytes
                      RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)               AS m_le,
                  max(test_accuracy) OVER (PARTITION BY sweep_id, dataset ORDER BY peak_rss_bytes
                      RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE GROUP) AS m_lt
           FROM r)
SELECT w.job_id, w.sweep_id, w.dataset, w.model, w.config, w.seed, w.time,
       w.test_accuracy, w.params, w.train_seconds, w.peak_rss_bytes,
       NOT EXISTS (SELECT 1
                   FROM jobs oj
                            JOIN run_results o ON o.job_id = oj.job_id
                   WHERE COALESCE(oj.sweep_id, '') = COALESCE(w.sweep_id, '')
                     AND oj.dataset IS NOT DISTINCT FROM w.dataset
                     AND oj.status = 'COMPLETED'
                     AND o.job_id <> w.job_id
                     AND o.test_accuracy >= w.test_accuracy
                     AND COALESCE(o.params, oj.params) <= w.params
                     AND o.train_seconds <= w.train_seconds
                     AND COALESCE(o.peak_rss_bytes, 0) <= COALESCE(w.peak_rss_bytes, 0)
                     AND (o.test_accuracy > w.test_accuracy OR COALESCE(o.params, oj.params) < w.params
                          OR o.train_seconds < w.train_seconds
                          OR COALESCE(o.peak_rss_bytes, 0) < COALESCE(w.peak_rss_bytes, 0))) AS pareto,
       w.params IS NOT NULL AND w.test_accuracy >= w.p_le
           AND (w.p_lt IS NULL OR w.test_accuracy > w.p_lt)                             AS pareto_params,
       w.train_seconds IS NOT NULL AND w.test_accuracy >= w.t_le
           AND (w.t_lt IS NULL OR w.test_accuracy > w.t_lt)                             AS pareto_time,
       w.peak_rss_bytes IS NOT NULL AND w.test_accuracy >= w.m_le
           AND (w.m_lt IS NULL OR w.test_accuracy > w.m_lt)                             AS pareto_memory
FROM w;

-- Mean ± std of each per-epoch metric over the seeds of a configuration (Grafana's seed bands).
CREATE VIEW config_epoch_metrics AS
SELECT j.sweep_id,
       j.config,
       j.model,
       j.dataset,
       e.epoch,
       e.metric,
       count(*)              AS n,
       avg(e.value)          AS mean,
       stddev_samp(e.value)  AS std,
       min(e.value)          AS min,
       max(e.value)          AS max,
       max(e.time)           AS time
FROM epoch_metrics e
         JOIN jobs j ON j.job_id = e.job_id
GROUP BY j.sweep_id, j.config, j.model, j.dataset, e.epoch, e.metric;
