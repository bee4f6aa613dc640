package dev.spacetime.results.persistence;

import static dev.spacetime.results.persistence.SqlArrays.bool;
import static dev.spacetime.results.persistence.SqlArrays.float8;
import static dev.spacetime.results.persistence.SqlArrays.int4;
import static dev.spacetime.results.persistence.SqlArrays.int8;
import static dev.spacetime.results.persistence.SqlArrays.json;
import static dev.spacetime.results.persistence.SqlArrays.text;
import static dev.spacetime.results.persistence.SqlArrays.timestamps;

import dev.spacetime.contracts.JobEvent;
import dev.spacetime.contracts.ModelPublished;
import dev.spacetime.contracts.ModelRetired;
import dev.spacetime.results.service.EventBatch;
import dev.spacetime.results.service.EventBatch.JobChange;
import dev.spacetime.results.service.EventBatch.Point;
import dev.spacetime.results.service.EventBatch.Result;
import dev.spacetime.results.service.RunConfigLabel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import javax.sql.DataSource;

/**
 * Writes a batch of events in ONE transaction, one statement per table ({@code INSERT ... SELECT FROM unnest(arrays)}).
 * Every write is idempotent, so a batch redelivered after a crash (its offsets were not committed) changes nothing:
 * events by (job_id, seq) with ON CONFLICT DO NOTHING; metric points and run results only replaced by a higher
 * sequence; the job row merged by the rules of {@link JobChange}.
 *
 * <p>Two batches may be written at once and commit in either order. The statements run in one order (events, points,
 * jobs, results) and each takes its rows in one order (sorted by job id), so they cannot deadlock. What depends on
 * other rows (a result's epoch mean, computed from the epoch points) is written after the job's row, whose lock
 * serialises that work on one job: whichever transaction comes second waits for the first to commit and then sees its
 * rows, its points included (READ COMMITTED takes a new snapshot per statement).
 *
 * <p>Instants travel as microseconds since 1970 in int8 arrays (binary; {@code results.timestamptz_from_micros} in
 * SQL), JSON as text that PostgreSQL parses into jsonb. The arrays are unnested in a select list, where PostgreSQL
 * streams them in lockstep (ProjectSet), not in FROM, where its function scan first copies every row into a
 * tuplestore (about 0.5 µs more per row; the arrays of one statement always have the same length).
 */
@ApplicationScoped
public class EventStore {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(EventStore.class);

    private static final String INSERT_EVENTS = """
            INSERT INTO results.job_events (job_id, seq, type, at, epoch, step, metrics, attributes, reason, worker)
            SELECT t.job_id, t.seq, t.type, results.timestamptz_from_micros(t.at), t.epoch, t.step, t.metrics::jsonb,
                   t.attributes::jsonb, t.reason, t.worker
            FROM (SELECT unnest(?::text[]) AS job_id, unnest(?::int8[]) AS seq, unnest(?::text[]) AS type,
                         unnest(?::int8[]) AS at, unnest(?::int4[]) AS epoch, unnest(?::int8[]) AS step,
                         unnest(?::text[]) AS metrics, unnest(?::text[]) AS attributes, unnest(?::text[]) AS reason,
                         unnest(?::text[]) AS worker) t
            ON CONFLICT (job_id, seq) DO NOTHING""";

