package dev.spacetime.results.persistence;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spacetime.contracts.Json;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** The read side: runs, their events and curves, sweeps, models. Each query is timed ({@code spacetime.results.query}). */
@ApplicationScoped
public class RunQueries {

    private static final ObjectMapper MAPPER = Json.MAPPER;
    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() { };
    private static final TypeReference<Map<String, Double>> NUMBERS = new TypeReference<>() { };

    private static final String RUN_COLUMNS = """
            job_id, sweep_id, config, model, dataset, engine, seed, status, reason, worker, attributes, submitted_at,
            started_at, finished_at, last_epoch, params, test_accuracy, test_loss, train_seconds, epoch_seconds_mean,
            eval_seconds, inference_p50_us, inference_p99_us, inference_batch_p50_us, peak_rss_bytes, peak_heap_bytes,
            accuracy_per_1k_params, final_metrics""";

    /** One point of a curve. */
    public record Point(long x, Double value) {
    }

    /** One stored event. */
    public record EventRow(long seq, String type, Instant at, Integer epoch, Long step, Map<String, Double> metrics,
                           String reason, String worker) {
    }

    /** One model version; {@code status} PUBLISHED or RETIRED (then with when and why). */
    public record ModelRow(String name, int version, String jobId, Map<String, String> architecture, String artifactUri,
                           String sha256, long sizeBytes, Map<String, Double> metrics, Instant publishedAt,
                           String status, Instant retiredAt, String retiredReason) {
    }

    /** Mean ± std of one metric at one epoch over a configuration's seeds. */
    public record BandPoint(String sweepId, String config, String metric, int epoch, int n, Double mean, Double std) {
    }

    /**
     * One COMPLETED run on the frontier view: its objectives and whether it is Pareto-optimal within its sweep and
     * dataset on all of them ({@code pareto}) and on accuracy against each one alone.
     */
    public record FrontierRow(String jobId, String sweepId, String dataset, String model, String config, Long seed,
                              double testAccuracy, Long params, Double trainSeconds, Long peakRssBytes, boolean pareto,
                              boolean paretoParams, boolean paretoTime, boolean paretoMemory) {
    }

    /** The values the filters can take: every sweep, model and dataset that has a run. */
    public record Choices(List<String> sweeps, List<String> models, List<String> datasets) {
    }

    @Inject
    DataSource dataSource;

    @Inject
    MeterRegistry registry;

    public long count(RunFilter filter) {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT count(*) FROM results.run_summary" + filter.where(params);
        return timed("count_runs", () -> query(sql, params, rs -> rs.getLong(1)).getFirst());
    }

    public List<RunRow> list(RunFilter filter, int limit, long offset) {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT " + RUN_COLUMNS + " FROM results.run_summary" + filter.where(params)
                + " ORDER BY submitted_at DESC NULLS LAST, job_id LIMIT ? OFFSET ?";
        params.add(limit);
        params.add(offset);
        return timed("list_runs", () -> query(sql, params, RunQueries::run));
    }

    /** Every run matching, oldest first (CSV export, sweep summaries). */
    public List<RunRow> all(RunFilter filter) {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT " + RUN_COLUMNS + " FROM results.run_summary" + filter.where(params)
                + " ORDER BY submitted_at NULLS LAST, job_id";
        return timed("all_runs", () -> query(sql, params, RunQueries::run));
    }

    public Optional<RunRow> find(String jobId) {
        return find(List.of(jobId)).stream().findFirst();
    }

    public List<RunRow> find(Collection<String> jobIds) {
        String sql = "SELECT " + RUN_COLUMNS + " FROM results.run_summary WHERE job_id = ANY(?::text[])";
        return timed("find_runs", () -> query(sql, List.<Object>of((Object) jobIds.toArray(String[]::new)), RunQueries::run));
    }

