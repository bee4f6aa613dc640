package dev.spacetime.results;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spacetime.grafana.Dashboard;
import dev.spacetime.grafana.Dashboards;
import dev.spacetime.grafana.Panel;
import dev.spacetime.grafana.SqlPanels;
import dev.spacetime.grafana.TimeRange;
import dev.spacetime.stack.Postgres;
import dev.spacetime.stack.StackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every SQL query of every Grafana dashboard, prepared as Grafana prepares it (template variables from their own
 * queries, set to All; macros expanded for a time range over the data), run as Grafana's read-only role on the schema
 * Flyway built, over a realistic history that went through this service's own ingest (Kafka → PostgreSQL). Each query
 * must return rows, and columns a panel of its kind can draw.
 */
@QuarkusTest
@WithTestResource(StackTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardSqlTest {

    static final Set<String> NUMBER = Set.of("int2", "int4", "int8", "float4", "float8", "numeric");
    static final Set<String> TIME = Set.of("timestamptz", "timestamp");
    static final TimeRange RANGE = new TimeRange(DashboardDataSet.START.minus(Duration.ofHours(1)),
            DashboardDataSet.START.plus(Duration.ofDays(1)), Duration.ofMinutes(1));

    final DashboardDataSet data = new DashboardDataSet();

    @BeforeAll
    void ingestTheHistory() {
        TestEvents.send(data.events);
        // Ingested when every completed run of the three sweeps has its result (the iris run has no sweep), every deep
        // run its 8 steps × 6 metrics, and the failed run its status.
        String sweeps = "'" + data.widthSweep + "','" + data.depthSweep + "','" + data.deepSweep + "'";
        await().atMost(Duration.ofSeconds(60)).until(() -> TestEvents.count("SELECT count(*) FROM results.run_results r "
                + "JOIN results.jobs j USING (job_id) WHERE j.sweep_id IN (" + sweeps + ")") == data.completed - 1
                && TestEvents.count("SELECT count(*) FROM results.step_metrics s JOIN results.jobs j USING (job_id) "
                + "WHERE j.sweep_id = ?", data.deepSweep) == data.deepJobs * 8L * 6
                && TestEvents.count("SELECT count(*) FROM results.jobs WHERE status = 'FAILED' AND sweep_id = ?",
                data.widthSweep) == 1);
    }

    List<SqlPanels.Result> run(String uid) throws Exception {
        Dashboard d = Dashboards.all().stream().filter(x -> uid.equals(x.uid())).findFirst().orElseThrow();
        try (Connection c = StackTestResource.postgres().connectAsReader(Postgres.DATABASE)) {
            List<SqlPanels.Result> results = SqlPanels.run(d, c, RANGE);
            assertEquals(d.targets().stream().filter(t -> t.isSql()).count(), results.size(), uid);
            assertFalse(results.isEmpty(), uid);
            for (SqlPanels.Result r : results) {
                assertTrue(r.rows() > 0, () -> r.target() + " returned no rows:\n" + r.sql());
                checkColumns(r);
            }
            return results;
        }
    }

    /** What a panel of the query's kind needs: a time series needs time + numbers (+ one metric label) etc. */
    static void checkColumns(SqlPanels.Result r) {
        Panel p = r.target().panel();
        String where = r.target() + " " + r.columns();
        assertEquals(r.columns().size(), r.columns().stream().map(SqlPanels.Column::name).distinct().count(),
                "duplicate column names: " + where);
        if (r.target().format().equals("time_series")) {
            SqlPanels.Column time = r.column("time");
            assertNotNull(time, "a time series needs a time column: " + where);
            assertTrue(NUMBER.contains(time.type()) || TIME.contains(time.type()), where);
            for (SqlPanels.Column c : r.columns()) {
                if (!c.name().equals("time")) {
                    assertTrue(NUMBER.contains(c.type()) || c.name().equals("metric") && c.type().equals("text"),
                            "a time series takes numbers and one text column named metric: " + where);
                }
            }
            assertTrue(r.columns().stream().anyMatch(c -> NUMBER.contains(c.type()) && !c.name().equals("time")),
                    "no value column: " + where);
        }
        for (String field : p.plottedFields()) {
            if (r.column(field) != null || p.type().equals("trend")) {
                assertNotNull(r.column(field), p + " plots " + field + ": " + where);
                assertTrue(NUMBER.contains(r.column(field).type()), p + " plots " + field + " as a number: " + where);
            }
        }
        for (JsonNode t : p.json().path("transformations")) {
            for (JsonNode f : t.path("options").path("fields")) {
                assertNotNull(r.column(f.asText()), p + " partitions by " + f.asText() + ": " + where);
            }
        }
    }

    /** Each XY series reads its x and y from the query (frame) it names. */
    static void checkXySeries(List<SqlPanels.Result> results) {
        Map<Panel, List<SqlPanels.Result>> byPanel = results.stream().collect(Collectors.groupingBy(
                r -> r.target().panel(), java.util.LinkedHashMap::new, Collectors.toList()));
        byPanel.forEach((panel, rs) -> {
            for (JsonNode s : panel.json().path("options").path("series")) {
                SqlPanels.Result frame = rs.get(s.path("frame").path("matcher").path("options").asInt());
                for (String axis : List.of("x", "y")) {
                    String field = s.path(axis).path("matcher").path("options").asText();
                    assertNotNull(frame.column(field), panel + " series " + s.path("name") + " reads " + field
                            + " from " + frame.target() + " " + frame.columns());
                }
            }
        });
    }

    static SqlPanels.Result result(List<SqlPanels.Result> rs, String panel, String refId) {
        return rs.stream().filter(r -> r.target().panel().title().equals(panel) && r.target().refId().equals(refId))
                .findFirst().orElseThrow(() -> new AssertionError("no query " + refId + " in panel " + panel));
    }

    @Test
    void frontier() throws Exception {
        List<SqlPanels.Result> rs = run("spacetime-frontier");
        checkXySeries(rs);
        for (String panel : List.of("Accuracy vs unique parameters", "Accuracy vs training time", "Accuracy vs peak memory")) {
            SqlPanels.Result all = result(rs, panel, "A");
            SqlPanels.Result pareto = result(rs, panel, "B");
            assertTrue(pareto.rows() < all.rows(), panel + ": the highlighted frontier (" + pareto.rows()
                    + " rows) must be fewer runs than all (" + all.rows() + ")");
            assertEquals("float8", all.column("test_accuracy").type(), panel);
        }
        assertEquals(List.of("job_id", "sweep_id", "dataset", "model", "config", "seed", "test_accuracy", "params",
                "train_seconds", "peak_rss_bytes", "pareto_params", "pareto_time", "pareto_memory"),
                names(result(rs, "Pareto-optimal runs (accuracy, parameters, time, memory)", "A")));
    }

    @Test
    void runs() throws Exception {
        List<SqlPanels.Result> rs = run("spacetime-runs");
        assertEquals(List.of("time", "metric", "train_loss"), names(result(rs, "Training loss per run", "A")));
        assertEquals(List.of("epoch", "job_id", "val_accuracy"), names(result(rs, "Validation accuracy by epoch", "A")));
        SqlPanels.Result band = result(rs, "Validation accuracy over seeds (mean ± std)", "A");
        assertEquals(List.of("epoch", "config", "mean", "mean_minus_std", "mean_plus_std", "seeds"), names(band));
        assertEquals("float8", band.column("mean_minus_std").type());
        SqlPanels.Result table = result(rs, "Runs", "A");
        assertTrue(table.rows() >= data.jobs, "the run table lists every run of the data set: " + table.rows());
        assertEquals("timestamptz", table.column("finished_at").type());
    }

    @Test
    void deepNets() throws Exception {
        List<SqlPanels.Result> rs = run("spacetime-deep");
        checkXySeries(rs);
        assertEquals(List.of("time", "metric", "value"), names(result(rs, "Bytes streamed", "A")));
        SqlPanels.Result ablation = result(rs, "Depth ablation", "A");
        assertEquals(List.of("layers", "runs", "step_seconds", "layer_samples_per_s", "bytes_read", "bytes_written",
                "peak_rss_bytes", "final_loss"), names(ablation));
        assertTrue(ablation.rows() >= 3, "three depths in the data set: " + ablation.rows());
        assertEquals("text", result(rs, "Depth ablation: seconds per layer per step", "A").column("depth").type());
    }

    @Test
    void servicesJobsByStatus() throws Exception {
        SqlPanels.Result r = result(run("spacetime-services"), "Jobs by status (results database)", "A");
        assertEquals(List.of("metric", "jobs"), names(r));
        assertTrue(r.rows() >= 2, "COMPLETED and FAILED at least: " + r.rows());
    }

    static List<String> names(SqlPanels.Result r) {
        return new ArrayList<>(r.columns().stream().map(SqlPanels.Column::name).toList());
    }
}