    private static final String UPSERT_JOBS = """
            INSERT INTO results.jobs AS j (job_id, sweep_id, config, model, dataset, engine, seed, status, status_seq,
                   status_final, last_seq, last_epoch, last_step, params, attributes, hyperparameters, submitted_at,
                   started_at, finished_at, updated_at, worker, reason)
            SELECT t.job_id, t.sweep_id, t.config, t.model, t.dataset, t.engine, t.seed, t.status, t.status_seq,
                   t.status_final, t.last_seq, t.last_epoch, t.last_step, t.params, t.attributes::jsonb,
                   t.hyperparameters::jsonb, results.timestamptz_from_micros(t.submitted_at),
                   results.timestamptz_from_micros(t.started_at), results.timestamptz_from_micros(t.finished_at),
                   results.timestamptz_from_micros(t.updated_at), t.worker, t.reason
            FROM (SELECT unnest(?::text[]) AS job_id, unnest(?::text[]) AS sweep_id, unnest(?::text[]) AS config,
                         unnest(?::text[]) AS model, unnest(?::text[]) AS dataset, unnest(?::text[]) AS engine,
                         unnest(?::int8[]) AS seed, unnest(?::text[]) AS status, unnest(?::int8[]) AS status_seq,
                         unnest(?::bool[]) AS status_final, unnest(?::int8[]) AS last_seq,
                         unnest(?::int4[]) AS last_epoch, unnest(?::int8[]) AS last_step, unnest(?::int8[]) AS params,
                         unnest(?::text[]) AS attributes, unnest(?::text[]) AS hyperparameters,
                         unnest(?::int8[]) AS submitted_at, unnest(?::int8[]) AS started_at,
                         unnest(?::int8[]) AS finished_at, unnest(?::int8[]) AS updated_at,
                         unnest(?::text[]) AS worker, unnest(?::text[]) AS reason) t
            ON CONFLICT (job_id) DO UPDATE SET
                sweep_id        = COALESCE(EXCLUDED.sweep_id, j.sweep_id),
                config          = COALESCE(EXCLUDED.config, j.config),
                model           = COALESCE(EXCLUDED.model, j.model),
                dataset         = COALESCE(EXCLUDED.dataset, j.dataset),
                engine          = COALESCE(EXCLUDED.engine, j.engine),
                seed            = COALESCE(EXCLUDED.seed, j.seed),
                params          = COALESCE(EXCLUDED.params, j.params),
                attributes      = CASE WHEN EXCLUDED.attributes = '{}'::jsonb THEN j.attributes
                                       ELSE j.attributes || EXCLUDED.attributes END,
                hyperparameters = CASE WHEN EXCLUDED.hyperparameters = '{}'::jsonb THEN j.hyperparameters
                                       ELSE j.hyperparameters || EXCLUDED.hyperparameters END,
                status          = CASE WHEN (EXCLUDED.status_final, EXCLUDED.status_seq) > (j.status_final, j.status_seq)
                                       THEN EXCLUDED.status ELSE j.status END,
                reason          = CASE WHEN (EXCLUDED.status_final, EXCLUDED.status_seq) > (j.status_final, j.status_seq)
                                       THEN EXCLUDED.reason ELSE j.reason END,
                finished_at     = CASE WHEN (EXCLUDED.status_final, EXCLUDED.status_seq) > (j.status_final, j.status_seq)
                                       THEN EXCLUDED.finished_at ELSE j.finished_at END,
                status_seq      = CASE WHEN (EXCLUDED.status_final, EXCLUDED.status_seq) > (j.status_final, j.status_seq)
                                       THEN EXCLUDED.status_seq ELSE j.status_seq END,
                status_final    = j.status_final OR EXCLUDED.status_final,
                worker          = CASE WHEN EXCLUDED.last_seq > j.last_seq THEN COALESCE(EXCLUDED.worker, j.worker)
                                       ELSE j.worker END,
                last_seq        = GREATEST(j.last_seq, EXCLUDED.last_seq),
                last_epoch      = GREATEST(j.last_epoch, EXCLUDED.last_epoch),
                last_step       = GREATEST(j.last_step, EXCLUDED.last_step),
                submitted_at    = LEAST(j.submitted_at, EXCLUDED.submitted_at),
                started_at      = LEAST(j.started_at, EXCLUDED.started_at),
                updated_at      = GREATEST(j.updated_at, EXCLUDED.updated_at)""";

    private static final String UPSERT_EPOCH_POINTS = """
            INSERT INTO results.epoch_metrics AS m (time, job_id, epoch, metric, value, seq)
            SELECT results.timestamptz_from_micros(t.time), t.job_id, t.epoch, t.metric, t.value, t.seq
            FROM (SELECT unnest(?::int8[]) AS time, unnest(?::text[]) AS job_id, unnest(?::int4[]) AS epoch,
                         unnest(?::text[]) AS metric, unnest(?::float8[]) AS value, unnest(?::int8[]) AS seq) t
            ON CONFLICT (job_id, epoch, metric) DO UPDATE
                SET time = EXCLUDED.time, value = EXCLUDED.value, seq = EXCLUDED.seq
                WHERE m.seq < EXCLUDED.seq""";

    private static final String UPSERT_STEP_POINTS = """
            INSERT INTO results.step_metrics AS m (time, job_id, step, epoch, metric, value, seq)
            SELECT results.timestamptz_from_micros(t.time), t.job_id, t.step, t.epoch, t.metric, t.value, t.seq
            FROM (SELECT unnest(?::int8[]) AS time, unnest(?::text[]) AS job_id, unnest(?::int8[]) AS step,
                         unnest(?::int4[]) AS epoch, unnest(?::text[]) AS metric, unnest(?::float8[]) AS value,
                         unnest(?::int8[]) AS seq) t
            ON CONFLICT (job_id, step, metric) DO UPDATE
                SET time = EXCLUDED.time, epoch = EXCLUDED.epoch, value = EXCLUDED.value, seq = EXCLUDED.seq
                WHERE m.seq < EXCLUDED.seq""";

