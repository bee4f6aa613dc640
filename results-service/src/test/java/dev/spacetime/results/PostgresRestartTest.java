package dev.spacetime.results;

import static dev.spacetime.results.TestEvents.attributes;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spacetime.contracts.JobEvent;
import dev.spacetime.stack.StackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away mid-stream: nothing is lost, nothing is stored twice, nothing good is dead-lettered, and
 * readiness says DOWN while the database is away.
 */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class PostgresRestartTest {

    private static final int JOBS = 12;
    private static final int EPOCHS = 8;
    private static final int EVENTS_PER_JOB = EPOCHS + 3;

    @Test
    void aRestartMidStreamLosesNothingAndDuplicatesNothing() throws Exception {
        String prefix = TestEvents.uid("pgrestart");
        List<JobEvent> all = stream(prefix);
        int half = all.size() / 2;
        TestEvents.send(all.subList(0, half));
        await().atMost(Duration.ofSeconds(30)).until(() -> stored(prefix) > 0);
        StackTestResource.restartPostgres();
        TestEvents.send(all.subList(half, all.size()));
        TestEvents.send(all.subList(half - 20, half + 20));      // and a redelivered stretch across the restart
        await().atMost(Duration.ofSeconds(60)).until(() -> stored(prefix) == all.size());
        assertComplete(prefix);
    }

    @Test
    void aLongerOutageMakesReadinessDownAndTheEventsWait() throws Exception {
        String prefix = TestEvents.uid("pgoutage");
        List<JobEvent> all = stream(prefix);
        TestEvents.send(all.subList(0, 10));
        await().atMost(Duration.ofSeconds(30)).until(() -> stored(prefix) == 10);
        StackTestResource.stopPostgres();
        try {
            TestEvents.send(all.subList(10, all.size()));
            await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 503);
            given().get("/q/health/ready").then().body(containsString("results-ingest"));
        } finally {
            StackTestResource.startPostgres();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> stored(prefix) == all.size());
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        assertComplete(prefix);
        assertEquals(0, StackTestResource.consumeUntil(dev.spacetime.contracts.Topics.JOB_EVENTS_DEAD_LETTER,
                rs -> true, Duration.ofSeconds(5)).stream().filter(r -> r.key() != null && r.key().startsWith(prefix))
                .count(), "no good event was dead-lettered");
    }

    private static List<JobEvent> stream(String prefix) {
        List<JobEvent> all = new ArrayList<>();
        for (int j = 0; j < JOBS; j++) {
            String job = prefix + "-" + j;
            all.addAll(TestEvents.run(job, prefix, attributes("mlp", "mnist", j, prefix), EPOCHS,
                    Map.of("test_accuracy", 0.9 + j / 1000.0, "params", 1000.0, "train_seconds", 1.0)));
        }
        // Interleave the jobs the way concurrent trainers would.
        List<JobEvent> interleaved = new ArrayList<>();
        for (int i = 0; i < EVENTS_PER_JOB; i++) {
            for (int j = 0; j < JOBS; j++) {
                interleaved.add(all.get(j * EVENTS_PER_JOB + i));
            }
        }
        return interleaved;
    }

    private static long stored(String prefix) {
        try {
            return TestEvents.count("SELECT count(*) FROM results.job_events WHERE job_id LIKE ?", prefix + "-%");
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }

    private static void assertComplete(String prefix) throws Exception {
        assertEquals((long) JOBS * EVENTS_PER_JOB, stored(prefix));
        assertEquals((long) JOBS, TestEvents.count("SELECT count(*) FROM results.jobs WHERE job_id LIKE ? "
                + "AND status = 'COMPLETED'", prefix + "-%"));
        assertEquals((long) JOBS * EPOCHS * 4, TestEvents.count("SELECT count(*) FROM results.epoch_metrics "
                + "WHERE job_id LIKE ?", prefix + "-%"));
        assertEquals((long) JOBS, TestEvents.count("SELECT count(*) FROM results.run_results WHERE job_id LIKE ?",
                prefix + "-%"));
    }
}
