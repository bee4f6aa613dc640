package dev.spacetime.results;

import static dev.spacetime.results.TestEvents.attributes;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.contracts.JobEvent;
import dev.spacetime.stack.Postgres;
import dev.spacetime.stack.StackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Flyway's schema, the views Grafana reads, and the read-only role. */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class SchemaTest {

    @Test
    void migrationsRanIntoTheirOwnSchema() throws SQLException {
        assertEquals(7L, TestEvents.count("SELECT count(*) FROM results.flyway_schema_history WHERE success AND type = 'SQL'"));
        for (String relation : List.of("jobs", "job_events", "epoch_metrics", "step_metrics", "run_results", "models",
                "run_summary", "frontier", "config_epoch_metrics")) {
            assertEquals(1L, TestEvents.count("SELECT count(*) FROM information_schema.tables WHERE table_schema = "
                    + "'results' AND table_name = ?", relation), relation);
        }
        assertEquals("timestamp with time zone", TestEvents.value("SELECT data_type FROM information_schema.columns "
                + "WHERE table_schema = 'results' AND table_name = 'epoch_metrics' AND column_name = 'time'"));
        assertEquals("'PUBLISHED'::text", TestEvents.value("SELECT column_default FROM information_schema.columns "
                + "WHERE table_schema = 'results' AND table_name = 'models' AND column_name = 'status'"));
    }

    @Test
    void theGrafanaRoleCanReadEverythingAndWriteNothing() throws SQLException {
        Postgres pg = StackTestResource.postgres();
        try (Connection c = pg.connectAsReader(Postgres.DATABASE); Statement s = c.createStatement()) {
            // The role's sessions default to read-only; lift that so the privileges themselves are what is tested.
            s.execute("SET default_transaction_read_only = off");
            for (String relation : List.of("jobs", "job_events", "epoch_metrics", "step_metrics", "run_results",
                    "models", "run_summary", "frontier", "config_epoch_metrics")) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM results." + relation)) {
                    assertTrue(rs.next(), relation);
                }
            }
            SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate(
                    "INSERT INTO results.jobs (job_id, status, status_seq, status_final, last_seq, updated_at) "
                            + "VALUES ('grafana-was-here', 'ACCEPTED', 1, false, 1, now())"));
            assertEquals("42501", e.getSQLState(), e.getMessage());
            SQLException d = assertThrows(SQLException.class, () -> s.executeUpdate("DELETE FROM results.job_events"));
            assertEquals("42501", d.getSQLState(), d.getMessage());
        }
    }

    /**
     * The ingest's instants travel as microseconds since 1970: exact over the whole range (int8 * interval computes in
     * float8, exact only below 2^53 µs, which the function works around), the same in every session time zone, and
     * out of range a data error (class 22), which dead-letters the event.
     */
    @Test
    void microsecondsBecomeTimestampsExactly() throws SQLException {
        try (Connection c = StackTestResource.connect(); Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'Europe/Berlin'");
            for (String instant : List.of("2026-11-23T12:00:00.123456Z", "1969-12-31T23:59:59.999999Z",
                    "0001-01-01T00:00:00Z", "+294246-12-31T23:59:59.999999Z", "1970-01-01T00:00:00Z")) {
                java.time.Instant t = java.time.Instant.parse(instant);
                long micros = Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
                assertTrue(isTrue(s, "SELECT extract(epoch FROM results.timestamptz_from_micros(" + micros
                        + ")) * 1000000 = " + micros), instant);
            }
            assertTrue(isTrue(s, "SELECT results.timestamptz_from_micros(1795435200123456) = "
                    + "'2026-11-23 12:00:00.123456+00'"));
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(
                    "SELECT results.timestamptz_from_micros('" + Long.MIN_VALUE + "'::int8)"));
            assertEquals("22", e.getSQLState().substring(0, 2), e.getMessage());
        }
    }

    private static boolean isTrue(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /**
     * Three runs of one sweep: r1 (0.90, 100 params, 10 s, 1 MB) and r2 (0.95, 200, 20 s, 2 MB) trade accuracy against
     * cost; r3 (0.85, 300, 30 s, 3 MB) is worse than r1 on everything. r4 (0.95, 150, 25 s, 2 MB) beats r2 on params.
     */
    @Test
    void theFrontierFlagsParetoRunsPerSweep() throws Exception {
        String sweep = TestEvents.uid("sweep-frontier");
        double[][] runs = {{0.90, 100, 10, 1e6}, {0.95, 200, 20, 2e6}, {0.85, 300, 30, 3e6}, {0.95, 150, 25, 2e6}};
        List<JobEvent> events = new ArrayList<>();
        for (int i = 0; i < runs.length; i++) {
            events.addAll(TestEvents.run(sweep + "-r" + (i + 1), sweep, attributes("mlp", "mnist", i, sweep), 1,
                    Map.of("test_accuracy", runs[i][0], "params", runs[i][1], "train_seconds", runs[i][2],
                            "peak_rss_bytes", runs[i][3])));
        }
        TestEvents.send(events);
        await().atMost(Duration.ofSeconds(30)).until(() -> TestEvents.count(
                "SELECT count(*) FROM results.frontier WHERE sweep_id = ?", sweep) == 4);
        Map<String, String> flags = new HashMap<>();
        try (Connection c = StackTestResource.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT job_id, pareto, pareto_params, pareto_time, pareto_memory "
                     + "FROM results.frontier WHERE sweep_id = '" + sweep + "'")) {
            while (rs.next()) {
                flags.put(rs.getString(1).substring(sweep.length() + 1), rs.getBoolean(2) + " " + rs.getBoolean(3)
                        + " " + rs.getBoolean(4) + " " + rs.getBoolean(5));
            }
        }
        //                          all   params time  memory
        assertEquals("true true true true", flags.get("r1"));
        assertEquals("true false true true", flags.get("r2"), "r4 has r2's accuracy with fewer parameters");
        assertEquals("false false false false", flags.get("r3"));
        assertEquals("true true false true", flags.get("r4"), "r2 has r4's accuracy in less time");
    }
}