    public List<EventRow> events(String jobId) {
        String sql = "SELECT seq, type, at, epoch, step, metrics, reason, worker FROM results.job_events "
                + "WHERE job_id = ? ORDER BY seq";
        return timed("run_events", () -> query(sql, List.of(jobId), rs -> new EventRow(rs.getLong(1), rs.getString(2),
                instant(rs, 3), (Integer) rs.getObject(4), (Long) rs.getObject(5), json(rs.getString(6), NUMBERS),
                rs.getString(7), rs.getString(8))));
    }

    /** job id → metric → points by epoch (ascending). */
    public Map<String, Map<String, List<Point>>> epochCurves(Collection<String> jobIds) {
        String sql = "SELECT job_id, metric, epoch, value FROM results.epoch_metrics WHERE job_id = ANY(?::text[]) "
                + "ORDER BY job_id, metric, epoch";
        return timed("epoch_curves", () -> curves(sql, jobIds));
    }

    /** job id → metric → points by step (ascending). */
    public Map<String, Map<String, List<Point>>> stepCurves(Collection<String> jobIds) {
        String sql = "SELECT job_id, metric, step, value FROM results.step_metrics WHERE job_id = ANY(?::text[]) "
                + "ORDER BY job_id, metric, step";
        return timed("step_curves", () -> curves(sql, jobIds));
    }

    /** Mean ± std per configuration, metric and epoch over the sweep's runs (the seed bands). */
    public List<BandPoint> bands(String sweepId) {
        return bands(new RunFilter(sweepId, null, null, null));
    }

    /**
     * The seed bands of every configuration matching the filter (its status is ignored: the view has none), by sweep,
     * configuration, metric and epoch.
     */
    public List<BandPoint> bands(RunFilter filter) {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT sweep_id, config, metric, epoch, n, mean, std FROM results.config_epoch_metrics"
                + filter.withoutStatus().where(params) + " ORDER BY sweep_id, config, metric, epoch";
        return timed("sweep_bands", () -> query(sql, params, rs -> new BandPoint(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getInt(4), rs.getInt(5), (Double) rs.getObject(6), (Double) rs.getObject(7))));
    }

    /** The frontier view's rows matching the filter (its status is ignored: the frontier holds COMPLETED runs only). */
    public List<FrontierRow> frontier(RunFilter filter) {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT job_id, sweep_id, dataset, model, config, seed, test_accuracy, params, train_seconds, "
                + "peak_rss_bytes, pareto, pareto_params, pareto_time, pareto_memory FROM results.frontier"
                + filter.withoutStatus().where(params) + " ORDER BY sweep_id, dataset, job_id";
        return timed("frontier", () -> query(sql, params, rs -> new FrontierRow(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getString(4), rs.getString(5), (Long) rs.getObject(6), rs.getDouble(7),
                (Long) rs.getObject(8), (Double) rs.getObject(9), (Long) rs.getObject(10), rs.getBoolean(11),
                rs.getBoolean(12), rs.getBoolean(13), rs.getBoolean(14))));
    }

    /** Every sweep, model and dataset that has a run, sorted: the options of the results page's filters. */
    public Choices choices() {
        String sql = "SELECT 's', sweep_id FROM (SELECT DISTINCT sweep_id FROM results.jobs WHERE sweep_id IS NOT NULL) s "
                + "UNION ALL SELECT 'm', model FROM (SELECT DISTINCT model FROM results.jobs WHERE model IS NOT NULL) m "
                + "UNION ALL SELECT 'd', dataset FROM (SELECT DISTINCT dataset FROM results.jobs "
                + "WHERE dataset IS NOT NULL) d ORDER BY 1, 2";
        List<String[]> rows = timed("filter_choices", () -> query(sql, List.of(),
                rs -> new String[]{rs.getString(1), rs.getString(2)}));
        return new Choices(column(rows, "s"), column(rows, "m"), column(rows, "d"));
    }

    public boolean sweepExists(String sweepId) {
        return timed("sweep_exists", () -> !query("SELECT 1 FROM results.jobs WHERE sweep_id = ? LIMIT 1",
                List.of(sweepId), rs -> 1).isEmpty());
    }