    private static final String UPSERT_RESULTS = """
            INSERT INTO results.run_results AS r (job_id, completed_at, seq, test_accuracy, test_loss, params,
                   train_seconds, epoch_seconds_mean, inference_p50_us, inference_p99_us, inference_batch_p50_us,
                   eval_seconds, peak_rss_bytes, peak_heap_bytes, accuracy_per_1k_params, metrics)
            SELECT t.job_id, results.timestamptz_from_micros(t.completed_at), t.seq, t.test_accuracy, t.test_loss,
                   t.params, t.train_seconds, t.epoch_seconds_mean, t.p50, t.p99, t.batch_p50, t.eval_seconds, t.rss,
                   t.heap, t.per1k, t.metrics::jsonb
            FROM (SELECT unnest(?::text[]) AS job_id, unnest(?::int8[]) AS completed_at, unnest(?::int8[]) AS seq,
                         unnest(?::float8[]) AS test_accuracy, unnest(?::float8[]) AS test_loss,
                         unnest(?::int8[]) AS params, unnest(?::float8[]) AS train_seconds,
                         unnest(?::float8[]) AS epoch_seconds_mean, unnest(?::float8[]) AS p50,
                         unnest(?::float8[]) AS p99, unnest(?::float8[]) AS batch_p50,
                         unnest(?::float8[]) AS eval_seconds, unnest(?::int8[]) AS rss, unnest(?::int8[]) AS heap,
                         unnest(?::float8[]) AS per1k, unnest(?::text[]) AS metrics) t
            ON CONFLICT (job_id) DO UPDATE SET
                completed_at = EXCLUDED.completed_at, seq = EXCLUDED.seq, test_accuracy = EXCLUDED.test_accuracy,
                test_loss = EXCLUDED.test_loss, params = EXCLUDED.params, train_seconds = EXCLUDED.train_seconds,
                epoch_seconds_mean = COALESCE(EXCLUDED.epoch_seconds_mean, r.epoch_seconds_mean),
                epoch_seconds_from_rows = EXCLUDED.epoch_seconds_mean IS NULL AND r.epoch_seconds_from_rows,
                inference_p50_us = EXCLUDED.inference_p50_us,
                inference_p99_us = EXCLUDED.inference_p99_us, inference_batch_p50_us = EXCLUDED.inference_batch_p50_us,
                eval_seconds = EXCLUDED.eval_seconds, peak_rss_bytes = EXCLUDED.peak_rss_bytes,
                peak_heap_bytes = EXCLUDED.peak_heap_bytes, accuracy_per_1k_params = EXCLUDED.accuracy_per_1k_params,
                metrics = EXCLUDED.metrics
            WHERE r.seq < EXCLUDED.seq""";

    /**
     * A COMPLETED event without a mean epoch time: the mean of the job's per-epoch rows. Batches may commit out of
     * order, so it is recomputed for every job whose epoch rows a later transaction adds.
     */
    private static final String FILL_EPOCH_MEAN = """
            UPDATE results.run_results r SET epoch_seconds_mean = s.mean, epoch_seconds_from_rows = true
            FROM (SELECT job_id, avg(value) AS mean FROM results.epoch_metrics
                  WHERE job_id = ANY(?::text[]) AND metric = 'epoch_seconds' GROUP BY job_id) s
            WHERE r.job_id = s.job_id AND (r.epoch_seconds_mean IS NULL OR r.epoch_seconds_from_rows)""";

    /** The jobs of a batch's epoch points that already have a result whose epoch mean came from rows. */
    private static final String RESULTS_FROM_ROWS = """
            SELECT job_id FROM results.run_results WHERE job_id = ANY(?::text[]) AND epoch_seconds_from_rows""";

    private static final String INSERT_MODEL = """
            INSERT INTO results.models (model_name, version, job_id, architecture, artifact_uri, sha256, size_bytes,
                   metrics, published_at)
            VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?::jsonb, ?::timestamptz)
            ON CONFLICT (model_name, version) DO NOTHING""";
    /** The first retirement counts; a redelivered one changes nothing (its time included). */
    private static final String RETIRE_MODEL = """
            UPDATE results.models SET status = 'RETIRED', retired_at = ?::timestamptz, retired_reason = ?
            WHERE model_name = ? AND version = ? AND status <> 'RETIRED'""";

    @Inject
    DataSource dataSource;

