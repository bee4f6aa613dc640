package dev.spacetime.results;

import static dev.spacetime.results.TestEvents.attributes;
import static dev.spacetime.results.TestEvents.rows;
import static dev.spacetime.results.TestEvents.value;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.contracts.JobEvent;
import dev.spacetime.contracts.JobEventType;
import dev.spacetime.contracts.Json;
import dev.spacetime.contracts.ModelPublished;
import dev.spacetime.contracts.ModelRetired;
import dev.spacetime.contracts.ModelTopicRecord;
import dev.spacetime.contracts.Topics;
import dev.spacetime.stack.StackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** Kafka → PostgreSQL on the real broker and database: rows, idempotence, resumed jobs, poison, models. */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class IngestTest {

    static {
        // Numbers as doubles, not floats: the statistics are compared to 1e-9.
        io.restassured.RestAssured.config = io.restassured.RestAssured.config().jsonConfig(
                io.restassured.config.JsonConfig.jsonConfig().numberReturnType(
                        io.restassured.path.json.config.JsonPathConfig.NumberReturnType.DOUBLE));
    }

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aRunBecomesRowsASummaryAndCurves() throws Exception {
        String job = TestEvents.uid("happy");
        String sweep = TestEvents.uid("sweep");
        Map<String, String> attrs = attributes("recursive", "mnist", 3, sweep, "depth", "4", "lr", "0.002", "epochs", "3");
        TestEvents.send(TestEvents.run(job, sweep, attrs, 3, Map.of("test_accuracy", 0.975, "test_loss", 0.08,
                "params", 78775.0, "train_seconds", 12.5, "inference_p50_us", 31.0, "inference_p99_us", 55.0,
                "peak_rss_bytes", 2.5e8, "peak_heap_bytes", 1.2e8)));

        // Batches may commit in any order: wait for all of the run.
        await().atMost(WAIT).until(() -> rows("run_results", job) == 1 && rows("job_events", job) == 6);
        assertEquals(12, rows("epoch_metrics", job), "3 epochs × 4 metrics");
        assertEquals(0, rows("step_metrics", job), "epoch-end reports are epoch points, not step points");
        assertEquals("COMPLETED", value("SELECT status FROM results.jobs WHERE job_id = ?", job));
        assertEquals(sweep, value("SELECT sweep_id FROM results.jobs WHERE job_id = ?", job));
        assertEquals(3L, value("SELECT seed FROM results.jobs WHERE job_id = ?", job));
        assertEquals("recursive dataset=mnist depth=4 engine=simd epochs=3 lr=0.002",
                value("SELECT config FROM results.jobs WHERE job_id = ?", job));
        assertEquals("0.002", value("SELECT hyperparameters->>'lr' FROM results.jobs WHERE job_id = ?", job));
        assertEquals(78775L, value("SELECT params FROM results.run_summary WHERE job_id = ?", job));
        assertEquals(0.5, (Double) value("SELECT epoch_seconds_mean FROM results.run_results WHERE job_id = ?", job),
                1e-12, "mean of the epochs' rows when COMPLETED carries none");
        assertEquals(0.975 * 100 / 78.775, (Double) value(
                "SELECT accuracy_per_1k_params FROM results.run_results WHERE job_id = ?", job), 1e-9);
        assertNotNull(value("SELECT started_at FROM results.jobs WHERE job_id = ?", job));
        assertEquals(Instant.parse("2026-11-23T12:00:00.600Z"), ((java.sql.Timestamp) value(
                "SELECT finished_at FROM results.jobs WHERE job_id = ?", job)).toInstant());

        given().get("/runs/" + job).then().statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("model", equalTo("recursive"))
                .body("attributes.depth", equalTo("4"))
                .body("results.test_accuracy", equalTo(0.975))
                .body("events", hasSize(6))
                .body("events.type", contains("ACCEPTED", "STARTED", "PROGRESS", "PROGRESS", "PROGRESS", "COMPLETED"))
                .body("curves.val_accuracy.x", contains(1, 2, 3))
                .body("curves.train_loss", hasSize(3));
    }

    @Test
    void stepReportsBecomeStepPoints() {
        String job = TestEvents.uid("steps");
        Map<String, String> attrs = attributes("deep", "mnist", 1, null, "engine", "chunked-disk", "steps", "300");
        TestEvents.send(TestEvents.accepted(job, null, attrs),
                TestEvents.event(job, null, 2, JobEventType.PROGRESS, null, 100L, Map.of("train_loss", 2.0), null, null),
                TestEvents.event(job, null, 3, JobEventType.PROGRESS, null, 200L, Map.of("train_loss", 1.5), null, null),
                TestEvents.event(job, null, 4, JobEventType.PROGRESS, 1, 250L, Map.of("train_loss", 1.2), null, null));
        await().atMost(WAIT).until(() -> rows("job_events", job) == 4);
        assertEquals(3, rows("step_metrics", job));
        assertEquals(0, rows("epoch_metrics", job));
        given().get("/runs/" + job).then().statusCode(200)
                .body("step_curves.train_loss.x", contains(100, 200, 250))
                .body("step_curves.train_loss.value", contains(2.0, 1.5, 1.2));
    }

    @Test
    void aRedeliveredEventIsStoredOnce() {
        String job = TestEvents.uid("dup");
        List<JobEvent> run = TestEvents.run(job, null, attributes("xor", "xor", 1, null), 2, Map.of("test_accuracy", 1.0));
        double before = duplicates();
        TestEvents.send(run);
        TestEvents.send(run);                                 // the whole run again: a redelivery after a crash
        TestEvents.send(run.get(2), run.get(2), run.get(0));  // and single events twice in one batch
        // 5 + 3 redelivered events seen and dropped (batches may be written in any order: wait for the count).
        await().atMost(WAIT).until(() -> duplicates() >= before + 8 && rows("run_results", job) == 1);
        assertEquals(5, rows("job_events", job));
        assertEquals(8, rows("epoch_metrics", job));
        assertEquals(1, rows("jobs", job));
        assertEquals(1, rows("run_results", job));
    }

    /** The service's count of redelivered events it dropped. */
    static double duplicates() {
        return given().get("/q/metrics").asString().lines()
                .filter(l -> l.startsWith("spacetime_results_events_duplicates_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void aResumedJobsReEmittedEpochsReplaceTheOldValuesAndNotTheOtherWayRound() throws Exception {
        String job = TestEvents.uid("resume");
        TestEvents.send(TestEvents.accepted(job, null, attributes("mlp", "iris", 5, null)),
                TestEvents.progress(job, null, 2, 1, 0.9, 0.6),
                TestEvents.progress(job, null, 3, 2, 0.8, 0.7),
                // crash after the checkpoint of epoch 1; the resumed job redoes epoch 2 with new sequence numbers
                TestEvents.event(job, null, 4, JobEventType.STARTED, null, null, Map.of(), null,
                        attributes("mlp", "iris", 5, null)),
                TestEvents.progress(job, null, 5, 2, 0.75, 0.72));
        await().atMost(WAIT).until(() -> rows("job_events", job) == 5);
        assertEquals(0.72, (Double) value("SELECT value FROM results.epoch_metrics WHERE job_id = ? AND epoch = 2 "
                + "AND metric = 'val_accuracy'", job), 1e-12);
        assertEquals(5L, value("SELECT seq FROM results.epoch_metrics WHERE job_id = ? AND epoch = 2 "
                + "AND metric = 'val_accuracy'", job));
        TestEvents.send(TestEvents.progress(job, null, 3, 2, 0.8, 0.7));   // the old one, redelivered late
        TestEvents.send(TestEvents.completed(job, null, 6, Map.of("test_accuracy", 0.9)));
        await().atMost(WAIT).until(() -> rows("run_results", job) == 1);
        assertEquals(0.72, (Double) value("SELECT value FROM results.epoch_metrics WHERE job_id = ? AND epoch = 2 "
                + "AND metric = 'val_accuracy'", job), 1e-12);
        assertEquals("COMPLETED", value("SELECT status FROM results.jobs WHERE job_id = ?", job));
    }

    @Test
    void aFinalStatusIsNotUndoneByALateProgressEvent() throws Exception {
        String job = TestEvents.uid("late");
        TestEvents.send(TestEvents.accepted(job, null, attributes("mlp", "iris", 1, null)),
                TestEvents.event(job, null, 3, JobEventType.CANCELLED, null, null, Map.of(), "cancelled by user alice", null));
        await().atMost(WAIT).until(() -> rows("job_events", job) == 2);
        TestEvents.send(TestEvents.progress(job, null, 2, 1, 0.5, 0.5));
        await().atMost(WAIT).until(() -> rows("job_events", job) == 3);
        assertEquals("CANCELLED", value("SELECT status FROM results.jobs WHERE job_id = ?", job));
        assertEquals("cancelled by user alice", value("SELECT reason FROM results.jobs WHERE job_id = ?", job));
    }

    @Test
    void poisonGoesToTheDeadLetterTopicAndTheNextGoodEventIsStored() {
        String bad = TestEvents.uid("poison");
        String noJob = TestEvents.uid("nojob");
        String good = TestEvents.uid("after-poison");
        StackTestResource.produce(Topics.JOB_EVENTS, bad, "{not json");
        StackTestResource.produce(Topics.JOB_EVENTS, noJob, "{\"schemaVersion\":1,\"sequence\":1,\"type\":\"ACCEPTED\","
                + "\"at\":\"2026-11-23T12:00:00Z\"}");
        TestEvents.send(TestEvents.accepted(good, null, attributes("xor", "xor", 1, null)));

        ConsumerRecord<String, String> dlq = StackTestResource.awaitRecord(Topics.JOB_EVENTS_DEAD_LETTER,
                r -> bad.equals(r.key()), WAIT);
        assertEquals("{not json", dlq.value());
        String reason = header(dlq, "dead-letter-reason");
        assertTrue(reason.startsWith("not a valid JobEvent"), reason);
        String reason2 = header(StackTestResource.awaitRecord(Topics.JOB_EVENTS_DEAD_LETTER,
                r -> noJob.equals(r.key()), WAIT), "dead-letter-reason");
        assertTrue(reason2.contains("jobId is missing"), reason2);
        await().atMost(WAIT).until(() -> rows("jobs", good) == 1);
    }

    @Test
    void modelVersionsLandInTheRegistryOnce() {
        String name = TestEvents.uid("model");
        ModelPublished v1 = new ModelPublished(1, name, 1, "job-x", Map.of("kind", "recursive", "depth", "4"),
                name + "/1/model.stm", "ab".repeat(32), 315412, Map.of("test_accuracy", 0.97), Instant.now());
        ModelPublished v2 = new ModelPublished(1, name, 2, "job-y", Map.of("kind", "recursive", "depth", "4"),
                name + "/2/model.stm", "cd".repeat(32), 315412, Map.of("test_accuracy", 0.98), Instant.now());
        StackTestResource.produce(Topics.MODELS, name, Json.write(v1));
        StackTestResource.produce(Topics.MODELS, name, Json.write(v1));
        StackTestResource.produce(Topics.MODELS, name, "{\"schemaVersion\":1,\"modelName\":\"" + name + "\",\"version\":0}");
        StackTestResource.produce(Topics.MODELS, name, Json.write(v2));
        await().atMost(WAIT).until(() -> TestEvents.count("SELECT count(*) FROM results.models WHERE model_name = ?",
                name) == 2);
        given().get("/models/" + name).then().statusCode(200)
                .body("versions.version", contains(1, 2))
                .body("versions[1].artifact_uri", equalTo(name + "/2/model.stm"))
                .body("versions[1].metrics.test_accuracy", equalTo(0.98))
                .body("versions[0].architecture.depth", equalTo("4"));
        given().get("/models").then().statusCode(200);
        String reason = header(StackTestResource.awaitRecord(Topics.JOB_EVENTS_DEAD_LETTER,
                r -> name.equals(r.key()), WAIT), "dead-letter-reason");
        assertTrue(reason.startsWith("not a valid ModelPublished"), reason);
        given().get("/models/" + TestEvents.uid("nope")).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void aRetirementMarksTheVersionRetiredForGood() {
        String name = TestEvents.uid("retired-model");
        Map<String, String> retiredType = Map.of(ModelTopicRecord.HEADER, ModelTopicRecord.RETIRED.wire());
        ModelPublished v1 = new ModelPublished(1, name, 1, "job-r1", Map.of("kind", "iris"), name + "/1/model.stm",
                "ab".repeat(32), 1000, Map.of(), Instant.now());
        ModelPublished v2 = new ModelPublished(1, name, 2, "job-r2", Map.of("kind", "iris"), name + "/2/model.stm",
                "cd".repeat(32), 1000, Map.of(), Instant.now());
        Instant retiredAt = Instant.parse("2026-11-23T12:05:00Z");
        String retire2 = Json.write(new ModelRetired(1, name, 2, "retired through DELETE /v1/models/" + name + "/2",
                "inference-a", retiredAt));
        StackTestResource.produce(Topics.MODELS, name, Json.write(v1));
        StackTestResource.produce(Topics.MODELS, name, Json.write(v2));
        StackTestResource.produce(Topics.MODELS, name, retire2, retiredType);
        // Redelivered, the retirement keeps its first time; a repeated announcement does not bring the version back.
        StackTestResource.produce(Topics.MODELS, name, Json.write(new ModelRetired(1, name, 2, "again", "inference-b",
                retiredAt.plusSeconds(60))), retiredType);
        StackTestResource.produce(Topics.MODELS, name, Json.write(v2));
        // Neither a retirement of a version never announced nor a poison retirement creates a row.
        StackTestResource.produce(Topics.MODELS, name, Json.write(new ModelRetired(1, name, 7, "no such version",
                "inference-a", retiredAt)), retiredType);
        StackTestResource.produce(Topics.MODELS, name, "{\"schemaVersion\":1,\"version\":1}", retiredType);
        StackTestResource.produce(Topics.MODELS, name + "-type", Json.write(v1), Map.of(ModelTopicRecord.HEADER, "ModelDeleted"));
        // The last record: once it is stored, every record above has been processed (one partition, in order).
        ModelPublished v3 = new ModelPublished(1, name, 3, "job-r3", Map.of("kind", "iris"), name + "/3/model.stm",
                "ef".repeat(32), 1000, Map.of(), Instant.now());
        StackTestResource.produce(Topics.MODELS, name, Json.write(v3));
        await().atMost(WAIT).until(() -> TestEvents.count("SELECT count(*) FROM results.models WHERE model_name = ?",
                name) == 3);

        given().get("/models/" + name).then().statusCode(200)
                .body("versions.version", contains(1, 2, 3))
                .body("versions.status", contains("PUBLISHED", "RETIRED", "PUBLISHED"))
                .body("versions[1].retired_at", equalTo("2026-11-23T12:05:00Z"))
                .body("versions[1].retired_reason", equalTo("retired through DELETE /v1/models/" + name + "/2"))
                .body("versions[0].retired_at", equalTo(null));
        given().get("/models").then().statusCode(200)
                .body("models.find { it.name == '" + name + "' }.latest.status", equalTo("PUBLISHED"));
        String reason = header(StackTestResource.awaitRecord(Topics.JOB_EVENTS_DEAD_LETTER,
                r -> name.equals(r.key()) && r.value().equals("{\"schemaVersion\":1,\"version\":1}"), WAIT),
                "dead-letter-reason");
        assertTrue(reason.contains("not a valid ModelRetired: modelName is missing"), reason);
        reason = header(StackTestResource.awaitRecord(Topics.JOB_EVENTS_DEAD_LETTER,
                r -> (name + "-type").equals(r.key()), WAIT), "dead-letter-reason");
        assertTrue(reason.contains("'ModelDeleted' names no record type"), reason);
    }

    static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        assertNotNull(h, "header " + name + " on " + r);
        return new String(h.value(), StandardCharsets.UTF_8);
    }
}
