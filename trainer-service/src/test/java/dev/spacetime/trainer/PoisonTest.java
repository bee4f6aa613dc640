package dev.spacetime.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.contracts.EngineKind;
import dev.spacetime.contracts.JobEvent;
import dev.spacetime.contracts.JobEventType;
import dev.spacetime.contracts.Json;
import dev.spacetime.contracts.SchemaVersion;
import dev.spacetime.contracts.Topics;
import dev.spacetime.contracts.TrainingJob;
import dev.spacetime.stack.StackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * Poison job records: each becomes a FAILED event whose reason names the field, the raw record lands in the
 * dead-letter topic with the reason in a header, and the consumer goes on to the next job.
 */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, initArgs = @ResourceArg(name = "postgres", value = "false"))
class PoisonTest {

    @Test
    void poisonRecordsFailNameTheFieldAndGoToTheDeadLetterTopic() {
        Map<String, String> records = new LinkedHashMap<>();     // key -> raw value
        Map<String, String> expected = new LinkedHashMap<>();    // key -> text the reason must contain
        String malformed = TestJobs.id("bad-json");
        records.put(malformed, "{not json");
        expected.put(malformed, "not a valid TrainingJob");
        add(records, expected, TestJobs.job(TestJobs.id("bad-model"), "resnet", "iris", Map.of(), Map.of()),
                "model 'resnet' is unknown");
        add(records, expected, TestJobs.job(TestJobs.id("bad-lr"), "iris", "iris", Map.of(), Map.of("lr", "-0.1")),
                "hyperparameters.lr");
        add(records, expected, TestJobs.job(TestJobs.id("zero-lr"), "iris", "iris", Map.of(), Map.of("lr", "0")),
                "hyperparameters.lr");
        add(records, expected, TestJobs.job(TestJobs.id("bad-width"), "recursive", "iris", Map.of("width", "0"), Map.of()),
                "modelOptions.width 0 must be a positive integer");
        add(records, expected, TestJobs.job(TestJobs.id("bad-batch"), "iris", "iris", Map.of(), Map.of("batch", "0")),
                "hyperparameters.batch");
        add(records, expected, TestJobs.job(TestJobs.id("bad-epochs"), "iris", "iris", Map.of(), Map.of("epochs", "0")),
                "hyperparameters.epochs");
        add(records, expected, TestJobs.job(TestJobs.id("bad-opt"), "iris", "iris", Map.of(), Map.of("optimizer", "rmsprop")),
                "unknown optimizer 'rmsprop'");
        add(records, expected, TestJobs.job(TestJobs.id("no-data"), "iris", null, Map.of(), Map.of()),
                "dataset is missing");
        add(records, expected, TestJobs.deep(TestJobs.id("deep-no-layers"), Map.of(), Map.of("steps", "5")),
                "modelOptions.layers is missing");
        add(records, expected, TestJobs.deep(TestJobs.id("deep-layers"), Map.of("layers", "0"), Map.of("steps", "5")),
                "modelOptions.layers 0 must be an integer ≥ 1");
        add(records, expected, TestJobs.deep(TestJobs.id("deep-width"), Map.of("layers", "10", "width", "0"),
                Map.of("steps", "5")), "modelOptions.width 0 must be an integer in [2, 64]");
        add(records, expected, TestJobs.deep(TestJobs.id("deep-act"), Map.of("layers", "10", "activation", "sigmoid"),
                Map.of("steps", "5")), "modelOptions.activation 'sigmoid' is not one the deep stack takes");
        add(records, expected, TestJobs.deep(TestJobs.id("deep-disk"), Map.of("layers", "1000000000000", "width", "64"),
                Map.of("steps", "5")), "modelOptions.layers 1000000000000: the planner refuses the job: not enough disk");
        add(records, expected, new TrainingJob(SchemaVersion.CURRENT, TestJobs.id("deep-engine-model"), null,
                EngineKind.CHUNKED_DISK, "iris", "iris", Map.of(), Map.of(), 1, null, Instant.now()),
                "model 'iris' is not one engine chunked-disk trains");

        records.forEach((key, value) -> StackTestResource.produce(Topics.JOBS, key, value));
        String good = TestJobs.id("after-poison");
        TestJobs.produce(TestJobs.iris(good, 2));

        for (Map.Entry<String, String> e : expected.entrySet()) {
            List<JobEvent> events = TestJobs.awaitFinal(e.getKey());
            JobEvent failed = events.getLast();
            assertEquals(JobEventType.FAILED, failed.type(), events.toString());
            assertTrue(failed.reason().contains(e.getValue()), e.getKey() + ": " + failed.reason());
            ConsumerRecord<String, String> dead = StackTestResource.awaitRecord(Topics.JOBS_DEAD_LETTER,
                    r -> e.getKey().equals(r.key()), TestJobs.TIMEOUT);
            assertEquals(records.get(e.getKey()), dead.value(), "the raw record is dead-lettered");
            Header reason = dead.headers().lastHeader("dead-letter-reason");
            assertNotNull(reason, "reason header on " + e.getKey());
            assertTrue(new String(reason.value(), StandardCharsets.UTF_8).contains(e.getValue()),
                    new String(reason.value(), StandardCharsets.UTF_8));
        }
        assertEquals(JobEventType.COMPLETED, TestJobs.awaitFinal(good).getLast().type(), "the consumer went on");
    }

    private static void add(Map<String, String> records, Map<String, String> expected, TrainingJob job, String reason) {
        records.put(job.jobId(), Json.write(job));
        expected.put(job.jobId(), reason);
    }
}