    /** Stores one batch in one transaction; returns how many of its events were new (the rest were redeliveries). */
    @Transactional
    public int write(EventBatch batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        try (Connection c = dataSource.getConnection()) {
            long t0 = System.nanoTime();
            int inserted = insertEvents(c, batch.events().stream().sorted(Comparator.comparing(JobEvent::jobId)
                    .thenComparingLong(JobEvent::sequence)).toList());
            long t1 = System.nanoTime();
            upsertPoints(c, batch.epochPoints(), false);
            upsertPoints(c, batch.stepPoints(), true);
            long t2 = System.nanoTime();
            // The job rows last but for the results: their locks, held until the commit, make a second batch about
            // the same jobs wait, and this way it waits only for the first one's results, not for all its points.
            upsertJobs(c, batch.jobs().stream().sorted(Comparator.comparing(j -> j.jobId)).toList());
            long t3 = System.nanoTime();
            upsertResults(c, batch.results());
            refreshEpochMeans(c, batch);
            if (LOG.isDebugEnabled()) {
                LOG.debugf("batch of %d events (%d jobs, %d epoch points, %d step points, %d results): events %.1f ms, "
                        + "points %.1f ms, jobs %.1f ms, results %.1f ms", batch.events().size(), batch.jobs().size(),
                        batch.epochPoints().size(), batch.stepPoints().size(), batch.results().size(), (t1 - t0) / 1e6,
                        (t2 - t1) / 1e6, (t3 - t2) / 1e6, (System.nanoTime() - t3) / 1e6);
            }
            return inserted;
        } catch (SQLException e) {
            throw new StoreException("storing " + batch.events().size() + " events failed", e);
        }
    }