    /** Deletes a run with its events, metric points and results in one transaction; false when there was none. */
    @jakarta.transaction.Transactional
    public boolean delete(String jobId) {
        return timed("delete_run", () -> {
            try (Connection c = dataSource.getConnection()) {
                int n = 0;
                for (String table : List.of("job_events", "epoch_metrics", "step_metrics", "run_results", "jobs")) {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM results." + table + " WHERE job_id = ?")) {
                        ps.setString(1, jobId);
                        n = ps.executeUpdate();
                    }
                }
                return n > 0;
            } catch (SQLException e) {
                throw new StoreException("deleting run " + jobId + " failed", e);
            }
        });
    }

    public List<ModelRow> models(String name) {
        String sql = "SELECT model_name, version, job_id, architecture, artifact_uri, sha256, size_bytes, metrics, "
                + "published_at, status, retired_at, retired_reason FROM results.models"
                + (name == null ? "" : " WHERE model_name = ?") + " ORDER BY model_name, version";
        return timed(name == null ? "list_models" : "model_versions", () -> query(sql,
                name == null ? List.of() : List.of(name), rs -> new ModelRow(rs.getString(1), rs.getInt(2),
                        rs.getString(3), json(rs.getString(4), STRINGS), rs.getString(5), rs.getString(6), rs.getLong(7),
                        json(rs.getString(8), NUMBERS), instant(rs, 9), rs.getString(10), instant(rs, 11),
                        rs.getString(12))));
    }

    // ---- plumbing ----

    private static List<String> column(List<String[]> rows, String kind) {
        return rows.stream().filter(r -> r[0].equals(kind)).map(r -> r[1]).toList();
    }

    private Map<String, Map<String, List<Point>>> curves(String sql, Collection<String> jobIds) {
        Map<String, Map<String, List<Point>>> out = new LinkedHashMap<>();
        for (String id : jobIds) {
            out.put(id, new LinkedHashMap<>());
        }
        query(sql, List.<Object>of((Object) jobIds.toArray(String[]::new)), rs -> {
            out.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                    .computeIfAbsent(rs.getString(2), k -> new ArrayList<>())
                    .add(new Point(rs.getLong(3), (Double) rs.getObject(4)));
            return null;
        });
        return out;
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, List<?> params, RowMapper<T> mapper) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                Object p = params.get(i);
                if (p instanceof String[] array) {
                    ps.setArray(i + 1, c.createArrayOf("text", array));
                } else {
                    ps.setObject(i + 1, p);
                }
            }
            ps.setFetchSize(1000);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("query failed", e);
        }
    }

    private <T> T timed(String name, java.util.function.Supplier<T> body) {
        return Timer.builder("spacetime.results.query").tag("query", name)
                .description("Time of one read query against PostgreSQL").register(registry).record(body);
    }

    private static RunRow run(ResultSet rs) throws SQLException {
        return new RunRow(rs.getString("job_id"), rs.getString("sweep_id"), rs.getString("config"),
                rs.getString("model"), rs.getString("dataset"), rs.getString("engine"), (Long) rs.getObject("seed"),
                rs.getString("status"), rs.getString("reason"), rs.getString("worker"),
                json(rs.getString("attributes"), STRINGS), instant(rs, "submitted_at"), instant(rs, "started_at"),
                instant(rs, "finished_at"), (Integer) rs.getObject("last_epoch"), (Long) rs.getObject("params"),
                (Double) rs.getObject("test_accuracy"), (Double) rs.getObject("test_loss"),
                (Double) rs.getObject("train_seconds"), (Double) rs.getObject("epoch_seconds_mean"),
                (Double) rs.getObject("eval_seconds"), (Double) rs.getObject("inference_p50_us"),
                (Double) rs.getObject("inference_p99_us"), (Double) rs.getObject("inference_batch_p50_us"),
                (Long) rs.getObject("peak_rss_bytes"), (Long) rs.getObject("peak_heap_bytes"),
                (Double) rs.getObject("accuracy_per_1k_params"), json(rs.getString("final_metrics"), NUMBERS));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static <T> T json(String s, TypeReference<T> type) {
        if (s == null) {
            return null;
        }
        try {
            return MAPPER.readValue(s, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