    /** Stores one model version (a republished version is a redelivery and changes nothing); true when new. */
    @Transactional
    public boolean write(ModelPublished m) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT_MODEL)) {
            ps.setString(1, m.modelName());
            ps.setInt(2, m.version());
            ps.setString(3, m.jobId());
            ps.setString(4, JsonText.object(m.architecture()));
            ps.setString(5, m.artifactUri());
            ps.setString(6, m.sha256());
            ps.setLong(7, m.sizeBytes());
            ps.setString(8, JsonText.object(m.metrics()));
            ps.setString(9, (m.publishedAt() != null ? m.publishedAt() : java.time.Instant.now()).toString());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("storing model " + m.modelName() + " v" + m.version() + " failed", e);
        }
    }

    /**
     * Marks a model version RETIRED; true when it changed. A retired version, or one never announced (the models topic
     * puts a retirement after its announcement, so only a hand-made record does this), is left as it is.
     */
    @Transactional
    public boolean write(ModelRetired r) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(RETIRE_MODEL)) {
            ps.setString(1, (r.retiredAt() != null ? r.retiredAt() : java.time.Instant.now()).toString());
            ps.setString(2, r.reason());
            ps.setString(3, r.modelName());
            ps.setInt(4, r.version());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("retiring model " + r.modelName() + " v" + r.version() + " failed", e);
        }
    }

    private static int insertEvents(Connection c, List<JobEvent> events) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_EVENTS)) {
            ps.setArray(1, text(c, events, JobEvent::jobId));
            ps.setArray(2, int8(c, events, JobEvent::sequence));
            ps.setArray(3, text(c, events, e -> e.type().name()));
            ps.setArray(4, timestamps(c, events, JobEvent::at));
            ps.setArray(5, int4(c, events, JobEvent::epoch));
            ps.setArray(6, int8(c, events, JobEvent::step));
            ps.setArray(7, json(c, events, JobEvent::metrics));
            ps.setArray(8, json(c, events, e -> e.attributes().isEmpty() ? null : e.attributes()));
            ps.setArray(9, text(c, events, JobEvent::reason));
            ps.setArray(10, text(c, events, JobEvent::worker));
            return ps.executeUpdate();
        }
    }

    private static void upsertJobs(Connection c, List<JobChange> jobs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPSERT_JOBS)) {
            ps.setArray(1, text(c, jobs, j -> j.jobId));
            ps.setArray(2, text(c, jobs, j -> j.sweepId != null ? j.sweepId : j.attributes.get("sweep")));
            ps.setArray(3, text(c, jobs, JobChange::config));
            ps.setArray(4, text(c, jobs, j -> j.attributes.get("model")));
            ps.setArray(5, text(c, jobs, j -> j.attributes.get("dataset")));
            ps.setArray(6, text(c, jobs, j -> j.attributes.get("engine")));
            ps.setArray(7, int8(c, jobs, JobChange::seed));
            ps.setArray(8, text(c, jobs, j -> j.status.name()));
            ps.setArray(9, int8(c, jobs, j -> j.statusSeq));
            ps.setArray(10, bool(c, jobs, j -> j.status.isFinal()));
            ps.setArray(11, int8(c, jobs, j -> j.lastSeq));
            ps.setArray(12, int4(c, jobs, j -> j.lastEpoch));
            ps.setArray(13, int8(c, jobs, j -> j.lastStep));
            ps.setArray(14, int8(c, jobs, j -> j.params));
            ps.setArray(15, json(c, jobs, j -> j.attributes));
            ps.setArray(16, json(c, jobs, j -> RunConfigLabel.hyperparameters(j.attributes)));
            ps.setArray(17, timestamps(c, jobs, j -> j.submittedAt));
            ps.setArray(18, timestamps(c, jobs, j -> j.startedAt));
            ps.setArray(19, timestamps(c, jobs, j -> j.finishedAt));
            ps.setArray(20, timestamps(c, jobs, j -> j.updatedAt));
            ps.setArray(21, text(c, jobs, j -> j.worker));
            ps.setArray(22, text(c, jobs, j -> j.reason));
            ps.executeUpdate();
        }
    }

    private static void upsertPoints(Connection c, Collection<Point> unordered, boolean steps) throws SQLException {
        if (unordered.isEmpty()) {
            return;
        }
        // Rows locked in one order by every transaction: two batches written at once cannot deadlock.
        List<Point> points = unordered.stream().sorted(Comparator.comparing(Point::jobId)
                .thenComparingLong(Point::index).thenComparing(Point::metric)).toList();
        try (PreparedStatement ps = c.prepareStatement(steps ? UPSERT_STEP_POINTS : UPSERT_EPOCH_POINTS)) {
            int i = 1;
            ps.setArray(i++, timestamps(c, points, Point::time));
            ps.setArray(i++, text(c, points, Point::jobId));
            if (steps) {
                ps.setArray(i++, int8(c, points, Point::index));
            }
            ps.setArray(i++, int4(c, points, Point::epoch));
            ps.setArray(i++, text(c, points, Point::metric));
            ps.setArray(i++, float8(c, points, Point::value));
            ps.setArray(i, int8(c, points, Point::seq));
            ps.executeUpdate();
        }
    }

    private static void upsertResults(Connection c, Collection<Result> results) throws SQLException {
        if (results.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(UPSERT_RESULTS)) {
            ps.setArray(1, text(c, results, Result::jobId));
            ps.setArray(2, timestamps(c, results, Result::completedAt));
            ps.setArray(3, int8(c, results, Result::seq));
            ps.setArray(4, float8(c, results, Result::testAccuracy));
            ps.setArray(5, float8(c, results, Result::testLoss));
            ps.setArray(6, int8(c, results, Result::params));
            ps.setArray(7, float8(c, results, Result::trainSeconds));
            ps.setArray(8, float8(c, results, Result::epochSecondsMean));
            ps.setArray(9, float8(c, results, Result::inferenceP50Us));
            ps.setArray(10, float8(c, results, Result::inferenceP99Us));
            ps.setArray(11, float8(c, results, Result::inferenceBatchP50Us));
            ps.setArray(12, float8(c, results, Result::evalSeconds));
            ps.setArray(13, int8(c, results, Result::peakRssBytes));
            ps.setArray(14, int8(c, results, Result::peakHeapBytes));
            ps.setArray(15, float8(c, results, Result::accuracyPer1kParams));
            ps.setArray(16, json(c, results, Result::metrics));
            ps.executeUpdate();
        }
        List<String> missingMean = new ArrayList<>();
        results.stream().filter(r -> r.epochSecondsMean() == null).forEach(r -> missingMean.add(r.jobId()));
        fillEpochMeans(c, missingMean);
    }

    /** Epoch rows that commit after their job's COMPLETED event (batches in flight at once) update its mean. */
    private static void refreshEpochMeans(Connection c, EventBatch batch) throws SQLException {
        String[] jobs = batch.epochPoints().stream().map(Point::jobId).distinct().toArray(String[]::new);
        if (jobs.length == 0) {
            return;
        }
        List<String> stale = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(RESULTS_FROM_ROWS)) {
            ps.setArray(1, c.createArrayOf("text", jobs));
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stale.add(rs.getString(1));
                }
            }
        }
        fillEpochMeans(c, stale);
    }

    private static void fillEpochMeans(Connection c, List<String> jobs) throws SQLException {
        if (!jobs.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(FILL_EPOCH_MEAN)) {
                ps.setArray(1, c.createArrayOf("text", jobs.toArray(String[]::new)));
                ps.executeUpdate();
            }
        }
    }
}
